import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { oneCall } from '../oneCall';
import { simplifyFields } from '../simplify';
import type { PreparedItem } from '../types';
import { typeRecording } from '../../../shared/recordingObject';
import { simplifyRecording } from './simplified';
import { noSuchRecording, readRecordingId, recordingIdField, recordingRequest } from './recordingId';

export const description: INodeProperties[] = [
	recordingIdField({ operation: ['get'] }),
	...simplifyFields({ operation: ['get'] }),
];

/** With Simplify on: the recording's ID, times, duration, conference / call / MPC, numbers and URL. */
export const simplify = simplifyRecording;

/** `GET Recording/{id}/`: the recording's details, typed. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const recording = readRecordingId.call(this, itemIndex);
	return oneCall(recordingRequest('GET', recording, noSuchRecording(recording.id)), (response) =>
		typeRecording(response.body),
	);
}
