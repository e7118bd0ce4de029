import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { oneCall } from '../oneCall';
import type { PreparedItem } from '../types';
import { conferenceNameField, readConferenceName } from './conferenceName';

export const description: INodeProperties[] = [conferenceNameField('stopRecording')];

export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const conference = readConferenceName.call(this, itemIndex);
	return oneCall(
		{ method: 'DELETE', path: `Conference/${conference.pathSegment}/Record/`, startsRecording: false },
		() => ({ conference_name: conference.name, stopped: true }),
	);
}
