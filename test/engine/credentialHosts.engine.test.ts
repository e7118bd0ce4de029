/**
 * The README's promise about the Auth Token, kept by n8n-core's real request helpers: it goes
 * to the credential's Base URL and nowhere else. A Plivo (or a proxy) answering a redirect to
 * another host must not take the request, and its Basic auth, there.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { runWorkflow } from '../support/engine';
import workflow from './workflows/start-recording-3-items.json';

const AUTH_ID = 'MAENGINETEST00000002';
const AUTH_TOKEN = 'engine-redirect-token-0123456789';

type Seen = { method: string; url: string; authorization?: string };

/** A server on 127.0.0.1 that records what it gets and answers with `answer`. */
async function server(answer: (response: http.ServerResponse) => void) {
	const seen: Seen[] = [];
	const listening = http.createServer((request, response) => {
		seen.push({ method: request.method ?? '', url: request.url ?? '', authorization: request.headers.authorization });
		request.resume();
		answer(response);
	});
	await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
	return {
		seen,
		url: `http://127.0.0.1:${(listening.address() as AddressInfo).port}`,
		close: () => new Promise((resolve) => listening.close(resolve)),
	};
}

describe('the Auth Token and redirects (n8n-core request helpers)', () => {
	it('a redirect from the Base URL to another host is not followed: that host gets nothing', async () => {
		const elsewhere = await server((response) =>
			response.writeHead(202, { 'content-type': 'application/json' }).end('{"recording_id":"stolen"}'),
		);
		const base = await server((response) =>
			response.writeHead(302, { location: `${elsewhere.url}/v1/Account/${AUTH_ID}/Conference/x/Record/` }).end(),
		);
		try {
			const result = await runWorkflow(workflow, {
				credentials: { plivoRecordingApi: { authId: AUTH_ID, authToken: AUTH_TOKEN, baseUrl: base.url } },
				triggerItems: [{ conference: 'Daily Standup' }],
			});

			expect(base.seen).toHaveLength(1);
			expect(base.seen[0].authorization).toBe(`Basic ${Buffer.from(`${AUTH_ID}:${AUTH_TOKEN}`).toString('base64')}`);
			expect(elsewhere.seen).toEqual([]);
			expect(result.error()?.message).toBe('Plivo rejected the request (302)');
			expect(result.error()?.message).not.toContain(AUTH_TOKEN);
		} finally {
			await base.close();
			await elsewhere.close();
		}
	});
});
