/**
 * What the fake Plivo's route tests share (fakePlivoMpc / Call / Transcription .test.ts): the
 * fake and a callback receiver for a describe block, a bare HTTP client, and a V3 check with
 * both the fake's own signer and the official SDK's.
 */
import http from 'http';
import { AddressInfo } from 'net';

import { signatureV3, startFakePlivo } from '../../../tools/fakePlivo';
import type { FakeOptions, FakePlivo } from '../../../tools/fakePlivo/types';

// Plivo's SDK, plain CommonJS: typed loosely on purpose.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const plivo = require('plivo');

export const AUTH_ID = 'MAXXXXXXXXXXXXXXXXXX';
export const AUTH_TOKEN = 'dGVzdC10b2tlbi1mb3ItdGhlLWZha2UtcGxpdm8t';
export const ACCT = `/v1/Account/${AUTH_ID}/`;

export interface Reply {
	status: number;
	text: string;
	json: any;
}

/** A request as the package's node sends it: Basic auth, a JSON body. */
export function call(baseUrl: string, method: string, path: string, json?: unknown): Promise<Reply> {
	const headers: Record<string, string> = {
		Authorization: 'Basic ' + Buffer.from(`${AUTH_ID}:${AUTH_TOKEN}`).toString('base64'),
	};
	let body: string | undefined;
	if (json !== undefined) {
		body = JSON.stringify(json);
		headers['Content-Type'] = 'application/json';
		// without it Node sends a DELETE's body unframed
		headers['Content-Length'] = String(Buffer.byteLength(body));
	}
	return new Promise((resolve, reject) => {
		const req = http.request(baseUrl + path, { method, headers, agent: false }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				let parsed: any;
				try {
					parsed = JSON.parse(text);
				} catch {
					parsed = undefined;
				}
				resolve({ status: res.statusCode || 0, text, json: parsed });
			});
		});
		req.on('error', reject);
		req.end(body);
	});
}

export interface Arrival {
	method: string;
	/** path and query as they arrived */
	url: string;
	headers: http.IncomingHttpHeaders;
	/** the form body (POST) or the query (GET), as an object */
	params: Record<string, string>;
	/** the body as it came */
	body: string;
}

export interface Receiver {
	url: string;
	arrivals: Arrival[];
	close: () => Promise<void>;
}

/** A local server that records what arrives and answers 200. */
export async function startReceiver(): Promise<Receiver> {
	const arrivals: Arrival[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const url = req.url || '';
			const body = Buffer.concat(chunks).toString('utf8');
			const params =
				req.method === 'GET'
					? Object.fromEntries(new URL(url, 'http://x').searchParams)
					: Object.fromEntries(new URLSearchParams(body));
			arrivals.push({ method: req.method || '', url, headers: req.headers, params, body });
			res.writeHead(200, { 'Content-Type': 'text/plain' });
			res.end('ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		arrivals,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

/**
 * True when the arrival carries a valid V3 signature for the URL it was sent to (`sentTo`,
 * without the fragment), by the fake's own signer and by the official SDK.
 */
export function validV3(arrival: Arrival, receiverUrl: string, sentTo: string): boolean {
	const nonce = String(arrival.headers['x-plivo-signature-v3-nonce']);
	const signature = String(arrival.headers['x-plivo-signature-v3']);
	if (arrival.method === 'GET') {
		const full = receiverUrl + arrival.url;
		return (
			signatureV3('GET', full, {}, nonce, AUTH_TOKEN) === signature &&
			plivo.validateV3Signature('GET', full, nonce, AUTH_TOKEN, signature) === true
		);
	}
	return (
		signatureV3('POST', sentTo, arrival.params, nonce, AUTH_TOKEN) === signature &&
		plivo.validateV3Signature('POST', sentTo, nonce, AUTH_TOKEN, signature, arrival.params) === true
	);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `n` callbacks arrived (or ~2 s passed). */
export async function arrivalsOf(receiver: Receiver, n: number): Promise<Arrival[]> {
	for (let i = 0; i < 200 && receiver.arrivals.length < n; i++) await sleep(10);
	return receiver.arrivals;
}

/** A describe block's fake Plivo and callback receiver (read them inside the tests). */
export interface FakePlivoRig {
	fake: FakePlivo;
	receiver: Receiver;
}

/**
 * Starts a fake Plivo on the test account (no rate limit unless `options` sets one) and a
 * callback receiver for the describe block it is called in; every test starts from an empty
 * account and no arrivals.
 */
export function useFakePlivo(options: FakeOptions = {}): FakePlivoRig {
	const rig = {} as FakePlivoRig;
	beforeAll(async () => {
		rig.fake = await startFakePlivo({ authId: AUTH_ID, authToken: AUTH_TOKEN, rateLimit: null, ...options });
		rig.receiver = await startReceiver();
	});
	afterAll(async () => {
		await rig.fake?.close();
		await rig.receiver?.close();
	});
	beforeEach(() => {
		rig.fake.reset();
		rig.receiver.arrivals.length = 0;
	});
	return rig;
}
