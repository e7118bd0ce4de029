/**
 * The credential: Basic auth_id:auth_token from a function (n8n runs no expression engine for
 * it, once per request), the Test request and its messages as before. That the header really
 * reaches Plivo is checked where requests are sent: test/engine (nock's basicAuth, the fake
 * Plivo's check) and the end-to-end suite.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

import { PlivoRecordingApi } from '../../../credentials/PlivoRecordingApi.credentials';

const credential = new PlivoRecordingApi();
const data = { authId: 'MAXXXXXXXXXXXXXXXXXX', authToken: 'secret-token-0123456789', baseUrl: 'https://api.plivo.com' };

async function authenticate(options: IHttpRequestOptions, credentials: Record<string, unknown> = data) {
	if (typeof credential.authenticate !== 'function') throw new Error('authenticate is not a function');
	return await credential.authenticate.call(credential, credentials as never, options);
}

describe('PlivoRecordingApi.authenticate', () => {
	it('is a function: no {{$credentials…}} expression for n8n to evaluate per request', () => {
		expect(typeof credential.authenticate).toBe('function');
	});

	it('adds Basic auth_id:auth_token and keeps the rest of the request', async () => {
		const options: IHttpRequestOptions = {
			method: 'POST',
			url: 'https://api.plivo.com/v1/Account/MAXXXXXXXXXXXXXXXXXX/Conference/x/Record/',
			body: { file_format: 'mp3' },
			headers: { 'x-trace': '1' },
			json: true,
		};
		const before = structuredClone(options);

		const authenticated = await authenticate(options);

		expect(authenticated).toEqual({ ...before, auth: { username: data.authId, password: data.authToken } });
		// The caller's options are left as they were.
		expect(options).toEqual(before);
	});

	it('trims the Auth ID as the request URL does (a pasted space would fail Basic auth only)', async () => {
		const authenticated = await authenticate(
			{ url: 'https://api.plivo.com/' },
			{ ...data, authId: ` ${data.authId}\n` },
		);
		expect(authenticated.auth).toEqual({ username: data.authId, password: data.authToken });
	});

	it('replaces any auth the request carried', async () => {
		const authenticated = await authenticate({
			url: 'https://api.plivo.com/',
			auth: { username: 'other', password: 'other' },
		});
		expect(authenticated.auth).toEqual({ username: data.authId, password: data.authToken });
	});
});

describe('PlivoRecordingApi: fields and Test', () => {
	it('keeps its type name and property names', () => {
		expect(credential.name).toBe('plivoRecordingApi');
		expect(credential.properties.map((property) => property.name)).toEqual(['authId', 'authToken', 'baseUrl']);
		expect(credential.properties.find((property) => property.name === 'authToken')?.typeOptions).toEqual({
			password: true,
		});
	});

	it('tests with GET /v1/Account/{Auth ID}/ and says what to fix on 401 and 404', () => {
		expect(credential.test.request).toEqual({
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '=/v1/Account/{{$credentials.authId}}/',
			method: 'GET',
		});
		expect(credential.test.rules?.map((rule) => (rule as { properties: { value: number } }).properties.value)).toEqual([
			401, 404,
		]);
	});
});
