import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { waitForRecording } from '../../waitForRecording/wait';
import { oneCall } from '../oneCall';
import { readStartBody, startRecordingFields, type StartOptions } from '../recordingStart';
import type { ItemRun, PreparedItem } from '../types';
import { multiPartyCallFields, noActiveMultiPartyCall, readMultiPartyCall } from './multiPartyCall';

const options: StartOptions = {
	resource: 'multiPartyCall',
	transcription: 'transcript',
	// Plivo's MPC API names them after the recording: the MPC has callbacks of its own.
	callbackNames: { url: 'recording_callback_url', method: 'recording_callback_method' },
	target: multiPartyCallFields('startRecording'),
};

export const description: INodeProperties[] = startRecordingFields(options);

/**
 * `POST MultiPartyCall/{mpc_id}/Record/` (or `…/Participant/{member_id}/Record/`): records the
 * MPC or one participant; Plivo reports each step (started, paused, resumed, the file) to the
 * callback URL.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number, { resumeUrl }: ItemRun): PreparedItem {
	const target = readMultiPartyCall.call(this, itemIndex);
	const body = readStartBody.call(this, itemIndex, options, resumeUrl);
	if (target.trackType !== undefined) body.record_track_type = target.trackType;
	return oneCall(
		{
			method: 'POST',
			path: `MultiPartyCall/${target.recordPath}`,
			body,
			startsRecording: 'Multi-Party Call',
			notFound: noActiveMultiPartyCall(target),
		},
		(response) => ({ ...response.body, ...target.output }),
	);
}

/** "Wait for Recording to Finish": a run of this operation can wait for its recording. */
export const waiting = waitForRecording;
