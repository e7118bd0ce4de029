import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { waitForRecording } from '../../waitForRecording/wait';
import { oneCall } from '../oneCall';
import { readStartBody, startRecordingFields, type StartOptions } from '../recordingStart';
import type { ItemRun, PreparedItem } from '../types';
import { conferenceNameField, readConferenceName } from './conferenceName';

const options: StartOptions = {
	resource: 'conference',
	transcription: 'transcriptionType',
	callbackNames: { url: 'callback_url', method: 'callback_method' },
	target: [conferenceNameField('startRecording')],
};

export const description: INodeProperties[] = startRecordingFields(options);

/** `POST Conference/{name}/Record/`: checks one item's parameters and builds its call; sends nothing. */
export function prepare(this: IExecuteFunctions, itemIndex: number, { resumeUrl }: ItemRun): PreparedItem {
	const conference = readConferenceName.call(this, itemIndex);
	const body = readStartBody.call(this, itemIndex, options, resumeUrl);
	return oneCall(
		{ method: 'POST', path: `Conference/${conference.pathSegment}/Record/`, body, startsRecording: 'conference' },
		(response) => ({ ...response.body, conference_name: conference.name }),
	);
}

/** "Wait for Recording to Finish": a run of this operation can wait for its recording. */
export const waiting = waitForRecording;
