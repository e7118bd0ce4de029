import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { classifyCallback, typeCallback, type CallbackEvent } from '../shared/callbacks/fields';
import { callbackKey, MEMORY_SPAN, recentCallbacks } from '../shared/callbacks/dedupe';
import {
	CALLBACK_ANSWER,
	ignoreCallback,
	onCallbackNotAccepted,
	receiveCallback,
	startExecution,
} from '../shared/callbacks/receive';
import { PLIVO_CREDENTIAL_TYPE } from '../shared/plivo/api';
import { downloadRecording } from '../shared/plivo/media';
import { n8nRootOf, nodeWebhookKey, signedUrlCandidates } from '../shared/callbacks/urls';
import { noWebhookRegistration } from '../shared/webhookLifecycle';

/**
 * The URLs Plivo may have signed for this request: the production URL n8n gives this
 * trigger, the same address at the endpoint called (the test URL), and the Public URL option.
 */
function signedUrls(this: IWebhookFunctions, publicUrl: string): string[] {
	const request = this.getRequestObject();
	const productionUrl = this.getNodeWebhookUrl('default') ?? '';
	const nodeKey = nodeWebhookKey(this.getNode(), String(this.getWorkflow().id ?? ''));
	return signedUrlCandidates({
		n8nRoot: n8nRootOf(productionUrl, nodeKey),
		called: request.originalUrl ?? request.url,
		routePaths: [`${nodeKey}/webhook`],
		configuredUrls: [productionUrl],
		publicUrl,
	});
}

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
		description: 'Starts the workflow when Plivo reports a finished conference recording or its transcription',
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
					'Copy the <b>Production URL</b> above (it works while this workflow is published, or active on older n8n) into the Callback URL and Transcription URL of a Plivo Recording node. The <b>Test URL</b> works only while you click "Listen for test event". To handle one recording inside the workflow that starts it, use the Plivo Recording node\'s "Wait for Recording to Finish" instead.',
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
						name: 'Recording Finished',
						value: 'recording',
						description:
							'Plivo reports the recording file (record_url, duration, …): from the Record API, or from a Conference XML element with record="true" (its callbackUrl)',
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
		const received = await receiveCallback.call(this, {
			verifySignature: this.getNodeParameter('verifySignature', true) as boolean,
			acceptV2: options.acceptV2Signatures === true,
			needCredentials: download,
			urls: () => signedUrls.call(this, String(options.publicUrl ?? '')),
		});
		if (received === undefined) return { noWebhookResponse: true };
		const { fields, credentials } = received;

		const event = classifyCallback(fields);
		const events = this.getNodeParameter('events', ['recording', 'transcription']) as CallbackEvent[];
		if (event === undefined || !events.includes(event)) return ignoreCallback.call(this);

		// Typed first: a Conference XML callback names its recording RecordingID and its file
		// RecordUrl, and typing gives them the API's names that the duplicate key and the download read.
		const typed = typeCallback(event, fields) as IDataObject;
		if ((this.getNodeParameter('ignoreDuplicates', true) as boolean) && this.getMode() !== 'manual') {
			const key = callbackKey(`${this.getWorkflow().id}/${this.getNode().id}`, event, typed);
			if (key !== undefined) {
				if (recentCallbacks.isRepeat(key)) return ignoreCallback.call(this);
				onCallbackNotAccepted.call(this, () => recentCallbacks.forget(key));
			}
		}

		const item: INodeExecutionData = { json: typed };
		if (download && event === 'recording' && typeof typed.record_url === 'string') {
			const maxBytes = (this.getNodeParameter('maxDownloadSizeMb', 100) as number) * 1_000_000;
			const baseUrl = String(credentials.baseUrl || 'https://api.plivo.com');
			try {
				const recording = await downloadRecording.call(this, typed.record_url, baseUrl, maxBytes);
				item.binary = {
					data: await this.helpers.prepareBinaryData(recording.data, recording.fileName, recording.mimeType),
				};
			} catch (error) {
				item.json.download_error = `Could not download the recording: ${(error as Error).message}`;
			}
		}
		return startExecution.call(this, item);
	}
}
