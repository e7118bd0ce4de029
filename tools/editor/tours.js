// @ts-check
'use strict';
/**
 * Tours of n8n's editor, one screenshot per stop, on the page object of page.js:
 *   - the package's tour (the README's pictures): the examples with this package's nodes;
 *   - the control tour: the same screens, in the same order, with n8n's own nodes only (Manual
 *     Trigger, Set, Webhook, an HTTP Basic Auth credential). An editor error seen in both is
 *     n8n's own; one seen only with this package is the package's (browser.e2e.test.ts).
 * Used by test/e2e/browser.e2e.test.ts and scripts/screenshots.js.
 */
const { randomUUID } = require('node:crypto');
const path = require('node:path');

const { webhookNode } = require('../workflows');

/** @typedef {import('./page').Editor} Editor */
/**
 * @typedef {{ file: string, text: string, problems: string[], nodes: string[], succeeded: string[] }} Shot
 *   nodes: the canvas's nodes; succeeded: those showing a successful run
 */
/**
 * The screens of a tour, whoever's nodes they show.
 * @typedef {{
 *   owner: { email: string, password: string },
 *   record: { id: string, nodes: string[], panelNode: string },
 *   callback: { id: string, nodes: string[], triggerNode: string },
 *   execution: { id: () => Promise<string>, panelNode: string },
 *   credential: { id: string, field: string, tested: boolean },
 *   more?: Array<{ id: string, nodes: string[], shot: string }>,
 * }} TourStops
 *   record: a workflow run with "Execute workflow", then one node's panel opened;
 *   callback: a workflow with a webhook trigger, whose Test and Production URLs are shown;
 *   execution: a run of the callback workflow (waited for by id()), one node's panel opened;
 *   credential: its modal, `field` its first input, `tested` when it has a connection test;
 *   more: further workflows, each shown on its canvas as `shot`
 */

/**
 * Runs `stops` in the order a user meets them, one screenshot per stop into `dir`:
 *   record-workflow.png         the record workflow, after "Execute workflow" ran it
 *   start-recording-panel.png   its panel node's parameters, with its input and output
 *   callback-workflow.png       the callback workflow
 *   callback-trigger-panel.png  the trigger's parameters and Production URL
 *   callback-execution.png      the callback workflow's run
 *   credential.png              the credential
 *   <more[].shot>               each further workflow
 * Returns what each screen showed (text, problems). On failure a failure.png is left in `dir`.
 * @param {Editor} editor @param {TourStops} stops @param {string} dir
 * @returns {Promise<Record<string, Shot>>}
 */
async function tour(editor, stops, dir) {
	try {
		return await visit(editor, stops, dir);
	} catch (error) {
		// What the browser showed when it went wrong says more than a timeout.
		const file = path.join(dir, 'failure.png');
		await editor.screenshot(file).catch(() => undefined);
		const at = editor.page.url();
		if (error instanceof Error) error.message += `\n(at ${at}; screenshot ${file})`;
		throw error;
	}
}

/**
 * One screenshot per stop into `dir`, with what the screen showed: its text (of `scope`, or
 * the page), the problems on it, the canvas's nodes and those showing a successful run.
 * @param {Editor} editor @param {string} dir
 */
function screenshots(editor, dir) {
	/** @type {Record<string, Shot>} */
	const shots = {};
	/** @param {string} name @param {import('playwright-core').Locator} [scope] */
	const shoot = async (name, scope) => {
		const file = await editor.screenshot(path.join(dir, name));
		shots[name] = {
			file,
			text: await editor.text(scope),
			problems: await editor.problems(),
			nodes: await editor.nodeNames(),
			succeeded: await editor.nodeNames(
				'[data-test-id="canvas-node"]:has([data-test-id="canvas-node-status-success"])',
			),
		};
	};
	return { shots, shoot };
}

