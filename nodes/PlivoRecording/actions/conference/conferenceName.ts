import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { itemError } from '../itemError';

/** The editor's list of live conferences (methods/listSearch.ts). */
export const SEARCH_LIVE_CONFERENCES = 'searchLiveConferences';

/**
 * Shared by the conference operations: a conference is addressed by its name, picked from the
 * live conferences or written (or mapped with an expression) by name.
 */
export const conferenceNameField = (operation: string): INodeProperties => ({
	displayName: 'Conference Name',
	name: 'conferenceName',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description:
		'The live Plivo conference: pick one from the conferences live on the account now, or enter its name as given in the Conference XML element (any characters; the node encodes them)',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Choose a live conference…',
			typeOptions: { searchListMethod: SEARCH_LIVE_CONFERENCES, searchable: true },
		},
		{
			displayName: 'By Name',
			name: 'name',
			type: 'string',
			placeholder: 'e.g. Sales Standup',
		},
	],
	displayOptions: { show: { resource: ['conference'], operation: [operation] } },
});

/**
 * Reads and checks the conference name; returns it with its URL-encoded path segment.
 * Workflows saved before the name became a resource locator hold a plain text (or expression):
 * n8n hands that over as it is, the locator as its value.
 */
export function readConferenceName(this: IExecuteFunctions, itemIndex: number): { name: string; pathSegment: string } {
	const value = this.getNodeParameter('conferenceName', itemIndex, '', { extractValue: true }) as unknown;
	const raw =
		value !== null && typeof value === 'object' && 'value' in value ? (value as { value: unknown }).value : value;
	const name = typeof raw === 'string' ? raw : String(raw ?? '');
	if (name.trim() === '') {
		throw itemError(
			this,
			itemIndex,
			'Conference Name is empty',
			'Choose a live conference From List, or enter its name By Name (or map it from the input with an expression that returns a non-empty text).',
		);
	}
	return { name, pathSegment: encodeURIComponent(name) };
}
