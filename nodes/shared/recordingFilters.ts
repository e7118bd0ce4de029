import type { IDataObject, INodeProperties } from 'n8n-workflow';

/**
 * The Recording list's text filters, one copy for the action's Get Many and the New Recording
 * trigger: each parameter's name, its editor text, and the query parameter Plivo's
 * `GET Recording/` takes for it. Listed in the editor's alphabetical order.
 */
export const RECORDING_TEXT_FILTERS: Array<{
	name: string;
	query: string;
	displayName: string;
	description: string;
	placeholder?: string;
}> = [
	{ name: 'callUuid', query: 'call_uuid', displayName: 'Call UUID', description: 'Only recordings of this call' },
	{
		name: 'conferenceName',
		query: 'conference_name',
		displayName: 'Conference Name',
		description: 'Only recordings of conferences of this name',
	},
	{
		name: 'conferenceUuid',
		query: 'conference_uuid',
		displayName: 'Conference UUID',
		description: 'Only recordings of this conference (its UUID)',
	},
	{
		name: 'fromNumber',
		query: 'from_number',
		displayName: 'From Number',
		description: 'Only recordings of calls from this number (E.164) or SIP endpoint',
		placeholder: 'e.g. 14155550100',
	},
	{
		name: 'mpcName',
		query: 'mpc_name',
		displayName: 'Multiparty Call Name',
		description: 'Only recordings of the multiparty call of this name',
	},
	{
		name: 'mpcUuid',
		query: 'mpc_uuid',
		displayName: 'Multiparty Call UUID',
		description: 'Only recordings of this multiparty call (its UUID)',
	},
	{
		name: 'subaccount',
		query: 'subaccount',
		displayName: 'Subaccount Auth ID',
		description: 'Only recordings of this subaccount (its Auth ID, SA…)',
	},
	{
		name: 'toNumber',
		query: 'to_number',
		displayName: 'To Number',
		description: 'Only recordings of calls to this number (E.164) or SIP endpoint',
		placeholder: 'e.g. 14155550199',
	},
];

/** The text filters as options of a Filters collection. */
export const recordingTextFilterOptions: INodeProperties[] = RECORDING_TEXT_FILTERS.map(
	({ name, displayName, description, placeholder }): INodeProperties => ({
		displayName,
		name,
		type: 'string',
		default: '',
		description,
		...(placeholder ? { placeholder } : {}),
	}),
);

/** The text filters a Filters collection holds, as Plivo's query parameters (empty ones left out). */
export function recordingTextFilterQuery(filters: IDataObject): IDataObject {
	const query: IDataObject = {};
	for (const filter of RECORDING_TEXT_FILTERS) {
		const value = String(filters[filter.name] ?? '').trim();
		if (value !== '') query[filter.query] = value;
	}
	return query;
}