/** @param {Editor} editor @param {TourStops} stops @param {string} dir */
async function visit(editor, { owner, record, callback, execution, credential, more = [] }, dir) {
	const { shots, shoot } = screenshots(editor, dir);

	editor.at('sign in');
	await editor.signIn(owner);

	editor.at('record workflow: open and execute');
	await editor.openWorkflow(record.id, record.nodes.length);
	await editor.executeWorkflow();
	await shoot('record-workflow.png');
	editor.at(`record workflow: ${record.panelNode} panel`);
	const startPanel = await editor.openNode(record.panelNode);
	await shoot('start-recording-panel.png', startPanel);
	await editor.closeNode();

	editor.at('callback workflow: open');
	await editor.openWorkflow(callback.id, callback.nodes.length);
	await shoot('callback-workflow.png');
	editor.at(`callback workflow: ${callback.triggerNode} panel`);
	const triggerPanel = await editor.openNode(callback.triggerNode);
	await editor.showWebhookUrls('Test URL');
	const testUrlText = await editor.text(triggerPanel);
	await editor.showWebhookUrls('Production URL');
	await shoot('callback-trigger-panel.png', triggerPanel);
	shots['callback-trigger-panel.png'].text += `\n${testUrlText}`;
	await editor.closeNode();

	editor.at('callback execution: open');
	await editor.openExecution(callback.id, await execution.id(), callback.nodes.length);
	editor.at(`callback execution: ${execution.panelNode} panel`);
	const messagePanel = await editor.openNode(execution.panelNode);
	await shoot('callback-execution.png', messagePanel);
	await editor.closeNode();

	editor.at('credential: open');
	const modal = await editor.openCredential(credential.id, credential);
	await shoot('credential.png', modal);
	await editor.closeModals();

	for (const workflow of more) {
		editor.at(`${workflow.shot}: open`);
		await editor.openWorkflow(workflow.id, workflow.nodes.length);
		await shoot(workflow.shot);
	}
	editor.at('tour done');
	return shots;
}

/**
 * The README's tour over the examples as setUpExamples() imported them.
 * @param {Editor} editor
 * @param {{
 *   owner: { email: string, password: string },
 *   setup: { credential: { id: string }, record: { id: string, nodes: string[] }, callback: { id: string, nodes: string[] }, pci: { id: string, nodes: string[] }, ask: { id: string, nodes: string[] } },
 *   recordingExecutionId: () => Promise<string>,
 * }} options recordingExecutionId: waits for the callback example's run for the recording the tour's run stopped
 * @param {string} dir
 */
async function tourExamples(editor, { owner, setup, recordingExecutionId }, dir) {
	return await tour(
		editor,
		{
			owner,
			record: { ...setup.record, panelNode: 'Start Conference Recording' },
			callback: { ...setup.callback, triggerNode: 'Plivo Recording Callback' },
			execution: { id: recordingExecutionId, panelNode: 'Recording message' },
			credential: { id: setup.credential.id, field: 'authId', tested: true },
			more: [
				{ ...setup.pci, shot: 'card-numbers-workflow.png' },
				{ ...setup.ask, shot: 'ask-about-your-calls.png' },
			],
		},
		dir,
	);
}

/** n8n's Set node writing one field. @param {string} name @param {[number, number]} position */
function setNode(name, position) {
	return {
		id: randomUUID(),
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position,
		parameters: {
			assignments: {
				assignments: [{ id: randomUUID(), name: 'checked', type: 'string', value: 'by the control tour' }],
			},
			options: {},
		},
	};
}

/**
 * The control's workflows and credential, with n8n's own nodes only, in an n8n with an owner
 * and an API key: a manual workflow (Manual Trigger → Set), a published Webhook workflow
 * (Webhook → Set) run once through its production URL, an HTTP Basic Auth credential.
 * @param {import('../n8n').N8n} n8n
 * @returns {Promise<Omit<TourStops, 'owner'>>}
 */
