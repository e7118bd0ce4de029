import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { recordingIdField, readRecordingId } from '../recording/recordingId';
import { oneCall } from '../oneCall';
import type { PreparedItem } from '../types';
import { noTranscription, transcriptionRequest } from './transcriptionOf';

export const description: INodeProperties[] = [
	recordingIdField({ resource: ['transcription'], operation: ['delete'] }),
];

/** `DELETE Transcription/{recording_id}/`: the recording itself stays. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const recording = readRecordingId.call(this, itemIndex);
	return oneCall(transcriptionRequest('DELETE', recording, noTranscription(recording.id)), () => ({
		recording_id: recording.id,
		transcription_deleted: true,
	}));
}
