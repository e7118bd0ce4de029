import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { oneCall } from '../oneCall';
import type { PreparedItem } from '../types';
import { readRecordingId, recordingIdField, recordingRequest } from './recordingId';

export const description: INodeProperties[] = [recordingIdField({ operation: ['delete'] })];

/**
 * `DELETE Recording/{id}/` (Plivo answers 204). A recording that is already gone fails its item
 * and says so: a workflow that meant to delete it learns that something else did.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const recording = readRecordingId.call(this, itemIndex);
	return oneCall(
		recordingRequest('DELETE', recording, {
			message: `Recording "${recording.id}" is already gone from Plivo (404)`,
			description:
				'Plivo has no recording with this ID on this account: it was deleted already, or the ID is wrong. Turn on Continue On Fail to go on with the other items.',
		}),
		() => ({ recording_id: recording.id, deleted: true }),
	);
}
