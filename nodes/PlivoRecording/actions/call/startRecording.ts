import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { waitForRecording } from '../../waitForRecording/wait';
import { itemError } from '../itemError';
import { oneCall } from '../oneCall';
import { readChoice } from '../typedValues';
import { readStartBody, startRecordingFields, type StartOptions } from '../recordingStart';
import type { ItemRun, PreparedItem } from '../types';
import { callUuidField, noLiveCall, readCallUuid } from './callUuid';

/**
 * The range taken for a call recording's `time_limit`, in seconds. Plivo documents only its
 * default (60); 4 hours, as long as its transcriptions go, is the most this node asks for.
 */
export const TIME_LIMIT = { min: 1, max: 14_400 };

const options: StartOptions = {
	resource: 'call',
	transcription: 'transcriptionType',
	callbackNames: { url: 'callback_url', method: 'callback_method' },
	target: [callUuidField],
	extra: [
		{
			displayName: 'Time Limit (Seconds)',
			name: 'timeLimit',
			type: 'number',
			typeOptions: { minValue: TIME_LIMIT.min, maxValue: TIME_LIMIT.max, numberPrecision: 0 },
			default: 3600,
			description: `The longest the recording runs, ${TIME_LIMIT.min} to ${TIME_LIMIT.max} seconds. Plivo's own default is 60 seconds: a whole-call recording would stop after one minute, so set it longer than the call can last.`,
		},
		{
			displayName: 'Channels',
			name: 'recordChannelType',
			type: 'options',
			options: [
				{ name: 'Mono (Plivo Default)', value: 'mono', description: 'Both parties in one channel' },
				{
					name: 'Stereo',
					value: 'stereo',
					description: 'Each party in a channel of its own, e.g. to transcribe who said what',
				},
			],
			default: 'mono',
		},
	],
};

export const description: INodeProperties[] = startRecordingFields(options);

function readTimeLimit(this: IExecuteFunctions, itemIndex: number): number {
	const value = this.getNodeParameter('timeLimit', itemIndex, 3600) as unknown;
	const seconds = Number(value);
	if (!Number.isInteger(seconds) || seconds < TIME_LIMIT.min || seconds > TIME_LIMIT.max) {
		throw itemError(
			this,
			itemIndex,
			`Time Limit (Seconds) must be a whole number from ${TIME_LIMIT.min} to ${TIME_LIMIT.max}, not "${String(value)}"`,
			'Enter how long the recording may run at most, in seconds (up to 4 hours).',
		);
	}
	return seconds;
}

/** `POST Call/{call_uuid}/Record/`: records a live call; Plivo reports the file to the callback URL. */
export function prepare(this: IExecuteFunctions, itemIndex: number, { resumeUrl }: ItemRun): PreparedItem {
	const call = readCallUuid.call(this, itemIndex);
	const timeLimit = readTimeLimit.call(this, itemIndex);
	const body = {
		time_limit: timeLimit,
		...readStartBody.call(this, itemIndex, options, resumeUrl),
		record_channel_type: readChoice.call(this, 'recordChannelType', 'Channels', itemIndex, ['mono', 'stereo'], 'mono'),
	};
	return oneCall(
		{
			method: 'POST',
			path: `Call/${call.pathSegment}/Record/`,
			body,
			startsRecording: 'call',
			notFound: noLiveCall(call.uuid),
		},
		(response) => ({ ...response.body, call_uuid: call.uuid }),
	);
}

/** "Wait for Recording to Finish": a run of this operation can wait for its recording. */
export const waiting = waitForRecording;
