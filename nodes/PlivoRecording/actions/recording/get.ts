import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { oneCall } from '../oneCall';
import type { PreparedItem } from '../types';
import { typeRecording } from '../../../shared/recordingObject';
import { noSuchRecording, readRecordingId, recordingIdField, recordingRequest } from './recordingId';

export const description: INodeProperties[] = [recordingIdField({ operation: ['get'] })];

/** `GET Recording/{id}/`: the recording's details, typed. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const recording = readRecordingId.call(this, itemIndex);
	return oneCall(recordingRequest('GET', recording, noSuchRecording(recording.id)), (response) =>
		typeRecording(response.body),
	);
}
