// @ts-check
'use strict';
/**
 * The workflows in examples/ as a user imports them: the credential they name is swapped for a
 * real one, and the recording workflow's Callback / Transcription URL for the production URL of
 * the imported callback workflow. Used by `npm start`, the browser test, the recordings suite
 * and the screenshots. Only Node built-ins.
 */
const fs = require('node:fs');
const path = require('node:path');

const EXAMPLES_DIR = path.resolve(__dirname, '..', '..', 'examples');
const PACKAGE = 'n8n-nodes-plivo-recording';
const CREDENTIAL_TYPE = 'plivoRecordingApi';
const TRIGGER_TYPE = `${PACKAGE}.plivoRecordingTrigger`;
const ACTION_TYPE = `${PACKAGE}.plivoRecording`;
const CALLBACK_FILE = 'react-to-finished-recording.json';
const RECORD_FILE = 'record-conference-on-demand.json';
const WAIT_FILE = 'record-and-wait-for-recording.json';
const ARCHIVE_FILE = 'archive-and-delete-recordings.json';
const PCI_FILE = 'keep-card-numbers-out-of-recording.json';
const EVERY_RECORDING_ONCE_FILE = 'every-recording-once.json';
const ASK_FILE = 'ask-about-your-calls.json';
// The agent example's chat model needs an OpenAI (or OpenAI-compatible) credential of the user's.
const OPENAI_CREDENTIAL_TYPE = 'openAiApi';
const OPENAI_CREDENTIAL_NAME = 'OpenAI (add your API key)';

/** @typedef {import('../n8n').N8n} N8n */
/** @typedef {{ id: string, name: string }} CredentialRef */
/** @typedef {{ name: string, nodes: any[], connections: Record<string, any>, settings?: Record<string, any>, [key: string]: any }} ExampleWorkflow */
/**
 * @typedef {{ id: string, name: string, file: string, created: boolean, active: boolean, nodes: string[] }} ImportedWorkflow
 *   nodes: names of the nodes drawn on the canvas (sticky notes left out)
 */

/** @param {string} file @returns {ExampleWorkflow} */
function loadExample(file) {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
}

/** Every example file name, sorted. */
function exampleFiles() {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort();
}

/**
 * A copy whose Plivo nodes use `credential`, and whose other nodes use the credential `others`
 * names for their type (the agent example's chat model: openAiApi).
 * @param {ExampleWorkflow} workflow @param {CredentialRef} credential
 * @param {Record<string, CredentialRef>} [others]
 */
function withCredential(workflow, credential, others = {}) {
	const copy = structuredClone(workflow);
	/** @type {Record<string, CredentialRef>} */
	const byType = { ...others, [CREDENTIAL_TYPE]: credential };
	for (const node of copy.nodes) {
		for (const type of Object.keys(node.credentials ?? {})) {
			const chosen = byType[type];
			if (chosen) node.credentials[type] = { id: chosen.id, name: chosen.name };
		}
	}
	return copy;
}

/** @param {ExampleWorkflow} workflow */
function callbackTrigger(workflow) {
	const trigger = workflow.nodes.find((node) => node.type === TRIGGER_TYPE);
	if (!trigger?.webhookId) throw new Error(`${workflow.name}: no ${TRIGGER_TYPE} node with a webhookId`);
	return trigger;
}

/**
 * A copy whose Start Conference Recording nodes call `callbackUrl` back (Callback URL and
 * Transcription URL).
 * @param {ExampleWorkflow} workflow @param {string} callbackUrl
 */
function withCallbackUrl(workflow, callbackUrl) {
	const copy = structuredClone(workflow);
	for (const node of copy.nodes) {
		if (node.type !== ACTION_TYPE || node.parameters?.operation !== 'startRecording') continue;
		node.parameters.callbackUrl = callbackUrl;
		if ('transcriptionUrl' in node.parameters) node.parameters.transcriptionUrl = callbackUrl;
	}
	return copy;
}

