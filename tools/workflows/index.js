// @ts-check
'use strict';
/**
 * Workflows to import into a real n8n, the one entry every caller requires (`tools/workflows`):
 * for the end-to-end tests, `npm start`, the screenshots and the benchmarks. Its files:
 * examples.js (the workflows in examples/ as a user imports them, with a real credential and
 * the callback workflow's production URL) and coreNodes.js (n8n's own nodes as the editor saves
 * them).
 */

/** @typedef {import('./examples').ExampleWorkflow} ExampleWorkflow */
/** @typedef {import('./examples').ImportedWorkflow} ImportedWorkflow */
/** @typedef {import('./examples').CredentialRef} CredentialRef */

module.exports = {
	...require('./examples'),
	...require('./coreNodes'),
};
