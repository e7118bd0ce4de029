import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { PreparedCall } from '../types';
import { conferenceNameField, readConferenceName } from './conferenceName';

export const description: INodeProperties[] = [conferenceNameField('stopRecording')];

export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedCall {
	const conference = readConferenceName.call(this, itemIndex);
	return {
		request: { method: 'DELETE', path: `Conference/${conference.pathSegment}/Record/`, startsRecording: false },
		context: { conferenceName: conference.name },
	};
}

export function output(_response: unknown, context: IDataObject): IDataObject {
	return { conference_name: context.conferenceName, stopped: true };
}
