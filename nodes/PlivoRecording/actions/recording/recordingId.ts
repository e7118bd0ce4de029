import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { PlivoRequest } from '../../../shared/transport/request';
import { itemError } from '../itemError';

/** Shared by the recording operations that address one recording. */
export const recordingIdField = (show: Record<string, string[]>): INodeProperties => ({
	displayName: 'Recording ID',
	name: 'recordingId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. c2186400-1c8c-11e4-a664-0026b945b52x',
	description:
		"The recording's ID: recording_id in a Start Recording's output, in the callback trigger's output or in Get Many's",
	displayOptions: { show },
});

/** Reads and checks the recording ID; returns it with its URL-encoded path segment. */
export function readRecordingId(this: IExecuteFunctions, itemIndex: number): { id: string; pathSegment: string } {
	const value = this.getNodeParameter('recordingId', itemIndex, '') as unknown;
	const id = (typeof value === 'string' ? value : String(value ?? '')).trim();
	if (id === '') {
		throw itemError(
			this,
			itemIndex,
			'Recording ID is empty',
			'Enter the ID of the recording, or map recording_id from the input with an expression that returns a non-empty text.',
		);
	}
	return { id, pathSegment: encodeURIComponent(id) };
}

/** The call about one recording, with what a 404 means for it. */
export function recordingRequest(
	method: 'GET' | 'DELETE',
	recording: { id: string; pathSegment: string },
	notFound: { message: string; description: string },
): PlivoRequest {
	return { method, path: `Recording/${recording.pathSegment}/`, startsRecording: false, notFound };
}

/** What a 404 means when reading a recording. */
export const noSuchRecording = (id: string) => ({
	message: `Plivo has no recording with ID "${id}" (404)`,
	description:
		"It was deleted already, or the ID is not one of this account's recordings: check the Recording ID and the credential.",
});
