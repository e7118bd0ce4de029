import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operations, router } from './actions/router';
import * as waitForRecording from './waitForRecording/webhook';
import { CALLBACK_ANSWER } from '../shared/callbacks/receive';
import { noWebhookRegistration } from '../shared/webhookLifecycle';

export class PlivoRecording implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Plivo Recording',
		name: 'plivoRecording',
		icon: { light: 'file:../shared/plivo.svg', dark: 'file:../shared/plivo.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] === "stopRecording" ? "Stop" : "Start"}}: {{$parameter["conferenceName"]}}',
		description:
			'Start or stop recording a live Plivo conference. To act on the finished recording, either turn on "Wait for Recording to Finish" (one workflow) or send the callback to a Plivo Recording Callback Trigger (two workflows).',
		defaults: { name: 'Plivo Recording' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'plivoRecordingApi', required: true }],
		// Only for "Wait for Recording to Finish": Plivo's callback to this execution's resume URL.
		webhooks: [
			{ name: 'default', httpMethod: 'POST', ...CALLBACK_ANSWER, path: '', restartWebhook: true },
		],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Start Conference Recording',
						value: 'startRecording',
						action: 'Start conference recording',
						description: 'Start recording a live conference',
					},
					{
						name: 'Stop Conference Recording',
						value: 'stopRecording',
						action: 'Stop conference recording',
						description: 'Stop recording a live conference',
					},
				],
				default: 'startRecording',
			},
			...Object.values(operations).flatMap((operation) => operation.description),
		],
	};

	webhookMethods = { default: noWebhookRegistration };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await waitForRecording.webhook.call(this);
	}
}