/**
 * The workflow n8n already has for an example, if any (archived ones left out): the one of the
 * same name, or, for the callback example, the one whose trigger has the example's webhook id
 * (a renamed copy: a second one could not be activated, its production URL being taken).
 * @param {N8n} n8n @param {ExampleWorkflow} example
 */
async function findImported(n8n, example) {
	const webhookIds = new Set(example.nodes.filter((node) => node.type === TRIGGER_TYPE).map((node) => node.webhookId));
	/** @type {any[]} */
	const all = [];
	let cursor = '';
	do {
		const page = await n8n.api('GET', `/workflows?limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
		all.push(...page.data);
		cursor = page.nextCursor ?? '';
	} while (cursor);
	const live = all.filter((workflow) => !workflow.isArchived);
	return (
		live.find((workflow) => workflow.name === example.name) ??
		live.find((workflow) =>
			workflow.nodes.some((/** @type {any} */ node) => node.type === TRIGGER_TYPE && webhookIds.has(node.webhookId)),
		)
	);
}

/**
 * Imports the examples through the public API (needs createApiKey()), unless n8n already has
 * them (findImported; then they are kept as the user left them), and activates the callback
 * workflow and the card-number one (its Agent desktop webhook pauses and resumes a Multi-Party
 * Call's recording). The recording workflow calls back the callback workflow's production URL.
 * The archive workflow is left inactive: it deletes recordings from Plivo, so a user turns it on.
 * The agent example's chat model uses `openAi` (left inactive: it needs the user's API key).
 * @param {N8n} n8n
 * @param {CredentialRef} credential
 * @param {{ activate?: boolean, openAi?: CredentialRef }} [options]
 * @returns {Promise<{ callback: ImportedWorkflow & { productionUrl: string, testUrl: string }, record: ImportedWorkflow, wait: ImportedWorkflow, archive: ImportedWorkflow, pci: ImportedWorkflow, once: ImportedWorkflow, ask: ImportedWorkflow }>}
 */
async function importExamples(n8n, credential, { activate = true, openAi } = {}) {
	/**
	 * @param {string} file @param {(workflow: ExampleWorkflow) => ExampleWorkflow} patch
	 * @returns {Promise<ImportedWorkflow & { stored: any }>}
	 */
	async function ensure(file, patch) {
		const example = loadExample(file);
		const existing = await findImported(n8n, example);
		const stored = existing
			? await n8n.api('GET', `/workflows/${existing.id}`)
			: await n8n.createWorkflow(
					/** @type {any} */ (
						patch(withCredential(example, credential, openAi ? { [OPENAI_CREDENTIAL_TYPE]: openAi } : {}))
					),
				);
		return {
			id: stored.id,
			name: stored.name,
			file,
			created: !existing,
			active: !!stored.active,
			nodes: stored.nodes
				.filter((/** @type {any} */ node) => node.type !== 'n8n-nodes-base.stickyNote')
				.map((/** @type {any} */ node) => node.name),
			stored,
		};
	}

	const { stored: callbackStored, ...callback } = await ensure(CALLBACK_FILE, (workflow) => workflow);
	// As stored (a kept workflow may have been edited): the URL is the trigger's webhook id.
	const webhookPath = `${callbackTrigger(callbackStored).webhookId}/webhook`;
	const productionUrl = n8n.webhookUrl(webhookPath);
	if (activate && !callback.active) {
		await n8n.activateWorkflow(callback.id);
		callback.active = true;
	}
	const { stored: _record, ...record } = await ensure(RECORD_FILE, (workflow) =>
		withCallbackUrl(workflow, productionUrl),
	);
	const { stored: _wait, ...wait } = await ensure(WAIT_FILE, (workflow) => workflow);
	const { stored: _archive, ...archive } = await ensure(ARCHIVE_FILE, (workflow) => workflow);
	const { stored: _pci, ...pci } = await ensure(PCI_FILE, (workflow) => workflow);
	// Left inactive: it saves files and polls the account, so a user turns it on.
	const { stored: _once, ...once } = await ensure(EVERY_RECORDING_ONCE_FILE, (workflow) => workflow);
	const { stored: _ask, ...ask } = await ensure(ASK_FILE, (workflow) => workflow);
	if (activate && !pci.active) {
		await n8n.activateWorkflow(pci.id);
		pci.active = true;
	}
	return {
		callback: { ...callback, productionUrl, testUrl: n8n.webhookTestUrl(webhookPath) },
		record,
		wait,
		archive,
		pci,
		once,
		ask,
	};
}

/**
 * Finds the credential of `type` named `name`, or creates it with `data`.
 * @param {N8n} n8n @param {string} type @param {string} name @param {Record<string, any>} data
 */
async function ensureCredential(n8n, type, name, data) {
	/** @type {Array<{ id: string, name: string, type: string }>} */
	const credentials = await n8n.rest('GET', '/credentials');
	const existing = credentials.find((candidate) => candidate.name === name && candidate.type === type);
	if (existing) return { id: existing.id, name: existing.name, created: false };
	const created = await n8n.createCredential({ name, type, data });
	return { id: created.id, name: created.name, created: true };
}

/**
 * What `npm start`, the browser test and the screenshots set up in an n8n with this package: a
 * Plivo Recording API credential pointing at a fake Plivo (reused if one of that name exists)
 * and the examples, imported with it. Needs setupOwner() and createApiKey().
 * @param {N8n} n8n
 * @param {{ baseUrl: string, authId: string, authToken: string }} fake
 * @param {{ credentialName?: string }} [options]
 */
async function setUpExamples(n8n, fake, { credentialName = 'Plivo (local fake)' } = {}) {
	const credential = await ensureCredential(n8n, CREDENTIAL_TYPE, credentialName, {
		authId: fake.authId,
		authToken: fake.authToken,
		baseUrl: fake.baseUrl,
	});
	// A placeholder the user fills in (Overview → Credentials): the agent example's chat model.
	const openAi = await ensureCredential(n8n, OPENAI_CREDENTIAL_TYPE, OPENAI_CREDENTIAL_NAME, {
		apiKey: 'sk-replace-with-your-key',
	});
	const examples = await importExamples(n8n, credential, { openAi });
	return { credential, openAi, ...examples };
}

/**
 * Waits for the callback example's runs for one recording (the recording callback and the
 * transcription callback, in any order), newest first, and tells them apart by the branch taken.
 * @param {N8n} n8n @param {string} workflowId @param {{ timeoutMs?: number }} [options]
 */
async function waitForCallbackRuns(n8n, workflowId, { timeoutMs = 30_000 } = {}) {
	const executions = await n8n.waitForExecutions(workflowId, 2, { status: 'success', timeoutMs });
	const ran = (/** @type {string} */ node) =>
		executions.find((execution) => execution.data?.resultData?.runData?.[node]);
	const recording = ran('Recording message');
	const transcription = ran('Transcription message');
	if (!recording || !transcription) {
		throw new Error(`"${workflowId}" ran ${executions.length} times, but not once down each branch`);
	}
	/** @param {any} execution @param {string} node */
	const output = (execution, node) => execution.data.resultData.runData[node][0].data.main[0][0].json;
	return {
		executions,
		recording: {
			id: String(recording.id),
			output: output(recording, 'Recording message'),
			trigger: output(recording, 'Plivo Recording Callback'),
		},
		transcription: {
			id: String(transcription.id),
			output: output(transcription, 'Transcription message'),
			trigger: output(transcription, 'Plivo Recording Callback'),
		},
	};
}

module.exports = {
	setUpExamples,
	waitForCallbackRuns,
	EXAMPLES_DIR,
	CALLBACK_FILE,
	RECORD_FILE,
	WAIT_FILE,
	ARCHIVE_FILE,
	PCI_FILE,
	EVERY_RECORDING_ONCE_FILE,
	ASK_FILE,
	CREDENTIAL_TYPE,
	loadExample,
	exampleFiles,
	withCredential,
	withCallbackUrl,
	callbackTrigger,
	importExamples,
};