async function setUpControl(n8n) {
	const manual = await n8n.createWorkflow({
		name: 'Control: manual run (n8n nodes only)',
		nodes: [
			{
				id: randomUUID(),
				name: 'Manual',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			setNode('Set', [220, 0]),
		],
		connections: { Manual: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
	});
	const path = `control-${randomUUID()}`;
	const webhook = await n8n.createWorkflow({
		name: 'Control: webhook (n8n nodes only)',
		nodes: [webhookNode(path, { responseMode: 'onReceived' }), setNode('Set', [220, 0])],
		connections: { Webhook: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
	});
	await n8n.activateWorkflow(webhook.id);
	const called = await fetch(n8n.webhookUrl(path), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: '{"hello":"control"}',
	});
	await called.arrayBuffer();
	if (!called.ok) throw new Error(`the control webhook answered ${called.status}`);
	const credential = await n8n.createCredential({
		name: 'Control: Basic Auth',
		type: 'httpBasicAuth',
		data: { user: 'control', password: 'control-password' },
	});
	const agent = await controlAgent(n8n);
	return {
		record: { id: manual.id, nodes: ['Manual', 'Set'], panelNode: 'Set' },
		callback: { id: webhook.id, nodes: ['Webhook', 'Set'], triggerNode: 'Webhook' },
		execution: {
			id: async () => String((await n8n.waitForExecutions(webhook.id, 1, { status: 'success' }))[0].id),
			panelNode: 'Set',
		},
		credential: { id: credential.id, field: 'user', tested: false },
		// The package tour's further canvases, here a canvas of n8n's own nodes.
		more: [
			{ id: webhook.id, nodes: ['Webhook', 'Set'], shot: 'card-numbers-workflow.png' },
			{ id: agent.id, nodes: agent.nodes, shot: 'ask-about-your-calls.png' },
		],
	};
}

/**
 * The control's AI agent canvas, as the agent example's but with n8n's own nodes only: Chat
 * Trigger → AI Agent (version 3) with an OpenAI chat model (a placeholder credential) and n8n's
 * Calculator tool.
 * @param {import('../n8n').N8n} n8n
 */
async function controlAgent(n8n) {
	const openAi = await n8n.createCredential({
		name: 'Control: OpenAI',
		type: 'openAiApi',
		data: { apiKey: 'sk-control' },
	});
	/** @param {string} name @param {string} type @param {number} typeVersion @param {[number, number]} position @param {Record<string, any>} parameters */
	const node = (name, type, typeVersion, position, parameters = {}) => ({
		id: randomUUID(),
		name,
		type,
		typeVersion,
		position,
		parameters,
	});
	const toAgent = (/** @type {string} */ type) => ({ [type]: [[{ node: 'AI Agent', type, index: 0 }]] });
	const nodes = [
		{ ...node('Chat', '@n8n/n8n-nodes-langchain.chatTrigger', 1.3, [0, 0], { options: {} }), webhookId: randomUUID() },
		node('AI Agent', '@n8n/n8n-nodes-langchain.agent', 3, [260, 0], {
			promptType: 'define',
			text: '={{ $json.chatInput }}',
			options: {},
		}),
		{
			...node('Model', '@n8n/n8n-nodes-langchain.lmChatOpenAi', 1.2, [160, 240], {
				model: { __rl: true, mode: 'id', value: 'gpt-4o-mini' },
				options: {},
			}),
			credentials: { openAiApi: { id: openAi.id, name: openAi.name } },
		},
		node('Calculator', '@n8n/n8n-nodes-langchain.toolCalculator', 1, [360, 240]),
	];
	const created = await n8n.createWorkflow({
		name: 'Control: AI agent (n8n nodes only)',
		nodes,
		connections: {
			Chat: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			Model: toAgent('ai_languageModel'),
			Calculator: toAgent('ai_tool'),
		},
	});
	return { id: created.id, nodes: nodes.map((one) => one.name) };
}

/**
 * The recording life cycle's screens (the README's action section), after the six above:
 *   conference-list.png     Start Conference Recording's Conference Name, From List open: the
 *                           conferences live on the account (one picked)
 *   get-many-panel.png      Get Many run from the editor: its filters and the recordings it output
 *   archive-execution.png   the archive example's run for one recording: trigger → download →
 *                           save → delete
 *   download-panel.png      Download in that run: the recording's details and its audio as binary
 * @param {Editor} editor
 * @param {RecordingStops} stops from setUpRecordingTour()
 * @param {string} dir
 * @returns {Promise<Record<string, Shot>>}
 */
async function tourRecordings(editor, { owner, conference, getMany, archive }, dir) {
	const { shots, shoot } = screenshots(editor, dir);
	try {
		editor.at('sign in');
		await editor.signIn(owner);

		editor.at('conference list: open');
		await editor.openWorkflow(conference.id, conference.nodes.length);
		const panel = await editor.openNode(conference.panelNode);
		editor.at('conference list: From List');
		await panel.locator('[data-test-id="rlc-input"]').first().click();
		await editor.page.locator('[data-test-id="rlc-item"]').first().waitFor();
		await shoot('conference-list.png', panel);
		await editor.page.keyboard.press('Escape');
		await editor.closeNode();

		editor.at('get many: open and execute');
		await editor.openWorkflow(getMany.id, getMany.nodes.length);
		await editor.executeWorkflow();
		const getManyPanel = await editor.openNode(getMany.panelNode);
		await shoot('get-many-panel.png', getManyPanel);
		await editor.closeNode();

		editor.at('archive execution: open');
		await editor.openExecution(archive.id, archive.executionId, archive.nodes.length);
		await shoot('archive-execution.png');
		editor.at('archive execution: download panel');
		const downloadPanel = await editor.openNode(archive.panelNode);
		await shoot('download-panel.png', downloadPanel);
		await editor.closeNode();
		editor.at('recordings tour done');
		return shots;
	} catch (error) {
		const file = path.join(dir, 'failure.png');
		await editor.screenshot(file).catch(() => undefined);
		if (error instanceof Error) error.message += `\n(at ${editor.page.url()}; screenshot ${file})`;
		throw error;
	}
}

/**
 * @typedef {{
 *   owner: { email: string, password: string },
 *   conference: { id: string, nodes: string[], panelNode: string },
 *   getMany: { id: string, nodes: string[], panelNode: string },
 *   archive: { id: string, nodes: string[], panelNode: string, executionId: string },
 * }} RecordingStops
 */

/**
 * What tourRecordings() shows, in an n8n set up by setUpExamples() (owner, API key, credential,
 * examples) against the fake Plivo `fake`: two conferences live, six recordings in the account,
 * a workflow to pick a live conference, one that lists recordings, and one run of the archive
 * example (published for it, saving into `archiveDir`, which n8n must be allowed to write:
 * N8N_RESTRICT_FILE_ACCESS_TO on 2.x).
 * @param {import('../n8n').N8n} n8n
 * @param {import('../fakePlivo/types').FakePlivo} fake
 * @param {{ credential: { id: string, name: string }, archive: { id: string, nodes: string[] } }} setup
 * @param {{ owner: { email: string, password: string }, archiveDir: string }} options
 * @returns {Promise<RecordingStops>}
 */
async function setUpRecordingTour(n8n, fake, setup, { owner, archiveDir }) {
	const credential = { plivoRecordingApi: { id: setup.credential.id, name: setup.credential.name } };
	fake.liveConferences = new Set(['Daily Standup', 'Board / Q3 review', 'Support escalation']);
	const now = Date.now();
	[
		'Daily Standup',
		'Board / Q3 review',
		'Daily Standup',
		'Support escalation',
		'Daily Standup',
		'Board / Q3 review',
	].forEach((conferenceName, index) => fake.addRecording({ conferenceName, addedAt: now - (index + 1) * 3_600_000 }));
	const manual = {
		id: randomUUID(),
		name: 'When clicking ‘Execute workflow’',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	/** @param {string} name @param {string} nodeName @param {Record<string, unknown>} parameters */
	const manualWorkflow = async (name, nodeName, parameters) => {
		const created = await n8n.createWorkflow({
			name,
			nodes: [
				{ ...manual, id: randomUUID() },
				{
					id: randomUUID(),
					name: nodeName,
					type: 'n8n-nodes-plivo-recording.plivoRecording',
					typeVersion: 1,
					position: [240, 0],
					parameters,
					credentials: credential,
				},
			],
			connections: { [manual.name]: { main: [[{ node: nodeName, type: 'main', index: 0 }]] } },
		});
		return { id: String(created.id), nodes: [manual.name, nodeName], panelNode: nodeName };
	};
	const conference = await manualWorkflow('Pick a live conference', 'Start Conference Recording', {
		operation: 'startRecording',
		conferenceName: { __rl: true, mode: 'list', value: 'Daily Standup', cachedResultName: 'Daily Standup' },
		fileFormat: 'mp3',
	});
	const getMany = await manualWorkflow('List recordings', 'Get Many Recordings', {
		resource: 'recording',
		operation: 'getAll',
		limit: 5,
		filters: { conferenceName: 'Daily Standup' },
	});

	// The archive example as imported, saving where this n8n may write, published for one run.
	const stored = await n8n.api('GET', `/workflows/${setup.archive.id}`);
	for (const node of stored.nodes) {
		if (node.type === 'n8n-nodes-base.readWriteFile')
			node.parameters.fileName = `=${archiveDir}/{{ $binary.data.fileName }}`;
	}
	await n8n.api('PUT', `/workflows/${setup.archive.id}`, {
		name: stored.name,
		nodes: stored.nodes,
		connections: stored.connections,
		settings: { executionOrder: 'v1' },
	});
	await n8n.activateWorkflow(setup.archive.id);
	const trigger = stored.nodes.find(
		(/** @type {any} */ node) => node.type === 'n8n-nodes-plivo-recording.plivoRecordingTrigger',
	);
	const recording = fake.addRecording({
		conferenceName: 'Daily Standup',
		callbackUrl: n8n.webhookUrl(`${trigger.webhookId}/webhook`),
	});
	await fake.finishRecording(recording.recordingId);
	const [execution] = await n8n.waitForExecutions(setup.archive.id, 1, { status: 'success' });
	return {
		owner,
		conference,
		getMany,
		archive: {
			id: setup.archive.id,
			nodes: setup.archive.nodes,
			panelNode: 'Download recording',
			executionId: String(execution.id),
		},
	};
}

/**
 * The page errors this package causes: those of the package's tour that the control tour,
 * over the same screens with n8n's own nodes, did not also meet (compared by message).
 * @param {import('./page').PageError[]} packageErrors
 * @param {import('./page').PageError[]} controlErrors
 */
function errorsOnlyWithPackage(packageErrors, controlErrors) {
	const seenWithoutPackage = new Set(controlErrors.map((error) => error.message));
	return packageErrors.filter((error) => !seenWithoutPackage.has(error.message));
}

module.exports = { tour, tourExamples, setUpControl, errorsOnlyWithPackage, tourRecordings, setUpRecordingTour };
