import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { recordingIdField, readRecordingId } from '../recording/recordingId';
import { oneCall } from '../oneCall';
import type { PreparedItem } from '../types';
import { readCallbackUrl } from '../urlParameters';
import { transcriptionRequest } from './transcriptionOf';

const show = { resource: ['transcription'], operation: ['create'] };

export const description: INodeProperties[] = [
	recordingIdField(show),
	{
		displayName: 'Callback URL',
		name: 'callbackUrl',
		type: 'string',
		default: '',
		placeholder: 'https://n8n.example.com/webhook/…/webhook',
		description:
			'Where Plivo sends the transcription when it is ready: the PRODUCTION URL of a Plivo Recording Callback Trigger (event Transcription Ready). Leave empty to read it later with Get.',
		displayOptions: { show },
	},
];

/** `POST Transcription/{recording_id}/`: orders the transcription of a finished recording (English, up to 4 hours). */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const recording = readRecordingId.call(this, itemIndex);
	const callbackUrl = readCallbackUrl.call(this, 'callbackUrl', 'Callback URL', itemIndex);
	return oneCall(
		{
			...transcriptionRequest('POST', recording, {
				message: `Plivo has no finished recording with ID "${recording.id}" to transcribe (404)`,
				description:
					"The recording may still be running, deleted, or not this account's: check the Recording ID (and Get the recording).",
			}),
			...(callbackUrl !== '' ? { body: { transcription_callback_url: callbackUrl } } : {}),
		},
		(response) => ({ ...response.body, recording_id: recording.id }),
	);
}
