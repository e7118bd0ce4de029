import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { waitDescription } from '../../waitForRecording/description';
import { waitForRecording } from '../../waitForRecording/wait';
import { oneCall } from '../oneCall';
import type { ItemRun, PreparedItem } from '../types';
import {
	callbackMethodField,
	callbackUrlField,
	fileFormatField,
	readCallbackMethod,
	readFileFormat,
} from '../recordingFields';
import { readCallbackUrl } from '../urlParameters';
import { noSession, readSessionUuid, sessionUuidField } from './sessionUuid';

const show = { show: { resource: ['maskingSession'], operation: ['enableRecording'] } };
// While the node waits for the recording, Plivo calls this execution back instead.
const showUnlessWaiting = { ...show, hide: { waitForRecording: [true] } };

export const description: INodeProperties[] = [
	{ ...sessionUuidField, displayOptions: show },
	fileFormatField("Audio format of the recording files of the session's calls", show),
	...waitDescription(
		'maskingSession',
		'enableRecording',
		"Whether the workflow waits here until Plivo reports the session's next finished recording (of the next call both parties answer), then goes on with its fields (record_url, duration, session_uuid, …); a failed recording fails the node. Plivo is given this execution's resume URL as the session's recording callback URL, and keeps it for the session's later calls: afterwards run Enable Recording again with a Callback URL, or Disable Recording.",
	),
	callbackUrlField(
		"Where Plivo reports each recording of the session (started, finished, failed). Paste the PRODUCTION URL of a Plivo Recording Callback Trigger here. Leave empty to keep the session's current recording callback URL.",
		showUnlessWaiting,
	),
	callbackMethodField(showUnlessWaiting),
];

/**
 * `POST Masking/Session/{session_uuid}` with `record: true`: the session's calls are recorded
 * from the next one both parties answer (a call in progress keeps the settings it started with),
 * each call in a file of its own, reported to the recording callback URL.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number, { resumeUrl }: ItemRun): PreparedItem {
	const session = readSessionUuid.call(this, itemIndex);
	const body: IDataObject = {
		record: true,
		record_file_format: readFileFormat.call(this, itemIndex),
	};
	if (resumeUrl !== undefined) {
		// The run waits for the session's next recording (waitForRecording): Plivo calls this execution back.
		body.recording_callback_url = resumeUrl;
		body.recording_callback_method = 'POST';
	} else {
		const callbackUrl = readCallbackUrl.call(this, 'callbackUrl', 'Callback URL', itemIndex);
		if (callbackUrl !== '') {
			body.recording_callback_url = callbackUrl;
			body.recording_callback_method = readCallbackMethod.call(this, itemIndex);
		}
	}
	return oneCall(
		{
			method: 'POST',
			path: `Masking/Session/${session.pathSegment}`,
			body,
			startsRecording: false,
			notFound: noSession(session.uuid),
		},
		(response) => ({ ...response.body, session_uuid: session.uuid, record: true }),
	);
}

/** "Wait for Recording to Finish": a run can wait for the session's next finished recording. */
export const waiting = waitForRecording;
