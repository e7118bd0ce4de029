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

const nameContains = (entry: INodeListSearchItems, search: string) =>
	entry.name.toLowerCase().includes(search.toLowerCase());

function listed(
	entries: INodeListSearchItems[],
	filter: string | undefined,
	nothing: { none: string; noMatch: (search: string) => string; otherwise: string; hint: string },
	matches: (entry: INodeListSearchItems, search: string) => boolean = nameContains,
): INodeListSearchResult {
	const search = (filter ?? '').trim();
	const results = entries.filter((entry) => search === '' || matches(entry, search));
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

/** The masking session list's search window: Plivo lists the last 7 days unless asked, 30 at most. */
const SESSION_WINDOW_MS = 30 * 24 * 60 * 60 * 1000 - 60_000;

/** A UTC time as the masking session list's filters take it: `YYYY-MM-DD HH:MM`. */
const sessionListTime = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/** The digits of a phone number as written (`+1 (415) 555-0101`); Plivo's session lists write numbers without `+`. */
const digitsOf = (text: string) => text.replace(/\D/g, '');

/** A whole phone number (E.164, 8 to 15 digits), as Plivo's number filters match them. */
const WHOLE_NUMBER = /^\+?\d{8,15}$/;
const NUMBER_FILTERS = ['first_party', 'second_party', 'virtual_number'];

const asNumberText = (value: unknown) => (typeof value === 'string' && value !== '' ? `+${digitsOf(value)}` : '');

/**
 * Number Masking Session: the account's active sessions (`GET Masking/Session/?status=active`,
 * paged, created in the last 30 days; the list wraps its page in `response`), named by their
 * numbers, valued by session UUID, narrowed to those with a number containing the search's
 * digits. A whole phone number is also asked of Plivo's own filters (a party's or the virtual
 * number), so that a session beyond the first listed is found too.
 */
export async function searchMaskingSessions(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const plivo = (await plivoClient.call(this)).forItem(0);
	const search = (filter ?? '').trim();
	const compact = search.replace(/[\s().-]/g, '');
	const qs = { status: 'active', created_time__gte: sessionListTime(Date.now() - SESSION_WINDOW_MS) };
	const list = (byNumber: IDataObject) =>
		plivo.list({
			path: 'Masking/Session/',
			qs: { ...qs, ...byNumber },
			key: 'objects',
			within: 'response',
			limit: MAX_LISTED,
		});
	// A whole number is also asked of Plivo's own filters: a session beyond the first listed is found too.
	const byNumber = WHOLE_NUMBER.test(compact) ? NUMBER_FILTERS.map((name) => ({ [name]: digitsOf(compact) })) : [];
	const lists = await Promise.all([{}, ...byNumber].map(async (filters) => await list(filters)));
	const seen = new Set<string>();
	const entries = lists.flat().flatMap((session: IDataObject): INodeListSearchItems[] => {
		const uuid = typeof session.session_uuid === 'string' ? session.session_uuid : '';
		if (uuid === '' || seen.has(uuid)) return [];
		seen.add(uuid);
		const parties = [asNumberText(session.first_party), asNumberText(session.second_party)].filter(Boolean);
		const name = `${parties.join(' ↔ ')} via ${asNumberText(session.virtual_number)}`;
		const expires = typeof session.expiry_time === 'string' ? `, expires ${session.expiry_time}` : '';
		return [{ name, value: uuid, description: `${uuid}${expires}` }];
	});
	const matches = (entry: INodeListSearchItems, text: string) => {
		const digits = digitsOf(text);
		return (
			nameContains(entry, text) ||
			(digits !== '' && entry.name.split(' ').some((part) => digitsOf(part).includes(digits)))
		);
	};
	return listed(
		entries,
		search,
		{
			none: 'No Number Masking session is active on this Plivo account now',
			noMatch: (text) => `No active Number Masking session has a number matching "${text}"`,
			otherwise: 'enter its session UUID By UUID',
			hint: 'Plivo lists a session until it expires',
		},
		matches,
	);
}
