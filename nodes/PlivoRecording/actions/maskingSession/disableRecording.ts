import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { oneCall } from '../oneCall';
import type { PreparedItem } from '../types';
import { noSession, readSessionUuid, sessionUuidField } from './sessionUuid';

export const description: INodeProperties[] = [
	{ ...sessionUuidField, displayOptions: { show: { resource: ['maskingSession'], operation: ['disableRecording'] } } },
];

/**
 * `POST Masking/Session/{session_uuid}` with `record: false`: the session's next calls are not
 * recorded; a call already being recorded keeps its recording to its end.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const session = readSessionUuid.call(this, itemIndex);
	return oneCall(
		{
			method: 'POST',
			path: `Masking/Session/${session.pathSegment}`,
			body: { record: false },
			startsRecording: false,
			notFound: noSession(session.uuid),
		},
		(response) => ({ ...response.body, session_uuid: session.uuid, record: false }),
	);
}
