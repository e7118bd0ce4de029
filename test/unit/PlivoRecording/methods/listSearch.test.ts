/** The editor's list of live conferences for Conference Name (From List). */
import type { ILoadOptionsFunctions } from 'n8n-workflow';

import {
	searchLiveCalls,
	searchLiveConferences,
	searchMaskingSessions,
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

describe('searchMaskingSessions', () => {
	const session = {
		session_uuid: '9b2c1e4a-6f0d-4b8e-a1c3-5d7e9f0a2b4c',
		first_party: '917708772011',
		second_party: '919976106830',
		virtual_number: '14155550300',
		expiry_time: '2026-12-06 19:00:00.000000 +0000 UTC',
		status: 'active',
	};
	// The masking session list wraps its page: { api_id, response: { meta, objects } }.
	const page = (objects: object[]) => ({
		statusCode: 200,
		body: {
			api_id: 'a',
			response: { meta: { limit: 20, next: null, offset: 0, total_count: objects.length }, objects },
		},
	});

	it("asks for the active sessions of the list's 30-day window and reads the page inside `response`", async () => {
		const { functions, requests } = context(page([session]));

		const result = await searchMaskingSessions.call(functions);

		expect(result.results).toEqual([
			{
				name: '+917708772011 ↔ +919976106830 via +14155550300',
				value: session.session_uuid,
				description: `${session.session_uuid}, expires ${session.expiry_time}`,
			},
		]);
		expect(requests).toHaveLength(1);
		const qs = requests[0].options.qs as Record<string, unknown>;
		expect(requests[0].options.url).toBe(`https://api.plivo.com/v1/Account/${AUTH_ID}/Masking/Session/`);
		expect(qs).toEqual({ status: 'active', created_time__gte: expect.any(String), limit: 20, offset: 0 });
		const since = Date.parse(`${String(qs.created_time__gte).replace(' ', 'T')}:00Z`);
		expect(Date.now() - since).toBeGreaterThan(29 * 86_400_000);
		expect(Date.now() - since).toBeLessThanOrEqual(30 * 86_400_000);
	});

	it("a whole number is also asked of Plivo's three number filters, each session listed once", async () => {
		const { functions, requests } = context(page([session]));

		const result = await searchMaskingSessions.call(functions, '+91 77087 72011');

		expect(result.results.map((entry) => entry.value)).toEqual([session.session_uuid]);
		expect(requests.map((request) => request.options.qs)).toEqual([
			expect.not.objectContaining({ first_party: expect.anything() }),
			expect.objectContaining({ first_party: '917708772011' }),
			expect.objectContaining({ second_party: '917708772011' }),
			expect.objectContaining({ virtual_number: '917708772011' }),
		]);
	});

	it('a part of a number matches within one number only, not across two', async () => {
		const { functions } = context(page([session]));

		expect((await searchMaskingSessions.call(functions, '72011')).results).toHaveLength(1);
		// The end of the first party and the start of the second: no session has that number.
		expect((await searchMaskingSessions.call(functions, '20119199')).results).toEqual([
			expect.objectContaining({ value: '', name: expect.stringContaining('No active Number Masking session') }),
		]);
	});

	it('nothing active: one entry says so and how to go on', async () => {
		const { functions } = context(page([]));

		expect((await searchMaskingSessions.call(functions)).results).toEqual([
			{
				name: 'No Number Masking session is active on this Plivo account now: enter its session UUID By UUID',
				value: '',
				description: 'Plivo lists a session until it expires',
			},
		]);
	});
});
