/**
 * The Plivo Recording action in a workflow of its own (Manual Trigger → Plivo Recording), run by
 * the engine harness (engine.ts) with one Plivo account, for the engine tests that answer
 * Plivo's HTTP with nock.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runWorkflow } from './engine';

export const AUTH_ID = 'MAXXXXXXXXXXXXXXXXXX';
export const AUTH_TOKEN = 'secret-token-never-shown-0123456789';
export const BASE = 'https://api.plivo.com';
/** The account's path on Plivo's API. */
export const ACCOUNT = `/v1/Account/${AUTH_ID}`;
/** What nock's basicAuth() expects of every request. */
export const BASIC = { user: AUTH_ID, pass: AUTH_TOKEN };

export interface ActionOptions {
	continueOnFail?: boolean;
	/** The node's type as saved: the action (default) or its AI Agent tool, `…plivoRecordingTool`. */
	type?: string;
	/** The node's version as saved (default 1). */
	version?: number;
	/** The workflow's timezone setting. */
	timezone?: string;
	/** The credential's Base URL (its own address also gets its own pacer). */
	baseUrl?: string;
}

export function actionWorkflow(parameters: INodeParameters, options: ActionOptions = {}) {
	return {
		nodes: [
			{
				id: 'manual',
				name: 'Manual',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0] as [number, number],
				parameters: {},
			},
			{
				id: 'plivo',
				name: 'Plivo',
				type: options.type ?? 'n8n-nodes-plivo-recording.plivoRecording',
				typeVersion: options.version ?? 1,
				position: [200, 0] as [number, number],
				parameters,
				credentials: { plivoRecordingApi: { id: '1', name: 'Plivo' } },
				...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			},
		],
		connections: { Manual: { main: [[{ node: 'Plivo', type: 'main' as const, index: 0 }]] } },
		settings: options.timezone ? { timezone: options.timezone } : {},
	};
}

/** Runs the action on `items`; its output is `result.output('Plivo')`. */
export async function runAction(parameters: INodeParameters, items: IDataObject[] = [{}], options: ActionOptions = {}) {
	const credentials = {
		plivoRecordingApi: { authId: AUTH_ID, authToken: AUTH_TOKEN, baseUrl: options.baseUrl ?? BASE },
	};
	return await runWorkflow(actionWorkflow(parameters, options), { credentials, triggerItems: items });
}
