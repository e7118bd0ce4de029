import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { itemError } from '../itemError';

/** The editor's list of live calls (methods/listSearch.ts). */
export const SEARCH_LIVE_CALLS = 'searchLiveCalls';

/** Shared by the call operations: a live call, picked from the live calls or given by its UUID. */
export const callUuidField: INodeProperties = {
	displayName: 'Call',
	name: 'callUuid',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description:
		'The live Plivo call: pick one from the calls live on the account now, or enter its Call UUID (CallUUID in Plivo XML requests, call_uuid in the API)',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Choose a live call…',
			typeOptions: { searchListMethod: SEARCH_LIVE_CALLS, searchable: true },
		},
		{
			displayName: 'By UUID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 55309cee-821d-11e4-9a73-498d468c930b',
		},
	],
};

/** The what-a-404-means of a call that is not live. */
export const noLiveCall = (uuid: string) => ({
	message: `Plivo has no live call with UUID "${uuid}" (404)`,
	description:
		'The call must be in progress when its recording is started or stopped: check the Call (its UUID) and the credential.',
});

/** Reads and checks the call's UUID; returns it with its URL-encoded path segment. */
export function readCallUuid(this: IExecuteFunctions, itemIndex: number): { uuid: string; pathSegment: string } {
	const value = this.getNodeParameter('callUuid', itemIndex, '', { extractValue: true }) as unknown;
	const uuid = (typeof value === 'string' ? value : String(value ?? '')).trim();
	if (uuid === '') {
		throw itemError(
			this,
			itemIndex,
			'Call is empty',
			'Choose a live call From List, or enter its Call UUID By UUID (or map call_uuid from the input with an expression).',
		);
	}
	return { uuid, pathSegment: encodeURIComponent(uuid) };
}
