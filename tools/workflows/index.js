// @ts-check
'use strict';
/**
 * Workflows to import into a real n8n, the one entry every caller requires (`tools/workflows`):
 * for the end-to-end tests, `npm start`, the screenshots and the benchmarks. Its files:
 * examples.js (the workflows in examples/ as a user imports them, with a real credential and
 * the callback workflow's production URL) and coreNodes.js (n8n's own nodes as the editor saves
 * them).
 */
const {
	setUpExamples,
	waitForCallbackRuns,
	EXAMPLES_DIR,
	CALLBACK_FILE,
	RECORD_FILE,
	WAIT_FILE,
	ARCHIVE_FILE,
	CREDENTIAL_TYPE,
	loadExample,
	exampleFiles,
	withCredential,
	withCallbackUrl,
	callbackTrigger,
	importExamples,
} = require('./examples');
const { webhookNode, splitOutNode } = require('./coreNodes');

/** @typedef {import('./examples').ExampleWorkflow} ExampleWorkflow */
/** @typedef {import('./examples').ImportedWorkflow} ImportedWorkflow */
/** @typedef {import('./examples').CredentialRef} CredentialRef */

module.exports = {
	setUpExamples,
	waitForCallbackRuns,
	EXAMPLES_DIR,
	CALLBACK_FILE,
	RECORD_FILE,
	WAIT_FILE,
	ARCHIVE_FILE,
	CREDENTIAL_TYPE,
	loadExample,
	exampleFiles,
	withCredential,
	withCallbackUrl,
	callbackTrigger,
	importExamples,
	webhookNode,
	splitOutNode,
};
