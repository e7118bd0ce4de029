/**
 * Steps of the recording life-cycle suite (recordings.e2e.test.ts): a workflow around one Plivo
 * Recording node that a test runs through a core Webhook, the editor's list search of a resource
 * locator (Conference Name, Call, Multi-Party Call), and reading what a node did in an execution.
 */
import { randomUUID } from 'node:crypto';

import type { N8n } from '../../tools/n8n';
import { webhookNode } from '../../tools/workflows';
import type { Execution, Item } from './steps';
import { PACKAGE } from './workflows';

type Credential = { id: string; name: string };

export const ACTION_NAME = 'Plivo Recording';

/**
 * Webhook (answers with the last node's items) → one Plivo Recording node with `parameters`,
 * whose expressions read the posted body (`$json.body.<field>`).
 */
export function actionWorkflow(
	credential: Credential,
	parameters: Record<string, unknown>,
	options: { continueOnFail?: boolean } = {},
) {
	const path = `action-${randomUUID()}`;
	return {
		path,
		workflow: {
			name: `${String(parameters.resource ?? 'conference')} ${String(parameters.operation)} ${path.slice(7, 15)}`,
			nodes: [
				webhookNode(path, { responseMode: 'lastNode', responseData: 'allEntries' }),
				{
					id: randomUUID(),
					name: ACTION_NAME,
					type: `${PACKAGE}.plivoRecording`,
					typeVersion: 1,
					position: [220, 0],
					parameters,
					credentials: { plivoRecordingApi: credential },
					...(options.continueOnFail ? { onError: 'continueRegularOutput' } : {}),
				},
			],
			connections: { Webhook: { main: [[{ node: ACTION_NAME, type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		},
	};
}

/** POSTs `body` to a workflow's webhook; its answer (the last node's items, or n8n's error). */
export async function postWebhook(
	url: string,
	body: Record<string, unknown> = {},
): Promise<{ status: number; items: Item[]; text: string }> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	const text = await response.text();
	let parsed: unknown = [];
	try {
		parsed = text ? JSON.parse(text) : [];
	} catch {
		parsed = [];
	}
	return { status: response.status, items: Array.isArray(parsed) ? parsed : [parsed as Item], text };
}

/** What a node output in an execution (its first run): JSON and binary metadata of each item. */
export function nodeItems(
	execution: Execution,
	nodeName: string,
): Array<{ json: Item; binary?: Record<string, Item> }> {
	const runs = execution.data.resultData.runData[nodeName];
	return runs ? runs[0].data.main[0] : [];
}

/** A resource locator's From List: the node parameter it fills and the list search method behind it. */
export interface ListLocator {
	resource: string;
	operation: string;
	parameter: string;
	methodName: string;
}

export const CONFERENCE_LIST: ListLocator = {
	resource: 'conference',
	operation: 'startRecording',
	parameter: 'conferenceName',
	methodName: 'searchLiveConferences',
};
export const CALL_LIST: ListLocator = {
	resource: 'call',
	operation: 'startRecording',
	parameter: 'callUuid',
	methodName: 'searchLiveCalls',
};
export const MULTI_PARTY_CALL_LIST: ListLocator = {
	resource: 'multiPartyCall',
	operation: 'startRecording',
	parameter: 'mpc',
	methodName: 'searchMultiPartyCalls',
};

export const MASKING_SESSION_LIST: ListLocator = {
	resource: 'maskingSession',
	operation: 'enableRecording',
	parameter: 'sessionUuid',
	methodName: 'searchMaskingSessions',
};

/**
 * The editor's call when a user opens a resource locator's From List (and types `filter`): n8n
 * runs the node's list search with the credential on the server.
 */
export async function searchList(
	n8n: N8n,
	credential: Credential,
	locator: ListLocator,
	filter?: string,
): Promise<{ results: Array<Item & { name: string; value: string }> }> {
	return await n8n.rest('POST', '/dynamic-node-parameters/resource-locator-results', {
		path: `parameters.${locator.parameter}`,
		nodeTypeAndVersion: { name: `${PACKAGE}.plivoRecording`, version: 1 },
		methodName: locator.methodName,
		currentNodeParameters: {
			resource: locator.resource,
			operation: locator.operation,
			[locator.parameter]: { __rl: true, mode: 'list', value: '' },
		},
		credentials: { plivoRecordingApi: { id: credential.id, name: credential.name } },
		...(filter === undefined ? {} : { filter }),
	});
}

/** Conference Name's From List: the live conferences. */
export const searchLiveConferences = (n8n: N8n, credential: Credential, filter?: string) =>
	searchList(n8n, credential, CONFERENCE_LIST, filter);
