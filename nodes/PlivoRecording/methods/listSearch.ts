import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { plivoClient } from '../../shared/transport/client';

/**
 * The editor's lists for the resource locators (From List): what is live on the account now,
 * narrowed to what contains the search text, in Plivo's order. Each read through the Plivo client,
 * paced with every other call to the account. When nothing is listed, one entry says so (an empty
 * list would only say "No results"); its value is empty, so choosing it changes nothing.
 */

/** At most this many active Multi-Party Calls are listed (5 of Plivo's pages). */
const MAX_LISTED = 100;

function listed(
	entries: INodeListSearchItems[],
	filter: string | undefined,
	nothing: { none: string; noMatch: (search: string) => string; otherwise: string; hint: string },
): INodeListSearchResult {
	const search = (filter ?? '').trim();
	const results = entries.filter((entry) => search === '' || entry.name.toLowerCase().includes(search.toLowerCase()));
	if (results.length > 0) return { results };
	const reason = entries.length === 0 ? nothing.none : nothing.noMatch(search);
	return { results: [{ name: `${reason}: ${nothing.otherwise}`, value: '', description: nothing.hint }] };
}

const texts = (list: unknown): string[] =>
	Array.isArray(list) ? list.filter((name): name is string => typeof name === 'string') : [];

/** Conference Name: the live conferences (`GET Conference/`, all names in one answer). */
export async function searchLiveConferences(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const plivo = await plivoClient.call(this);
	const response = await plivo.forItem(0).send({ method: 'GET', path: 'Conference/', startsRecording: false });
	const names = texts(response.body.conferences);
	return listed(
		names.map((name) => ({ name, value: name })),
		filter,
		{
			none: 'No conference is live on this Plivo account now',
			noMatch: (search) => `No live conference matches "${search}"`,
			otherwise: 'start one, or enter its name By Name',
			hint: 'Plivo lists a conference only while someone is in it',
		},
	);
}

/** Call: the live calls (`GET Call/?status=live`, all UUIDs in one answer). */
export async function searchLiveCalls(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const plivo = await plivoClient.call(this);
	const response = await plivo
		.forItem(0)
		.send({ method: 'GET', path: 'Call/', qs: { status: 'live' }, startsRecording: false });
	const uuids = texts(response.body.calls);
	return listed(
		uuids.map((uuid) => ({ name: uuid, value: uuid })),
		filter,
		{
			none: 'No call is live on this Plivo account now',
			noMatch: (search) => `No live call matches "${search}"`,
			otherwise: 'enter its Call UUID By UUID',
			hint: 'Plivo lists a call only while it is in progress',
		},
	);
}

/** Multi-Party Call: the active MPCs (`GET MultiPartyCall/?status=active`, paged), by name, valued by UUID. */
export async function searchMultiPartyCalls(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const plivo = await plivoClient.call(this);
	const mpcs = await plivo
		.forItem(0)
		.list({ path: 'MultiPartyCall/', qs: { status: 'active' }, key: 'objects', limit: MAX_LISTED });
	const entries = mpcs.flatMap((mpc: IDataObject): INodeListSearchItems[] => {
		const uuid = typeof mpc.mpc_uuid === 'string' ? mpc.mpc_uuid : '';
		const name = typeof mpc.friendly_name === 'string' && mpc.friendly_name !== '' ? mpc.friendly_name : uuid;
		return uuid === '' ? [] : [{ name, value: uuid, description: uuid }];
	});
	return listed(entries, filter, {
		none: 'No Multi-Party Call is active on this Plivo account now',
		noMatch: (search) => `No active Multi-Party Call matches "${search}"`,
		otherwise: 'start one, or enter its name By Name',
		hint: 'Plivo lists a Multi-Party Call while it is active',
	});
}
