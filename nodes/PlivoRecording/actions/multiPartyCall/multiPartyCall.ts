import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { itemError } from '../itemError';
import { readChoice } from '../typedValues';

/**
 * Shared by the Multi-Party Call operations: which MPC (a resource locator), and whether the
 * recording is the whole call's or one participant's; the path below `MultiPartyCall/` they make.
 */

/** The editor's list of active Multi-Party Calls (methods/listSearch.ts). */
export const SEARCH_MULTI_PARTY_CALLS = 'searchMultiPartyCalls';

export const multiPartyCallFields = (operation: string): INodeProperties[] => {
	const show = { resource: ['multiPartyCall'], operation: [operation] };
	return [
		{
			displayName: 'Multi-Party Call',
			name: 'mpc',
			type: 'resourceLocator',
			default: { mode: 'list', value: '' },
			required: true,
			description:
				"The active Multi-Party Call: pick one from the account's active MPCs, or enter its friendly name (as given in the MultiPartyCall XML element) or its UUID",
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					placeholder: 'Choose an active Multi-Party Call…',
					typeOptions: { searchListMethod: SEARCH_MULTI_PARTY_CALLS, searchable: true },
				},
				{ displayName: 'By Name', name: 'name', type: 'string', placeholder: 'e.g. Support 42' },
				{
					displayName: 'By UUID',
					name: 'id',
					type: 'string',
					placeholder: 'e.g. ca5fd1f2-26c0-43e9-a7e4-0dc426e9dd2f',
				},
			],
			displayOptions: { show },
		},
		{
			displayName: 'Record',
			name: 'scope',
			type: 'options',
			options: [
				{ name: 'The Whole Multi-Party Call', value: 'multiPartyCall' },
				{ name: 'One Participant', value: 'participant' },
			],
			default: 'multiPartyCall',
			displayOptions: { show },
		},
		{
			displayName: 'Participant Member ID',
			name: 'participantId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 2132',
			description: "The participant's member ID in the Multi-Party Call (MemberID in Plivo's callbacks)",
			displayOptions: { show: { ...show, scope: ['participant'] } },
		},
		{
			displayName: 'Participant Tracks',
			name: 'recordTrackType',
			type: 'options',
			options: [
				{ name: 'All (Plivo Default)', value: 'all', description: 'What the participant hears and says, mixed' },
				{ name: 'Participant', value: 'participant', description: 'Only what the participant says' },
				{ name: 'Both', value: 'both', description: 'Both of the above, as two recordings' },
			],
			default: 'all',
			description:
				operation === 'startRecording'
					? "What the participant's recording holds"
					: "The participant's recording to act on: the tracks it was started with",
			displayOptions: { show: { ...show, scope: ['participant'] } },
		},
	];
};

export interface MultiPartyCallTarget {
	/** What the user gave: the MPC's name or UUID, and the participant's member ID. */
	output: { mpc_name?: string; mpc_uuid?: string; member_id?: string };
	/** A participant's recording's tracks (Plivo's `record_track_type`); undefined for the whole MPC. */
	trackType?: string;
	/** `{mpc_id}/Record/` or `{mpc_id}/Participant/{member_id}/Record/`, encoded. */
	recordPath: string;
}

/**
 * Reads which MPC (and participant) an item's operation is about. Plivo names an MPC in the path
 * as `name_<friendly name>` or `uuid_<uuid>`; a name from the list is the MPC's friendly name.
 */
export function readMultiPartyCall(this: IExecuteFunctions, itemIndex: number): MultiPartyCallTarget {
	const locator = this.getNodeParameter('mpc', itemIndex, { mode: 'list', value: '' }) as unknown;
	const { mode, value } =
		locator !== null && typeof locator === 'object'
			? (locator as { mode?: unknown; value?: unknown })
			: { mode: 'name', value: locator };
	const given = (typeof value === 'string' ? value : String(value ?? '')).trim();
	if (given === '') {
		throw itemError(
			this,
			itemIndex,
			'Multi-Party Call is empty',
			'Choose an active Multi-Party Call From List, or enter its friendly name By Name or its UUID By UUID.',
		);
	}
	// From List gives the MPC's UUID (names need not be unique), its name shown beside.
	const byUuid = mode === 'id' || mode === 'list';
	const mpcId = byUuid ? `uuid_${given}` : `name_${given}`;
	const output: MultiPartyCallTarget['output'] = byUuid ? { mpc_uuid: given } : { mpc_name: given };
	let recordPath = `${encodeURIComponent(mpcId)}/Record/`;
	let trackType: string | undefined;

	const scope = readChoice.call(
		this,
		'scope',
		'Record',
		itemIndex,
		['multiPartyCall', 'participant'],
		'multiPartyCall',
	);
	if (scope === 'participant') {
		const member = String(this.getNodeParameter('participantId', itemIndex, '') ?? '').trim();
		if (member === '') {
			throw itemError(
				this,
				itemIndex,
				'Participant Member ID is empty',
				"Enter the participant's member ID (MemberID in Plivo's callbacks), or choose to record the whole Multi-Party Call.",
			);
		}
		output.member_id = member;
		recordPath = `${encodeURIComponent(mpcId)}/Participant/${encodeURIComponent(member)}/Record/`;
		trackType = readChoice.call(
			this,
			'recordTrackType',
			'Participant Tracks',
			itemIndex,
			['all', 'participant', 'both'],
			'all',
		);
	}
	return { output, recordPath, trackType };
}

/** What a 404 means for a Multi-Party Call. */
export const noActiveMultiPartyCall = (target: MultiPartyCallTarget) => ({
	message: `Plivo has no active Multi-Party Call ${target.output.mpc_uuid ? `with UUID "${target.output.mpc_uuid}"` : `named "${target.output.mpc_name}"`}${target.output.member_id ? ` with member "${target.output.member_id}"` : ''} (404)`,
	description:
		'The Multi-Party Call must be in progress (and the participant in it): check the Multi-Party Call, the Participant Member ID and the credential.',
});
