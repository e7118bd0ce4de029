import { candidateCallbackUrls, verifyCallback, type CallbackRequest } from '../../nodes/shared/callbacks/verify';

// An independent signer (written apart from nodes/shared/signature.ts), from the fake Plivo.
type Params = Record<string, string | string[]>;
interface FakePlivoSigner {
	signatureV3(method: 'GET' | 'POST', url: string, params: Params, nonce: string, authToken: string): string;
	signatureV2(url: string, nonce: string, authToken: string): string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { signatureV3, signatureV2 } = require('../support/fakePlivo') as FakePlivoSigner;

const PRODUCTION = 'http://127.0.0.1:5678/webhook/abc/webhook';
const TEST = 'http://127.0.0.1:5678/webhook-test/abc/webhook';

describe('candidateCallbackUrls', () => {
	it('gives only the production URL for a call to the production URL', () => {
		expect(candidateCallbackUrls(PRODUCTION, '/webhook/abc/webhook')).toEqual([PRODUCTION]);
	});

	it('adds the test URL for a call to the test endpoint', () => {
		expect(candidateCallbackUrls(PRODUCTION, '/webhook-test/abc/webhook')).toEqual([PRODUCTION, TEST]);
	});

	it('keeps the query string the request carried on every candidate', () => {
		expect(candidateCallbackUrls(PRODUCTION, '/webhook-test/abc/webhook?flow=a&x=1')).toEqual([
			`${PRODUCTION}?flow=a&x=1`,
			`${TEST}?flow=a&x=1`,
		]);
	});

	it('swaps custom endpoint names (N8N_ENDPOINT_WEBHOOK / _TEST)', () => {
		expect(
			candidateCallbackUrls('https://n8n.example.com/hooks/abc/webhook', '/hooks-test/abc/webhook'),
		).toEqual(['https://n8n.example.com/hooks/abc/webhook', 'https://n8n.example.com/hooks-test/abc/webhook']);
	});

	it('keeps the path prefix of n8n behind a proxy (WEBHOOK_URL https://x.com/n8n/)', () => {
		expect(candidateCallbackUrls('https://x.com/n8n/webhook/abc/webhook', '/webhook-test/abc/webhook')).toEqual([
			'https://x.com/n8n/webhook/abc/webhook',
			'https://x.com/n8n/webhook-test/abc/webhook',
		]);
	});

	it('adds the public URL with the query the request carried, not a second copy of its own', () => {
		expect(
			candidateCallbackUrls(PRODUCTION, '/webhook/abc/webhook?flow=a', 'https://calls.example.com/hooks/plivo?flow=a'),
		).toEqual([`${PRODUCTION}?flow=a`, 'https://calls.example.com/hooks/plivo?flow=a']);
	});

	it('trims the public URL and drops its fragment (Plivo retry settings)', () => {
		expect(
			candidateCallbackUrls(PRODUCTION, '/webhook/abc/webhook', '  https://calls.example.com/hooks/plivo#ct=2000&rc=3  '),
		).toEqual([PRODUCTION, 'https://calls.example.com/hooks/plivo']);
	});

	it('ignores a blank public URL', () => {
		expect(candidateCallbackUrls(PRODUCTION, '/webhook/abc/webhook', '   ')).toEqual([PRODUCTION]);
	});

	it('lists each URL once', () => {
		expect(candidateCallbackUrls(PRODUCTION, '/webhook/abc/webhook?flow=a', `${PRODUCTION}?other=1`)).toEqual([
			`${PRODUCTION}?flow=a`,
		]);
	});

	it('adds nothing from a called path that does not end like the production URL', () => {
		expect(candidateCallbackUrls(PRODUCTION, '/somewhere/else')).toEqual([PRODUCTION]);
	});
});

describe('verifyCallback', () => {
	const TOKEN = 'dGVzdEF1dGhUb2tlbkZvclBsaXZvUmVjb3JkaW5nMDE';
	const NONCE = '12345678901234567890';
	const params: Params = { record_url: 'https://media.plivo.com/r.mp3', recording_duration: '17' };

	function request(headers: CallbackRequest['headers'], urls = [PRODUCTION, TEST]): CallbackRequest {
		return { method: 'POST', headers, params, urls };
	}

	function v3Headers(url: string, token: string) {
		return {
			'x-plivo-signature-v3': signatureV3('POST', url, params, NONCE, token),
			'x-plivo-signature-v3-nonce': NONCE,
		};
	}

	function v2Headers(url: string, token: string) {
		return { 'x-plivo-signature-v2': signatureV2(url, NONCE, token), 'x-plivo-signature-v2-nonce': NONCE };
	}

	it('is valid when the V3 signature matches any candidate URL', () => {
		const headers = v3Headers(TEST, TOKEN);

		expect(verifyCallback(request(headers), TOKEN)).toBe('valid');
		expect(verifyCallback(request(headers, [PRODUCTION]), TOKEN)).toBe('invalid');
	});

	it('is missing without signature headers', () => {
		expect(verifyCallback(request({}), TOKEN)).toBe('missing');
		expect(verifyCallback(request({ 'x-plivo-signature-v3-nonce': NONCE }), TOKEN)).toBe('missing');
	});

	it('is invalid with a signature but no nonce', () => {
		const signature = v3Headers(PRODUCTION, TOKEN)['x-plivo-signature-v3'];

		expect(verifyCallback(request({ 'x-plivo-signature-v3': signature }), TOKEN)).toBe('invalid');
	});

	it('accepts the signature header as an array (a repeated header)', () => {
		const signature = v3Headers(PRODUCTION, TOKEN)['x-plivo-signature-v3'];
		const headers = { 'x-plivo-signature-v3': ['bm90IGl0', signature], 'x-plivo-signature-v3-nonce': NONCE };

		expect(verifyCallback(request(headers), TOKEN)).toBe('valid');
	});

	it('checks V2 when no V3 headers came, and prefers V3 when both came', () => {
		const v2 = v2Headers(PRODUCTION, TOKEN);
		const wrongV3 = v3Headers(PRODUCTION, 'another-token');

		expect(verifyCallback(request(v2), TOKEN)).toBe('valid');
		expect(verifyCallback(request(v2), 'another-token')).toBe('invalid');
		expect(verifyCallback(request({ ...v2, ...wrongV3 }), TOKEN)).toBe('invalid');
	});

	it('never validates with an empty auth token', () => {
		expect(verifyCallback(request(v3Headers(PRODUCTION, '')), '')).toBe('invalid');
		expect(verifyCallback(request(v2Headers(PRODUCTION, '')), '')).toBe('invalid');
	});

	it('is invalid with no candidate URL', () => {
		expect(verifyCallback(request(v3Headers(PRODUCTION, TOKEN), []), TOKEN)).toBe('invalid');
	});
});
