/** The editor's list of live conferences for Conference Name (From List). */
import type { ILoadOptionsFunctions } from 'n8n-workflow';

import {
	searchLiveCalls,
	searchLiveConferences,
	searchMultiPartyCalls,
} from '../../../../nodes/PlivoRecording/methods/listSearch';

const AUTH_ID = 'MAXXXXXXXXXXXXXXXXXX';

/** A load-options context whose Plivo answers `GET Conference/` with `answer`; records the requests. */
function context(answer: { statusCode: number; body: unknown }) {
	const requests: Array<{ type: string; options: Record<string, unknown> }> = [];
	const functions = {
		getCredentials: async () => ({
			authId: AUTH_ID,
			authToken: 'token-never-shown',
			baseUrl: 'https://api.plivo.com/',
		}),
		getNode: () => ({ name: 'Plivo Recording', credentials: { plivoRecordingApi: { id: '1', name: 'Plivo' } } }),
		helpers: {
			httpRequestWithAuthentication: async (type: string, options: Record<string, unknown>) => {
				requests.push({ type, options });
				return { headers: {}, ...answer };
			},
		},
	} as unknown as ILoadOptionsFunctions;
	return { functions, requests };
}

describe('searchLiveConferences', () => {
	it('asks Plivo for the live conferences, with the credential, and lists each by name', async () => {
		const { functions, requests } = context({
			statusCode: 200,
			body: { api_id: 'a', conferences: ['Daily Standup', 'Board / Q3'] },
		});

		const result = await searchLiveConferences.call(functions);

		expect(result).toEqual({
			results: [
				{ name: 'Daily Standup', value: 'Daily Standup' },
				{ name: 'Board / Q3', value: 'Board / Q3' },
			],
		});
		expect(requests).toEqual([
			{
				type: 'plivoRecordingApi',
				options: expect.objectContaining({
					method: 'GET',
					url: `https://api.plivo.com/v1/Account/${AUTH_ID}/Conference/`,
					disableFollowRedirect: true,
				}),
			},
		]);
	});

	it('keeps the names containing the search text, whatever the case', async () => {
		const { functions } = context({
			statusCode: 200,
			body: { conferences: ['Daily Standup', 'Board / Q3', 'daily sales'] },
		});

		const result = await searchLiveConferences.call(functions, ' DAILY ');

		expect(result.results.map((item) => item.value)).toEqual(['Daily Standup', 'daily sales']);
	});

	it('an account with no live conference says so, with nothing to pick', async () => {
		const { functions } = context({ statusCode: 200, body: { api_id: 'a', conferences: [] } });

		const result = await searchLiveConferences.call(functions);

		expect(result.results).toEqual([
			{
				name: 'No conference is live on this Plivo account now: start one, or enter its name By Name',
				value: '',
				description: expect.stringContaining('only while someone is in it'),
			},
		]);
	});

	it('a search that matches none says so', async () => {
		const { functions } = context({ statusCode: 200, body: { conferences: ['Daily Standup'] } });

		const result = await searchLiveConferences.call(functions, 'board');

		expect(result.results).toEqual([
			expect.objectContaining({
				name: 'No live conference matches "board": start one, or enter its name By Name',
				value: '',
			}),
		]);
	});

	it("a rejected credential fails as the node's calls do, with Plivo's text and no token", async () => {
		const { functions } = context({
			statusCode: 401,
			body: { api_id: 'a', error: 'Authentication credentials invalid' },
		});

		const error = await searchLiveConferences
			.call(functions)
			.catch((caught: Error & { description?: string }) => caught);

		expect(error).toMatchObject({ message: 'Plivo rejected the credentials (401)' });
		expect((error as { description?: string }).description).toContain('Authentication credentials invalid');
		expect(JSON.stringify(error)).not.toContain('token-never-shown');
	});
});

describe('searchLiveCalls', () => {
	it('asks Plivo for the live calls and lists each by UUID, narrowed by the search', async () => {
		const { functions, requests } = context({ statusCode: 200, body: { api_id: 'a', calls: ['abc-1', 'def-2'] } });

		expect(await searchLiveCalls.call(functions)).toEqual({
			results: [
				{ name: 'abc-1', value: 'abc-1' },
				{ name: 'def-2', value: 'def-2' },
			],
		});
		expect((await searchLiveCalls.call(functions, 'DEF')).results.map((item) => item.value)).toEqual(['def-2']);
		expect(requests[0].options).toMatchObject({
			method: 'GET',
			url: `https://api.plivo.com/v1/Account/${AUTH_ID}/Call/`,
			qs: { status: 'live' },
		});
	});

	it('no live call: says so, with nothing to pick', async () => {
		const { functions } = context({ statusCode: 200, body: { api_id: 'a', calls: [] } });

		expect((await searchLiveCalls.call(functions)).results).toEqual([
			expect.objectContaining({
				name: 'No call is live on this Plivo account now: enter its Call UUID By UUID',
				value: '',
			}),
		]);
	});
});

describe('searchMultiPartyCalls', () => {
	it("lists the active MPCs by name, valued by UUID (names need not be unique), from Plivo's paged list", async () => {
		const { functions, requests } = context({
			statusCode: 200,
			body: {
				api_id: 'a',
				meta: { count: 2, limit: 20, next: null, offset: 0, previous: null },
				objects: [
					{ friendly_name: 'Support 42', mpc_uuid: 'u-1', status: 'Active' },
					{ friendly_name: 'Sales', mpc_uuid: 'u-2', status: 'Active' },
				],
			},
		});

		expect(await searchMultiPartyCalls.call(functions, 'support')).toEqual({
			results: [{ name: 'Support 42', value: 'u-1', description: 'u-1' }],
		});
		expect(requests[0].options).toMatchObject({
			method: 'GET',
			url: `https://api.plivo.com/v1/Account/${AUTH_ID}/MultiPartyCall/`,
			qs: { status: 'active', limit: 20, offset: 0 },
		});
	});

	it('none active: says so, with nothing to pick', async () => {
		const { functions } = context({ statusCode: 200, body: { api_id: 'a', meta: {}, objects: [] } });

		expect((await searchMultiPartyCalls.call(functions)).results).toEqual([
			expect.objectContaining({
				name: 'No Multi-Party Call is active on this Plivo account now: start one, or enter its name By Name',
				value: '',
			}),
		]);
	});
});
