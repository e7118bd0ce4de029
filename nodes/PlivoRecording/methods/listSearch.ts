import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { plivoClient } from '../../shared/transport/client';

/**
 * The editor's list for Conference Name (From List): the conferences live on the account now
 * (`GET Conference/`, all names in one answer), those containing the search text, in Plivo's
 * order. Paced with every other call to the account. When none is live, one entry says so
 * (an empty list would only say "No results"); its value is empty, so choosing it changes nothing.
 */
export async function searchLiveConferences(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const plivo = await plivoClient.call(this);
	const response = await plivo.forItem(0).send({ method: 'GET', path: 'Conference/', startsRecording: false });
	const names = Array.isArray(response.body.conferences)
		? response.body.conferences.filter((name): name is string => typeof name === 'string')
		: [];
	const search = (filter ?? '').trim().toLowerCase();
	const results: INodeListSearchItems[] = names
		.filter((name) => search === '' || name.toLowerCase().includes(search))
		.map((name) => ({ name, value: name }));
	if (results.length > 0) return { results };

	const none =
		names.length === 0
			? 'No conference is live on this Plivo account now'
			: `No live conference matches "${(filter ?? '').trim()}"`;
	return {
		results: [
			{
				name: `${none}: start one, or enter its name By Name`,
				value: '',
				description: 'Plivo lists a conference only while someone is in it',
			},
		],
	};
}
