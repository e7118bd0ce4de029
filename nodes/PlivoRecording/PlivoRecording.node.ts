import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { properties } from './actions/resources';
import { router } from './actions/router';
import {
	searchLiveCalls,
	searchLiveConferences,
	searchMaskingSessions,
	searchMultiPartyCalls,
} from './methods/listSearch';
import * as waitForRecording from './waitForRecording/webhook';
import { CALLBACK_ANSWER } from '../shared/callbacks/answers';
import { noWebhookRegistration } from '../shared/webhookLifecycle';

export class PlivoRecording implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Plivo Recording',
		name: 'plivoRecording',
		icon: { light: 'file:../shared/plivo.svg', dark: 'file:../shared/plivo.dark.svg' },
		group: ['output'],
		// 1.1: Simplify (Get, Get Many, Transcription Get) on by default; version 1 keeps it off.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Record Plivo calls, conferences, Multi-Party Calls (pause and resume included) and Number Masking sessions, and manage the recordings: get, list, download and delete them. To act on a finished recording, either turn on "Wait for Recording to Finish" (one workflow) or send the callback to a Plivo Recording Callback Trigger (two workflows).',
		defaults: { name: 'Plivo Recording' },
		// As an AI agent's tool, its own description: what a model needs to call it well.
		usableAsTool: {
			replacements: {
				description:
					'Records Plivo calls, conferences and Multi-Party Calls (start, stop, pause, resume), turns recording of Number Masking sessions on or off, and reads their recordings and transcripts. Takes IDs from earlier results: recording_id for a recording or its transcript, call_uuid for a call, session_uuid for a masking session, a conference or Multi-Party Call name. Returns JSON. A call that fails returns { error } naming the argument that was wrong and what would work: correct it and call again.',
			},
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'plivoRecordingApi', required: true }],
		// Only for "Wait for Recording to Finish": Plivo's callback to this execution's resume URL.
		webhooks: [{ name: 'default', httpMethod: 'POST', ...CALLBACK_ANSWER, path: '', restartWebhook: true }],
		properties,
	};

	webhookMethods = { default: noWebhookRegistration };

	methods = { listSearch: { searchLiveConferences, searchLiveCalls, searchMultiPartyCalls, searchMaskingSessions } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await waitForRecording.webhook.call(this);
	}
}
