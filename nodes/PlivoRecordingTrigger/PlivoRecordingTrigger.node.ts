import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { CALLBACK_ANSWER, startExecution } from '../shared/callbacks/answers';
import { receivePlivoCallback } from '../shared/callbacks/gateway';
import { MEMORY_SPAN } from '../shared/callbacks/recentKeys';
import type { CallbackEvent } from '../shared/callbacks/shapes';
import { PLIVO_CREDENTIAL_TYPE } from '../shared/credential';
import { downloadRecording, RECORDING_BINARY_FIELD } from '../shared/transport/media';
import { noWebhookRegistration } from '../shared/webhookLifecycle';

export class PlivoRecordingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Plivo Recording Callback Trigger',
		name: 'plivoRecordingTrigger',
		icon: { light: 'file:../shared/plivo.svg', dark: 'file:../shared/plivo.dark.svg' },
		group: ['trigger'],
		// Version 2 behaves as 1. n8n (webhook-helpers parseRequestBody, 1.x and 2.x) evaluates an
		// expression on every call to a webhook node of typeVersion 1 (a check left from its own
		// Webhook node v1): on 2.x's default engine with lazy isolates that builds an isolate per
		// callback. New triggers are version 2; workflows saved with 1 keep working as before.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{($parameter["events"] || []).join(", ")}}',
		description:
			'Starts the workflow when Plivo reports a recording (conference, call, Multi-Party Call, Number Masking session, Plivo XML), a step of one (started, paused, resumed, failed) or its transcription',
		defaults: { name: 'Plivo Recording Callback' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: PLIVO_CREDENTIAL_TYPE, required: true }],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', ...CALLBACK_ANSWER, path: 'webhook' },
			{ name: 'default', httpMethod: 'GET', ...CALLBACK_ANSWER, path: 'webhook' },
		],
		properties: [
			{
				displayName:
					'Copy the <b>Production URL</b> above (it works while this workflow is published, or active on older n8n) into the Callback URL and Transcription URL of a Plivo Recording node, or a Number Masking session\'s recording callback URL. The <b>Test URL</b> works only while you click "Listen for test event". To handle one recording inside the workflow that starts it, use the Plivo Recording node\'s "Wait for Recording to Finish" instead.',
				name: 'urlNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [
					{
						name: 'Recording Failed',
						value: 'recordingFailed',
						description:
							'A Multi-Party Call (or participant) or Number Masking session recording failed: Plivo made no file',
					},
					{
						name: 'Recording Finished',
						value: 'recording',
						description:
							'Plivo reports the recording file (record_url, duration, …): from the Conference, Call or Multi-Party Call record APIs, a Number Masking session that records (one per call), or Plivo XML (a Conference element with record="true", a Record element)',
					},
					{
						name: 'Recording Paused',
						value: 'recordingPaused',
						description: 'A Multi-Party Call (or participant) recording was paused, e.g. while a card number is read',
					},
					{
						name: 'Recording Resumed',
						value: 'recordingResumed',
						description: 'A paused Multi-Party Call (or participant) recording goes on',
					},
					{
						name: 'Recording Started',
						value: 'recordingStarted',
						description: 'A Multi-Party Call (or participant) or Number Masking session recording has started',
					},
					{
						name: 'Transcription Ready',
						value: 'transcription',
						description: 'Plivo reports the transcription text of a recording',
					},
				],
				default: ['recording', 'transcription'],
				description: 'Callbacks that start the workflow; others are answered and ignored',
			},
			{
				displayName: 'Verify Signature',
				name: 'verifySignature',
				type: 'boolean',
				default: true,
				description:
					"Whether to accept only callbacks signed with the credential's Auth Token (X-Plivo-Signature-V3). Turn off only for testing: anyone who knows the URL could then start the workflow.",
			},
			{
				displayName: 'Ignore Duplicate Callbacks',
				name: 'ignoreDuplicates',
				type: 'boolean',
				default: true,
				description: `Whether a repeat of the same event for the same recording (Plivo retries callbacks it thinks failed) is answered and ignored. Remembered for ${MEMORY_SPAN} in the memory of the n8n process that receives the webhooks: a restart forgets, and in queue mode with several webhook processes a repeat reaching another process is not recognised. Test URL calls are never ignored.`,
			},
			{
				displayName: 'Download Recording',
				name: 'downloadRecording',
				type: 'boolean',
				default: false,
				description:
					"Whether to fetch the audio file (record_url) and attach it as binary data \"data\". The credential is sent only to Plivo's hosts or the credential's Base URL. If the download fails, the callback still starts the workflow, with download_error set. Plivo gets its answer after the download, so a download slower than the callback's read timeout makes Plivo send the callback again (Ignore Duplicate Callbacks catches the repeat).",
			},
			{
				displayName: 'Max Download Size (MB)',
				name: 'maxDownloadSizeMb',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 100,
				description: 'Larger recordings are not downloaded (download_error says so)',
				displayOptions: { show: { downloadRecording: [true] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Accept V2 Signatures',
						name: 'acceptV2Signatures',
						type: 'boolean',
						default: false,
						description: `Whether a callback signed only with the deprecated X-Plivo-Signature-V2 (no V3) is accepted, for accounts that send no V3. V2 signs the URL and a nonce but not the fields: whoever sees one such callback can send any fields with its headers, refused only while this n8n process remembers its nonce, for ${MEMORY_SPAN} and until a restart. Leave off: Plivo signs every callback with V3.`,
					},
					{
						displayName: 'Public URL',
						name: 'publicUrl',
						type: 'string',
						default: '',
						placeholder: 'https://calls.example.com/hooks/plivo',
						description:
							'The address Plivo calls, when it differs from the Production URL above (n8n behind a reverse proxy that rewrites the address). The signature is checked against it too.',
					},
				],
			},
		],
	};

	webhookMethods = { default: noWebhookRegistration };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const download = this.getNodeParameter('downloadRecording', false) as boolean;
		const received = await receivePlivoCallback.call(this, {
			webhook: { kind: 'trigger', publicUrl: String(options.publicUrl ?? '') },
			verifySignature: this.getNodeParameter('verifySignature', true) as boolean,
			acceptV2: options.acceptV2Signatures === true,
			events: this.getNodeParameter('events', ['recording', 'transcription']) as CallbackEvent[],
			ignoreDuplicates: this.getNodeParameter('ignoreDuplicates', true) as boolean,
			needCredentials: download,
		});
		if ('answered' in received) return received.answered;

		const item: INodeExecutionData = { json: received.fields };
		if (download && received.event === 'recording' && typeof item.json.record_url === 'string') {
			const maxBytes = (this.getNodeParameter('maxDownloadSizeMb', 100) as number) * 1_000_000;
			try {
				const recording = await downloadRecording.call(this, item.json.record_url, {
					baseUrl: received.baseUrl,
					maxBytes,
				});
				item.binary = {
					[RECORDING_BINARY_FIELD]: await this.helpers.prepareBinaryData(
						recording.data,
						recording.fileName,
						recording.mimeType,
					),
				};
			} catch (error) {
				item.json.download_error = `Could not download the recording: ${(error as Error).message}`;
			}
		}
		return startExecution.call(this, item);
	}
}
