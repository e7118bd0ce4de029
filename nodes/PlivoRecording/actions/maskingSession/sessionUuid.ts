import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { itemError } from '../itemError';

/**
 * Shared by the Number Masking Session operations: which session (a resource locator), read and
 * checked before anything is sent, and what Plivo's 404 means for it.
 */

/** The editor's list of active masking sessions (methods/listSearch.ts). */
export const SEARCH_MASKING_SESSIONS = 'searchMaskingSessions';

/** A session UUID as Plivo writes it (36 characters, hexadecimal in 8-4-4-4-12). */
export const SESSION_UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const sessionUuidField: INodeProperties = {
	displayName: 'Number Masking Session',
	name: 'sessionUuid',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description:
		"The Number Masking session: pick one of the account's active sessions (search by a party's or the virtual number), or enter its session UUID (session_uuid in Plivo's answers and callbacks)",
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Choose an active session…',
			typeOptions: { searchListMethod: SEARCH_MASKING_SESSIONS, searchable: true },
		},
		{
			displayName: 'By UUID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 9b2c1e4a-6f0d-4b8e-a1c3-5d7e9f0a2b4c',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: SESSION_UUID.source,
						errorMessage:
							"Number Masking Session is not a session UUID: enter the session's UUID (8-4-4-4-12 hexadecimal characters, session_uuid in Plivo's answers), or choose the session From List",
					},
				},
			],
		},
	],
};

/** Reads and checks the session's UUID; returns it with its URL-encoded path segment. */
export function readSessionUuid(this: IExecuteFunctions, itemIndex: number): { uuid: string; pathSegment: string } {
	const value = this.getNodeParameter('sessionUuid', itemIndex, '', { extractValue: true }) as unknown;
	const uuid = (typeof value === 'string' ? value : String(value ?? '')).trim();
	if (uuid === '') {
		throw itemError(
			this,
			itemIndex,
			'Number Masking Session is empty',
			'Choose an active session From List, or enter its session UUID By UUID (or map session_uuid from the input with an expression).',
		);
	}
	if (!SESSION_UUID.test(uuid)) {
		throw itemError(
			this,
			itemIndex,
			`Number Masking Session is not a session UUID: "${uuid}"`,
			"Enter the session's UUID (8-4-4-4-12 hexadecimal characters, session_uuid in Plivo's answers and callbacks), or choose the session From List.",
		);
	}
	return { uuid, pathSegment: encodeURIComponent(uuid) };
}

/** What a 404 means for a session. */
export const noSession = (uuid: string) => ({
	message: `Plivo has no Number Masking session with UUID "${uuid}" (404)`,
	description: 'Check the Number Masking Session (its UUID) and that the credential is of the account that created it.',
});
