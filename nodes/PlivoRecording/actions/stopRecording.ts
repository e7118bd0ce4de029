import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { PlivoRequest } from '../../shared/plivo/api';
import { conferenceNameField, readConferenceName } from './common';

export const description: INodeProperties[] = [conferenceNameField('stopRecording')];

export function prepare(this: IExecuteFunctions, itemIndex: number): PlivoRequest & { conferenceName: string } {
	const conference = readConferenceName.call(this, itemIndex);
	// Stopping is safe to repeat, so a failure simply tells the user to try again.
	return {
		method: 'DELETE',
		path: `Conference/${conference.pathSegment}/Record/`,
		idempotent: true,
		conferenceName: conference.name,
	};
}

export function output(_response: unknown, conferenceName: string): IDataObject {
	return { conference_name: conferenceName, stopped: true };
}
