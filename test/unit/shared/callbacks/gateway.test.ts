/**
 * The attacks on "only Plivo can start this workflow", each as the attacker sends it to the
 * trigger: a signature downgrade to V2, replays of a captured callback re-cut so the
 * recording-id filter misses them, and unsigned or oversized bodies meant to stall n8n.
 */
import { PlivoRecordingTrigger } from '../../../../nodes/PlivoRecordingTrigger/PlivoRecordingTrigger.node';
import { MAX_CALLBACK_CHARS, MAX_CALLBACK_FIELDS, readCallbackFields } from '../../../../nodes/shared/callbacks/bounds';
import { signatureV2, signatureV3, signatureV3Payload } from '../../../../tools/fakePlivo';
import type { StringParams as Params } from '../../../../tools/fakePlivo/types';
import {
	AUTH_TOKEN,
	buildWebhookContext,
	runTrigger,
	freshNonce,
	PRODUCTION_PATH,
	PRODUCTION_URL,
	type WebhookCall,
} from '../../../support/webhookContext';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const CALLBACK: Params = {
	conference_name: 'Board',
	record_url: 'https://media.plivo.com/v1/Account/MAXXXXXXXXXXXXXXXXXX/Recording/rec-1.mp3',
	recording_duration: '17',
	recording_id: 'rec-1',
};

function v3(method: 'GET' | 'POST', url: string, params: Params, nonce: string) {
	return {
		'x-plivo-signature-v3': signatureV3(method, url, params, nonce, AUTH_TOKEN),
		'x-plivo-signature-v3-nonce': nonce,
	};
}

async function run(call: WebhookCall) {
	const outcome = await runTrigger({ nodeId: 'attacked-trigger', ...call });
	// n8n answers 200 once the execution exists.
	if (outcome.result.workflowData) outcome.n8nAnswers(200);
	return outcome;
}

const started = (outcome: Awaited<ReturnType<typeof run>>) => outcome.result.workflowData !== undefined;

describe('V2 downgrade', () => {
	const v2Only = (body: Params, nonce = freshNonce()) => ({
		method: 'POST' as const,
		originalUrl: PRODUCTION_PATH,
		headers: {
			...FORM,
			'x-plivo-signature-v2': signatureV2(PRODUCTION_URL, nonce, AUTH_TOKEN),
			'x-plivo-signature-v2-nonce': nonce,
		},
		body,
	});

	it('a V2-only callback is refused by default, before the credential or the body is read', async () => {
		const outcome = await run(v2Only({ ...CALLBACK, recording_id: 'ATTACKER' }));

		expect(outcome.response).toMatchObject({ status: 401, body: expect.stringContaining('Only X-Plivo-Signature-V3') });
		expect(started(outcome)).toBe(false);
		expect(outcome.mocks.getCredentials).not.toHaveBeenCalled();
		expect(outcome.mocks.getBodyData).not.toHaveBeenCalled();
	});

	it('an empty V3 nonce no longer falls back to a V2 pair sent beside it', async () => {
		const attack = v2Only({ ...CALLBACK, recording_id: 'ATTACKER' });
		const outcome = await run({
			...attack,
			headers: { ...attack.headers, 'x-plivo-signature-v3': 'c2lnbmF0dXJl', 'x-plivo-signature-v3-nonce': '' },
			parameters: { options: { acceptV2Signatures: true } },
		});

		expect(outcome.response.status).toBe(401);
		expect(started(outcome)).toBe(false);
	});

	it('with Accept V2 Signatures on, one observed V2 pair is still good for one callback only', async () => {
		const nonce = freshNonce();
		const parameters = { options: { acceptV2Signatures: true } };
		const genuine = await run({ ...v2Only(CALLBACK, nonce), parameters });
		const forged = await run({ ...v2Only({ ...CALLBACK, recording_id: 'ATTACKER' }, nonce), parameters });

		expect(started(genuine)).toBe(true);
		expect(started(forged)).toBe(false);
	});
});

