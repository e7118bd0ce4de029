import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { description as waitDescription } from '../../waitForRecording/description';
import { waitForRecording } from '../../waitForRecording/wait';
import {
	buildDeliveryFragment,
	callbackDeliveryFields,
	withDeliveryFragment,
	type CallbackDeliveryOptions,
} from '../deliveryOptions';
import { oneCall } from '../oneCall';
import type { ItemRun, PreparedItem } from '../types';
import { readCallbackUrl } from '../urlParameters';
import { conferenceNameField, readConferenceName } from './conferenceName';

const show = { show: { operation: ['startRecording'] } };
// While the node waits for the recording, Plivo calls this execution back instead.
const showUnlessWaiting = { ...show, hide: { waitForRecording: [true] } };
const showWithTranscription = { show: { operation: ['startRecording'], transcribe: [true] } };

export const description: INodeProperties[] = [
	conferenceNameField('startRecording'),
	{
		displayName: 'File Format',
		name: 'fileFormat',
		type: 'options',
		options: [
			{ name: 'MP3', value: 'mp3' },
			{ name: 'WAV', value: 'wav' },
		],
		default: 'mp3',
		description: 'Audio format of the recording file',
		displayOptions: show,
	},
	...waitDescription,
	{
		displayName: 'Callback URL',
		name: 'callbackUrl',
		type: 'string',
		default: '',
		placeholder: 'https://n8n.example.com/webhook/…/webhook',
		description:
			'Where Plivo reports the finished recording. Paste the PRODUCTION URL of a Plivo Recording Callback Trigger here (its test URL only works while you listen for a test event).',
		displayOptions: showUnlessWaiting,
	},
	{
		displayName: 'Callback Method',
		name: 'callbackMethod',
		type: 'options',
		options: [
			{ name: 'GET', value: 'GET' },
			{ name: 'POST', value: 'POST' },
		],
		default: 'POST',
		description: 'HTTP method Plivo uses to call the callback URL',
		displayOptions: showUnlessWaiting,
	},
	{
		displayName: 'Transcribe',
		name: 'transcribe',
		type: 'boolean',
		default: false,
		description:
			'Whether Plivo should transcribe the recording (English only, recordings of 500 ms to 4 hours) and report the text to the transcription URL',
		displayOptions: show,
	},
	{
		displayName: 'Transcription URL',
		name: 'transcriptionUrl',
		type: 'string',
		default: '',
		placeholder: 'https://n8n.example.com/webhook/…/webhook',
		description:
			'Where Plivo sends the transcription. The production URL of a Plivo Recording Callback Trigger works here too.',
		displayOptions: showWithTranscription,
	},
	{
		displayName: 'Transcription Method',
		name: 'transcriptionMethod',
		type: 'options',
		options: [
			{ name: 'GET', value: 'GET' },
			{ name: 'Plivo Default (POST)', value: '' },
			{ name: 'POST', value: 'POST' },
		],
		default: '',
		description: 'HTTP method Plivo uses to send the transcription',
		displayOptions: showWithTranscription,
	},
	{
		displayName: 'Callback Delivery',
		name: 'callbackDelivery',
		type: 'collection',
		placeholder: 'Add Delivery Setting',
		default: {},
		description: "How Plivo delivers the callbacks: timeouts, retries and region. Leave empty for Plivo's defaults.",
		displayOptions: show,
		options: callbackDeliveryFields(),
	},
];

function readDeliveryFragment(this: IExecuteFunctions, itemIndex: number): string {
	const options = this.getNodeParameter('callbackDelivery', itemIndex, {}) as CallbackDeliveryOptions;
	const result = buildDeliveryFragment(options);
	if ('fragment' in result) return result.fragment;
	throw new NodeOperationError(this.getNode(), `${result.problem} (item ${itemIndex})`, {
		itemIndex,
		description: `Fix "${result.optionLabel}" under Callback Delivery, or remove it to use Plivo's default.`,
	});
}

function withFragment(this: IExecuteFunctions, url: string, label: string, fragment: string, itemIndex: number) {
	if (fragment !== '' && url.includes('#')) {
		throw new NodeOperationError(this.getNode(), `${label} already has a "#" part (item ${itemIndex})`, {
			itemIndex,
			description: `Plivo reads its delivery settings from the part after "#": remove it from ${label}, or remove the Callback Delivery settings.`,
		});
	}
	return withDeliveryFragment(url, fragment);
}

/** Checks one item's parameters and builds its Plivo call; throws before anything is sent. */
export function prepare(this: IExecuteFunctions, itemIndex: number, { resumeUrl }: ItemRun): PreparedItem {
	const conference = readConferenceName.call(this, itemIndex);
	const body: IDataObject = {
		file_format: this.getNodeParameter('fileFormat', itemIndex, 'mp3') as string,
	};
	const fragment = readDeliveryFragment.call(this, itemIndex);

	if (resumeUrl !== undefined) {
		// The run waits for the recording (waitForRecording): Plivo calls this execution back.
		body.callback_url = withDeliveryFragment(resumeUrl, fragment);
		body.callback_method = 'POST';
	} else {
		const callbackUrl = readCallbackUrl.call(this, 'callbackUrl', 'Callback URL', itemIndex);
		if (callbackUrl !== '') {
			body.callback_url = withFragment.call(this, callbackUrl, 'Callback URL', fragment, itemIndex);
			body.callback_method = this.getNodeParameter('callbackMethod', itemIndex, 'POST') as string;
		}
	}

	if (this.getNodeParameter('transcribe', itemIndex, false) as boolean) {
		body.transcription_type = 'auto';
		const transcriptionUrl = readCallbackUrl.call(this, 'transcriptionUrl', 'Transcription URL', itemIndex);
		if (transcriptionUrl !== '') {
			body.transcription_url = withFragment.call(this, transcriptionUrl, 'Transcription URL', fragment, itemIndex);
		}
		// Plivo documents transcriptions as POSTed: send a method only when the user picked one.
		const transcriptionMethod = this.getNodeParameter('transcriptionMethod', itemIndex, '') as string;
		if (transcriptionMethod !== '') body.transcription_method = transcriptionMethod;
	}

	return oneCall(
		{ method: 'POST', path: `Conference/${conference.pathSegment}/Record/`, body, startsRecording: true },
		(response) => ({ ...response.body, conference_name: conference.name }),
	);
}

/** "Wait for Recording to Finish": a run of this operation can wait for its recording. */
export const waiting = waitForRecording;
