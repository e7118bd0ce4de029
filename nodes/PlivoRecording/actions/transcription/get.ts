import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toIsoDate, typeFieldValue } from '../../../shared/plivoFields';
import { pick } from '../recording/simplified';
import { simplifyFields } from '../simplify';
import { recordingIdField, readRecordingId } from '../recording/recordingId';
import { oneCall } from '../oneCall';
import { readChoice } from '../typedValues';
import type { PreparedItem } from '../types';
import { noTranscription, transcriptionRequest } from './transcriptionOf';

const show = { resource: ['transcription'], operation: ['get'] };

export const description: INodeProperties[] = [
	recordingIdField(show),
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		options: [
			{ name: 'Diarized', value: 'diarized', description: 'The text by speaker' },
			{ name: 'Raw', value: 'raw', description: 'The words as recognised, without punctuation' },
			{ name: 'Transcription', value: 'transcription', description: 'The text, punctuated' },
		],
		default: 'transcription',
		displayOptions: { show },
	},
	...simplifyFields(show),
];

/** With Simplify on: the text, and which recording it is of (when it started, how long it is). */
export function simplify(transcription: IDataObject): IDataObject {
	const start = toIsoDate(transcription.recording_start_ms);
	return pick({ ...transcription, ...(start !== undefined ? { recording_start: start } : {}) }, [
		'recording_id',
		'type',
		'status',
		'transcription',
		'recording_start',
		'recording_duration_ms',
	]);
}

/** `GET Transcription/{recording_id}/?type=…`: the transcription of a recording, its numbers typed. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const recording = readRecordingId.call(this, itemIndex);
	const type = readChoice.call(this, 'type', 'Type', itemIndex, ['transcription', 'diarized', 'raw'], 'transcription');
	return oneCall(
		{ ...transcriptionRequest('GET', recording, noTranscription(recording.id)), qs: { type } },
		(response) => ({
			recording_id: recording.id,
			type,
			...Object.fromEntries(Object.entries(response.body).map(([key, value]) => [key, typeFieldValue(key, value)])),
		}),
	);
}
