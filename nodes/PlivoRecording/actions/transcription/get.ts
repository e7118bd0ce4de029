import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { typeFieldValue } from '../../../shared/plivoFields';
import { recordingIdField, readRecordingId } from '../recording/recordingId';
import { oneCall } from '../oneCall';
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
];

/** `GET Transcription/{recording_id}/?type=…`: the transcription of a recording, its numbers typed. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const recording = readRecordingId.call(this, itemIndex);
	const type = this.getNodeParameter('type', itemIndex, 'transcription') as string;
	return oneCall(
		{ ...transcriptionRequest('GET', recording, noTranscription(recording.id)), qs: { type } },
		(response) => ({
			recording_id: recording.id,
			type,
			...Object.fromEntries(Object.entries(response.body).map(([key, value]) => [key, typeFieldValue(key, value)])),
		}),
	);
}
