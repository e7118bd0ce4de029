import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { waitDescription } from '../waitForRecording/description';
import {
	buildDeliveryFragment,
	callbackDeliveryFields,
	withDeliveryFragment,
	type CallbackDeliveryOptions,
} from './deliveryOptions';
import { itemError } from './itemError';
import {
	callbackMethodField,
	callbackUrlField,
	fileFormatField,
	readCallbackMethod,
	readFileFormat,
} from './recordingFields';
import { asList, readBoolean, readChoice } from './typedValues';
import { readCallbackUrl } from './urlParameters';

/**
 * What every "Start Recording" operation asks (a conference's, a call's, a Multi-Party Call's):
 * the file format, where Plivo reports the finished file (or Wait for Recording to Finish), the
 * transcription, and how Plivo delivers its callbacks; and the request body they make.
 */

/** Where a resource's Start Recording differs: which resource, what Plivo offers, its own names. */
export interface StartOptions {
	resource: string;
	/**
	 * How this API asks Plivo for a transcription: the Record APIs of conferences and calls with
	 * `transcription_type` (and a method), the Multi-Party Call's with `transcript` (no method).
	 */
	transcription: 'transcriptionType' | 'transcript';
	/** Plivo's names for the callback URL and method in this API. */
	callbackNames: { url: string; method: string };
	/** The resource's own fields: before the file format, and after it. */
	target: INodeProperties[];
	extra?: INodeProperties[];
}

/** The Start Recording parameters of one resource, each shown only for it. */
export function startRecordingFields(options: StartOptions): INodeProperties[] {
	const show = { show: { resource: [options.resource], operation: ['startRecording'] } };
	// While the node waits for the recording, Plivo calls this execution back instead.
	const showUnlessWaiting = { ...show, hide: { waitForRecording: [true] } };
	const showWithTranscription = { show: { ...show.show, transcribe: [true] } };
	// A resource's field is shown for its Start Recording, unless it says when itself.
	const withShow = (field: INodeProperties): INodeProperties =>
		field.displayOptions ? field : { ...field, displayOptions: show };

	const transcriptionMethod: INodeProperties = {
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
	};
	const transcription: INodeProperties[] = [
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
		// The Multi-Party Call API takes no transcription method.
		...(options.transcription === 'transcriptionType' ? [transcriptionMethod] : []),
	];

	return [
		...options.target.map(withShow),
		fileFormatField('Audio format of the recording file', show),
		...(options.extra ?? []).map(withShow),
		...waitDescription(options.resource),
		callbackUrlField(
			'Where Plivo reports the finished recording. Paste the PRODUCTION URL of a Plivo Recording Callback Trigger here (its test URL only works while you listen for a test event).',
			showUnlessWaiting,
		),
		callbackMethodField(showUnlessWaiting),
		...transcription,
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
}

function readDeliveryFragment(this: IExecuteFunctions, itemIndex: number): string {
	const options = this.getNodeParameter('callbackDelivery', itemIndex, {}) as CallbackDeliveryOptions;
	const retryOn = asList(options.retryOn) as CallbackDeliveryOptions['retryOn'];
	const result = buildDeliveryFragment(retryOn === undefined ? options : { ...options, retryOn });
	if ('fragment' in result) return result.fragment;
	throw itemError(
		this,
		itemIndex,
		result.problem,
		`Fix "${result.optionLabel}" under Callback Delivery, or remove it to use Plivo's default.`,
	);
}

function withFragment(this: IExecuteFunctions, url: string, label: string, fragment: string, itemIndex: number) {
	if (fragment !== '' && url.includes('#')) {
		throw itemError(
			this,
			itemIndex,
			`${label} already has a "#" part`,
			`Plivo reads its delivery settings from the part after "#": remove it from ${label}, or remove the Callback Delivery settings.`,
		);
	}
	return withDeliveryFragment(url, fragment);
}

/**
 * The Start Recording body of one item: file format, callback (the resume URL when the run
 * waits), transcription, delivery settings. Throws before anything is sent.
 */
export function readStartBody(
	this: IExecuteFunctions,
	itemIndex: number,
	options: Pick<StartOptions, 'transcription' | 'callbackNames'>,
	resumeUrl: string | undefined,
): IDataObject {
	const body: IDataObject = {
		file_format: readFileFormat.call(this, itemIndex),
	};
	const fragment = readDeliveryFragment.call(this, itemIndex);
	const names = options.callbackNames;

	if (resumeUrl !== undefined) {
		// The run waits for the recording (waitForRecording): Plivo calls this execution back.
		body[names.url] = withDeliveryFragment(resumeUrl, fragment);
		body[names.method] = 'POST';
	} else {
		const callbackUrl = readCallbackUrl.call(this, 'callbackUrl', 'Callback URL', itemIndex);
		if (callbackUrl !== '') {
			body[names.url] = withFragment.call(this, callbackUrl, 'Callback URL', fragment, itemIndex);
			body[names.method] = readCallbackMethod.call(this, itemIndex);
		}
	}

	if (readBoolean.call(this, 'transcribe', 'Transcribe', itemIndex, false)) {
		if (options.transcription === 'transcript') body.transcript = true;
		else body.transcription_type = 'auto';
		const transcriptionUrl = readCallbackUrl.call(this, 'transcriptionUrl', 'Transcription URL', itemIndex);
		if (transcriptionUrl !== '') {
			body.transcription_url = withFragment.call(this, transcriptionUrl, 'Transcription URL', fragment, itemIndex);
		}
		// Plivo documents transcriptions as POSTed: send a method only when the user picked one.
		if (options.transcription === 'transcriptionType') {
			// Empty: Plivo's default (POST), nothing sent.
			const asked = String(this.getNodeParameter('transcriptionMethod', itemIndex, '') ?? '').trim();
			if (asked !== '') {
				body.transcription_method = readChoice.call(
					this,
					'transcriptionMethod',
					'Transcription Method',
					itemIndex,
					['GET', 'POST'],
					'',
				);
			}
		}
	}
	return body;
}
