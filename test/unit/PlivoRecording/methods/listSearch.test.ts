/** The editor's list of live conferences for Conference Name (From List). */
import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { searchLiveConferences } from '../../../../nodes/PlivoRecording/methods/listSearch';

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