describe('replays of a captured V3 callback', () => {
	// Ignore Duplicate Callbacks off: the nonce alone must tell the replay apart.
	const parameters = { ignoreDuplicates: false };

	/** Plivo's genuine callback, then the attacker's replay of its headers. */
	async function captureAndReplay(replay: (nonce: string) => WebhookCall) {
		const nonce = freshNonce();
		const genuine = await run({
			method: 'POST',
			originalUrl: PRODUCTION_PATH,
			headers: { ...FORM, ...v3('POST', PRODUCTION_URL, CALLBACK, nonce) },
			body: { ...CALLBACK },
			parameters,
		});
		expect(started(genuine)).toBe(true);
		return await run({ ...replay(nonce), parameters });
	}

	it('re-cut fields (recording_id swallowing the next key and value) verify, but start nothing', async () => {
		// Sorted keys are glued with no separator: "…recording_duration17recording_idrec-1", so
		// the same signature holds with recording_duration swallowing recording_id.
		const cut: Params = {
			conference_name: 'Board',
			record_url: CALLBACK.record_url,
			recording_duration: '17recording_idrec-1',
		};
		expect(signatureV3Payload('POST', PRODUCTION_URL, cut)).toBe(signatureV3Payload('POST', PRODUCTION_URL, CALLBACK));

		const outcome = await captureAndReplay((nonce) => ({
			method: 'POST',
			originalUrl: PRODUCTION_PATH,
			headers: { ...FORM, ...v3('POST', PRODUCTION_URL, CALLBACK, nonce) },
			body: cut,
		}));
		expect(outcome.response).toMatchObject({ status: 200, body: 'OK' });
		expect(started(outcome)).toBe(false);
	});

	it('recording_id as a JSON list starts nothing', async () => {
		const outcome = await captureAndReplay((nonce) => ({
			method: 'POST',
			originalUrl: PRODUCTION_PATH,
			headers: { 'content-type': 'application/json', ...v3('POST', PRODUCTION_URL, CALLBACK, nonce) },
			body: { ...CALLBACK, recording_id: ['rec-1'] },
		}));
		expect(started(outcome)).toBe(false);
	});

	it('the same callback as a GET starts nothing', async () => {
		const nonce = freshNonce();
		const query = new URLSearchParams(CALLBACK as Record<string, string>).toString();
		const parameters = { ignoreDuplicates: false };
		const genuine = await run({
			method: 'GET',
			originalUrl: `${PRODUCTION_PATH}?${query}`,
			headers: v3('GET', PRODUCTION_URL, CALLBACK, nonce),
			query: { ...CALLBACK },
			parameters,
		});
		// A GET signs "key=value&…" with the values decoded: an encoded '&' inside a value re-cuts
		// the fields, so conference_name can carry the record_url and recording_id be another.
		const recut = {
			conference_name: `Board&record_url=${CALLBACK.record_url}&recording_duration=17&recording_id=rec-1`,
			recording_id: 'rec-1',
		};
		const recutQuery = `conference_name=${encodeURIComponent(recut.conference_name)}`;
		expect(signatureV3Payload('GET', `${PRODUCTION_URL}?${recutQuery}`, {})).toBe(
			signatureV3Payload('GET', `${PRODUCTION_URL}?${query}`, {}),
		);
		const replay = await run({
			method: 'GET',
			originalUrl: `${PRODUCTION_PATH}?${recutQuery}`,
			headers: v3('GET', PRODUCTION_URL, CALLBACK, nonce),
			query: { conference_name: recut.conference_name },
			parameters,
		});

		expect(started(genuine)).toBe(true);
		expect(started(replay)).toBe(false);
	});

	it('a nonce whose execution n8n could not start is forgotten: Plivo’s retry starts it', async () => {
		const nonce = freshNonce();
		const call: WebhookCall = {
			method: 'POST',
			originalUrl: PRODUCTION_PATH,
			headers: { ...FORM, ...v3('POST', PRODUCTION_URL, CALLBACK, nonce) },
			body: { ...CALLBACK },
			nodeId: 'retry-node',
		};
		const built = buildWebhookContext(call);
		const failed = await new PlivoRecordingTrigger().webhook.call(built.context);
		built.n8nAnswers(503);
		const retry = await run({ ...call, body: { ...CALLBACK } });

		expect(failed.workflowData).toBeDefined();
		expect(started(retry)).toBe(true);
	});

	it('a recording_id list counts as the ids it holds for Ignore Duplicate Callbacks', async () => {
		const unsigned = { verifySignature: false };
		const first = await run({
			method: 'POST',
			originalUrl: PRODUCTION_PATH,
			headers: FORM,
			body: { ...CALLBACK, recording_id: 'rec-list' },
			parameters: unsigned,
			nodeId: 'dup-list',
		});
		const asList = await run({
			method: 'POST',
			originalUrl: PRODUCTION_PATH,
			headers: { 'content-type': 'application/json' },
			body: { ...CALLBACK, recording_id: ['rec-list'] },
			parameters: unsigned,
			nodeId: 'dup-list',
		});

		expect(started(first)).toBe(true);
		expect(started(asList)).toBe(false);
	});
});

