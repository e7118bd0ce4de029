/**
 * Workflow JSON the end-to-end flows import into the real n8n, built as the editor saves it.
 * Node types carry the installed package's name, as in a user's instance.
 */
import { randomUUID } from 'node:crypto';

import { webhookNode, splitOutNode } from '../../tools/workflows';

export const PACKAGE = 'n8n-nodes-plivo-recording';
export const TRIGGER_NAME = 'Plivo Recording Callback';

type Credential = { id: string; name: string };

/** Plivo Recording Callback Trigger → nothing: each callback is one execution to inspect. */
export function callbackWorkflow(credential: Credential, parameters: Record<string, unknown> = {}) {
	const webhookId = randomUUID();
	return {
		webhookId,
		workflow: {
			name: `Recording callbacks ${webhookId.slice(0, 8)}`,
			nodes: [
				{
					id: randomUUID(),
					name: TRIGGER_NAME,
					type: `${PACKAGE}.plivoRecordingTrigger`,
					typeVersion: 2,
					position: [0, 0],
					webhookId,
					parameters: { events: ['recording', 'transcription'], ...parameters },
					credentials: { plivoRecordingApi: credential },
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		},
	};
}

/** The recording and its transcription both reported to `callbackUrl`, each callback retried twice: the suites' whole flow. */
export const recordAndTranscribe = (callbackUrl: string) => ({
	callbackUrl,
	transcribe: true,
	transcriptionUrl: callbackUrl,
	callbackDelivery: { retryCount: 2 },
});

/**
 * Webhook (answers with the last node's items) → Split Out `body.conferences` → Start
 * Conference Recording: POST `{ conferences: [{ name }] }` to run it with one item per name.
 */
export function recordWorkflow(
	credential: Credential,
	recording: Record<string, unknown>,
	options: { continueOnFail?: boolean; respondAtOnce?: boolean } = {},
) {
	const path = `record-${randomUUID()}`;
	return {
		path,
		workflow: {
			name: `Record conferences ${path.slice(7, 15)}`,
			nodes: [
				// A waiting execution has no last node to answer with yet.
				webhookNode(
					path,
					options.respondAtOnce
						? { responseMode: 'onReceived' }
						: { responseMode: 'lastNode', responseData: 'allEntries' },
				),
				splitOutNode('body.conferences'),
				{
					id: randomUUID(),
					name: 'Start Conference Recording',
					type: `${PACKAGE}.plivoRecording`,
					typeVersion: 1,
					position: [440, 0],
					parameters: { operation: 'startRecording', conferenceName: '={{ $json.name }}', ...recording },
					credentials: { plivoRecordingApi: credential },
					...(options.continueOnFail ? { onError: 'continueRegularOutput' } : {}),
				},
			],
			connections: {
				Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
				'Split Out': { main: [[{ node: 'Start Conference Recording', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
		},
	};
}

export const NEW_RECORDING_NAME = 'Plivo New Recording';

/** Plivo New Recording Trigger (polled every minute) → nothing: each poll that emits is one execution to inspect. */
export function newRecordingWorkflow(credential: Credential, parameters: Record<string, unknown> = {}) {
	return {
		name: `New recordings ${randomUUID().slice(0, 8)}`,
		nodes: [
			{
				id: randomUUID(),
				name: NEW_RECORDING_NAME,
				type: `${PACKAGE}.plivoNewRecordingTrigger`,
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, filters: {}, options: {}, ...parameters },
				credentials: { plivoRecordingApi: credential },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}
