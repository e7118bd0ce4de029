import {
	readSignatureHeaders,
	REFUSAL_MESSAGES,
	verifyCallback,
	type CallbackRequest,
	type SignatureHeaders,
} from '../../../../nodes/shared/callbacks/verify';

// An independent signer (written apart from nodes/shared/callbacks/signature.ts), from the fake Plivo.
import { signatureV2, signatureV3 } from '../../../../tools/fakePlivo';
import type { StringParams as Params } from '../../../../tools/fakePlivo/types';

const PRODUCTION = 'http://127.0.0.1:5678/webhook/abc/webhook';
const TEST = 'http://127.0.0.1:5678/webhook-test/abc/webhook';

describe('readSignatureHeaders (decides from the headers alone)', () => {
	const v3 = { 'x-plivo-signature-v3': 'c2lnbmF0dXJl', 'x-plivo-signature-v3-nonce': '123' };
	const v2 = { 'x-plivo-signature-v2': 'djI=', 'x-plivo-signature-v2-nonce': '456' };

	it('reads V3, and prefers it when V2 came too', () => {
		expect(readSignatureHeaders(v3, { acceptV2: false })).toEqual({
			version: 'v3',
			signature: 'c2lnbmF0dXJl',
			nonce: '123',
		});
		expect(readSignatureHeaders({ ...v2, ...v3 }, { acceptV2: true })).toEqual({
			version: 'v3',
			signature: 'c2lnbmF0dXJl',
			nonce: '123',
		});
	});

	it('joins a repeated header, as several signatures', () => {
		expect(readSignatureHeaders({ ...v3, 'x-plivo-signature-v3': ['a', 'b'] }, { acceptV2: false })).toMatchObject({
			signature: 'a,b',
		});
	});

	it('refuses a request without signature headers', () => {
		expect(readSignatureHeaders({}, { acceptV2: true })).toEqual({ refused: 'missing' });
	});

	// The downgrade: an empty or missing V3 nonce once fell back to V2, which signs no fields.
	it('refuses an incomplete V3 pair instead of falling back to V2', () => {
		expect(readSignatureHeaders({ 'x-plivo-signature-v3': 'c2ln', ...v2 }, { acceptV2: true })).toEqual({
			refused: 'incomplete',
		});
		expect(readSignatureHeaders({ 'x-plivo-signature-v3-nonce': '123', ...v2 }, { acceptV2: true })).toEqual({
			refused: 'incomplete',
		});
		expect(
			readSignatureHeaders(
				{ 'x-plivo-signature-v3': 'c2ln', 'x-plivo-signature-v3-nonce': '', ...v2 },
				{ acceptV2: true },
			),
		).toEqual({ refused: 'incomplete' });
	});

	it('refuses V2 alone unless V2 is accepted, and an incomplete V2 pair', () => {
		expect(readSignatureHeaders(v2, { acceptV2: false })).toEqual({ refused: 'v2-not-accepted' });
		expect(readSignatureHeaders(v2, { acceptV2: true })).toEqual({ version: 'v2', signature: 'djI=', nonce: '456' });
		expect(readSignatureHeaders({ 'x-plivo-signature-v2': 'djI=' }, { acceptV2: true })).toEqual({
			refused: 'incomplete',
		});
	});

	it('has a message for every refusal, naming no secret', () => {
		for (const message of Object.values(REFUSAL_MESSAGES)) expect(message).toMatch(/Signature|signature/);
	});
});

describe('verifyCallback', () => {
	const TOKEN = 'dGVzdEF1dGhUb2tlbkZvclBsaXZvUmVjb3JkaW5nMDE';
	const NONCE = '12345678901234567890';
	const params: Params = { record_url: 'https://media.plivo.com/r.mp3', recording_duration: '17' };

	function request(urls = [PRODUCTION, TEST]): CallbackRequest {
		return { method: 'POST', params, urls };
	}

	function v3(url: string, token: string): SignatureHeaders {
		return { version: 'v3', signature: signatureV3('POST', url, params, NONCE, token), nonce: NONCE };
	}

	function v2(url: string, token: string): SignatureHeaders {
		return { version: 'v2', signature: signatureV2(url, NONCE, token), nonce: NONCE };
	}

	it('holds when the V3 signature matches any candidate URL, and only then', () => {
		expect(verifyCallback(request(), v3(TEST, TOKEN), TOKEN)).toBe(true);
		expect(verifyCallback(request([PRODUCTION]), v3(TEST, TOKEN), TOKEN)).toBe(false);
		expect(verifyCallback(request(), v3(PRODUCTION, 'another-token'), TOKEN)).toBe(false);
	});

	it('holds when any of several signatures matches', () => {
		const signature = v3(PRODUCTION, TOKEN);
		expect(verifyCallback(request(), { ...signature, signature: `bm90IGl0,${signature.signature}` }, TOKEN)).toBe(true);
	});

	it('checks V2 against the URL and nonce', () => {
		expect(verifyCallback(request(), v2(PRODUCTION, TOKEN), TOKEN)).toBe(true);
		expect(verifyCallback(request(), v2(PRODUCTION, TOKEN), 'another-token')).toBe(false);
	});

	it('never holds with an empty auth token, or with no candidate URL', () => {
		expect(verifyCallback(request(), v3(PRODUCTION, ''), '')).toBe(false);
		expect(verifyCallback(request(), v2(PRODUCTION, ''), '')).toBe(false);
		expect(verifyCallback(request([]), v3(PRODUCTION, TOKEN), TOKEN)).toBe(false);
	});
});