describe('requests meant to stall n8n', () => {
	it('an unsigned request is refused from its headers: no body read, no credential, no hashing', async () => {
		const outcome = await run({
			method: 'POST',
			originalUrl: PRODUCTION_PATH,
			headers: { 'content-type': 'text/plain' },
			body: 'x'.repeat(1_000_000) as never,
		});

		expect(outcome.response).toMatchObject({ status: 401 });
		expect(outcome.mocks.getBodyData).not.toHaveBeenCalled();
		expect(outcome.mocks.getCredentials).not.toHaveBeenCalled();
	});

	it('a signed text body is refused (415) before the credential is read or anything hashed', async () => {
		const outcome = await run({
			method: 'POST',
			originalUrl: PRODUCTION_PATH,
			headers: { 'content-type': 'text/plain', ...v3('POST', PRODUCTION_URL, {}, freshNonce()) },
			body: 'x'.repeat(1_000_000) as never,
		});

		expect(outcome.response.status).toBe(415);
		expect(outcome.mocks.getCredentials).not.toHaveBeenCalled();
		expect(started(outcome)).toBe(false);
	});

	it('a body announced larger than the limit is refused (413) unread', async () => {
		const outcome = await run({
			method: 'POST',
			originalUrl: PRODUCTION_PATH,
			headers: { ...FORM, 'content-length': String(16_000_000), ...v3('POST', PRODUCTION_URL, {}, freshNonce()) },
		});

		expect(outcome.response.status).toBe(413);
		expect(outcome.mocks.getBodyData).not.toHaveBeenCalled();
	});

	it('a body that inflated (gzip) past the limits is refused (413) before the credential is read', async () => {
		const many = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, 'v']));
		const outcome = await run({
			method: 'POST',
			originalUrl: PRODUCTION_PATH,
			headers: { ...FORM, 'content-encoding': 'gzip', ...v3('POST', PRODUCTION_URL, {}, freshNonce()) },
			body: many,
		});

		expect(outcome.response.status).toBe(413);
		expect(outcome.mocks.getCredentials).not.toHaveBeenCalled();
	});
});

describe('readCallbackFields (the bounds, before anything is hashed)', () => {
	const post = (data: unknown, headers: Record<string, string> = FORM) =>
		readCallbackFields('POST', headers, () => data);

	it('takes a form body, a JSON object and a GET query of text fields, repeated keys included', () => {
		expect(post({ a: '1', b: ['2', '3'] })).toEqual({ fields: { a: '1', b: ['2', '3'] } });
		expect(post({ a: '1' }, { 'content-type': 'application/json; charset=utf-8' })).toEqual({ fields: { a: '1' } });
		expect(readCallbackFields('GET', {}, () => ({ a: '1' }))).toEqual({ fields: { a: '1' } });
		expect(post({}, {})).toEqual({ fields: {} });
	});

	it('keeps a field named __proto__ as a field', () => {
		const read = post(JSON.parse('{"__proto__": "x", "a": "1"}'));
		expect('fields' in read && Object.keys(read.fields)).toEqual(['__proto__', 'a']);
		expect('fields' in read && Object.getPrototypeOf(read.fields)).toBe(Object.prototype);
	});

	it('refuses what is not a set of text fields', () => {
		expect(post('text')).toMatchObject({ status: 400 });
		expect(post(['a'])).toMatchObject({ status: 400 });
		expect(post(Buffer.from('a=1'))).toMatchObject({ status: 400 });
		expect(post({ a: 1 })).toMatchObject({ status: 400, message: 'Field "a" is not text' });
		expect(post({ a: { b: 'c' } })).toMatchObject({ status: 400 });
		expect(post({ a: ['1', 2] })).toMatchObject({ status: 400 });
	});

	it('refuses other content types, and bodies past the limits', () => {
		expect(post({ a: '1' }, { 'content-type': 'text/plain' })).toMatchObject({ status: 415 });
		expect(post({ a: '1' }, { 'content-type': 'multipart/form-data; boundary=x' })).toMatchObject({ status: 415 });
		const fields = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, 'v']));
		expect(post(fields(MAX_CALLBACK_FIELDS))).toHaveProperty('fields');
		expect(post(fields(MAX_CALLBACK_FIELDS + 1))).toMatchObject({ status: 413 });
		expect(post({ a: Array.from({ length: MAX_CALLBACK_FIELDS + 1 }, () => 'v') })).toMatchObject({ status: 413 });
		expect(post({ transcription: 'x'.repeat(MAX_CALLBACK_CHARS - 20) })).toHaveProperty('fields');
		expect(post({ transcription: 'x'.repeat(MAX_CALLBACK_CHARS + 1) })).toMatchObject({ status: 413 });
	});
});
