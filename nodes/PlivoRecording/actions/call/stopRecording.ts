import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { oneCall } from '../oneCall';
import type { PreparedItem } from '../types';
import { readOptionalUrl } from '../urlParameters';
import { callUuidField, noLiveCall, readCallUuid } from './callUuid';

const show = { show: { resource: ['call'], operation: ['stopRecording'] } };

export const description: INodeProperties[] = [
	{ ...callUuidField, displayOptions: show },
	{
		displayName: 'Recording URL',
		name: 'recordingUrl',
		type: 'string',
		default: '',
		placeholder: 'https://media.plivo.com/v1/Account/…/Recording/….mp3',
		description:
			"Stop only the recording with this file URL (the URL in Start Call Recording's output). Leave empty to stop every recording of the call.",
		displayOptions: show,
	},
];

/** `DELETE Call/{call_uuid}/Record/`, every recording of the call, or the one at the given URL. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const call = readCallUuid.call(this, itemIndex);
	const recordingUrl = readOptionalUrl.call(
		this,
		'recordingUrl',
		'Recording URL',
		itemIndex,
		"Use the recording's file URL, such as the URL in Start Call Recording's output, or leave it empty to stop every recording of the call.",
	);
	const body: IDataObject | undefined = recordingUrl === '' ? undefined : { URL: recordingUrl };
	return oneCall(
		{
			method: 'DELETE',
			path: `Call/${call.pathSegment}/Record/`,
			...(body ? { body } : {}),
			startsRecording: false,
			notFound: noLiveCall(call.uuid),
		},
		() => ({ call_uuid: call.uuid, stopped: true, ...(body ? { recording_url: recordingUrl } : {}) }),
	);
}
