import { validateV3Signature as sdkValidateV3 } from 'plivo';

import { PlivoRecording } from '../../../nodes/PlivoRecording/PlivoRecording.node';
import { PlivoRecordingTrigger } from '../../../nodes/PlivoRecordingTrigger/PlivoRecordingTrigger.node';
import {
	AUTH_TOKEN,
	PRODUCTION_PATH,
	PRODUCTION_URL,
	TEST_PATH,
	TEST_URL,
	runTrigger,
	freshNonce,
	type WebhookCall,
} from '../../support/webhookContext';

import { signatureV2, signatureV3 } from '../../../tools/fakePlivo';
import type { StringParams as Params } from '../../../tools/fakePlivo/types';

const NONCE = '31627761595286130198';
const OTHER_NONCE = '98765432109876543210';

const RECORDING_CALLBACK: Params = {
	api_id: 'e4c1f3b2-aa11-4bcd-9e0f-1234567890ab',
	message: 'record_done',
	record_url:
		'https://media.plivo.com/v1/Account/MAXXXXXXXXXXXXXXXXXX/Recording/c2186400-1c8c-11e4-a664-0026b945b52x.mp3',
	recording_id: 'c2186400-1c8c-11e4-a664-0026b945b52x',
	conference_name: 'My Conf Room',
	recording_duration: '17',
	recording_duration_ms: '17040.00000',
	recording_start_ms: '1732538400123.00000',
	recording_end_ms: '1732538417163.00000',
};

const RECORDING_OUTPUT = {
	event: 'recording',
	source: 'conference',
	api_id: 'e4c1f3b2-aa11-4bcd-9e0f-1234567890ab',
	message: 'record_done',
	record_url:
		'https://media.plivo.com/v1/Account/MAXXXXXXXXXXXXXXXXXX/Recording/c2186400-1c8c-11e4-a664-0026b945b52x.mp3',
	recording_id: 'c2186400-1c8c-11e4-a664-0026b945b52x',
	conference_name: 'My Conf Room',
	recording_duration: 17,
	recording_duration_ms: 17040,
	recording_start_ms: 1732538400123,
	recording_end_ms: 1732538417163,
	recording_start: '2024-11-25T12:40:00.123Z',
	recording_end: '2024-11-25T12:40:17.163Z',
};

const TRANSCRIPTION_CALLBACK: Params = {
	transcription_charge: '0.05',
	transcription: 'Hello everyone, thanks for joining the weekly call.',
	duration: '17',
	call_uuid: '5b40a428-bfd7-4daf-9d3e-0e3c9d4b7a1c',
	transcription_rate: '0.05',
	recording_id: 'c2186400-1c8c-11e4-a664-0026b945b52x',
	error: '',
};

const TRANSCRIPTION_OUTPUT = {
	event: 'transcription',
	transcription_charge: 0.05,
	transcription: 'Hello everyone, thanks for joining the weekly call.',
	duration: 17,
	call_uuid: '5b40a428-bfd7-4daf-9d3e-0e3c9d4b7a1c',
	transcription_rate: 0.05,
	recording_id: 'c2186400-1c8c-11e4-a664-0026b945b52x',
	error: '',
};

function v3Headers(method: 'GET' | 'POST', url: string, params: Params, nonce = freshNonce(), token = AUTH_TOKEN) {
	return {
		'x-plivo-signature-v3': signatureV3(method, url, params, nonce, token),
		'x-plivo-signature-v3-nonce': nonce,
	};
}

function v2Headers(url: string, nonce = freshNonce(), token = AUTH_TOKEN) {
	return {
		'x-plivo-signature-v2': signatureV2(url, nonce, token),
		'x-plivo-signature-v2-nonce': nonce,
	};
}

function toQuery(params: Params): string {
	return Object.entries(params)
		.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
		.join('&');
}

const runWebhook = runTrigger;

/**
 * A form POST signed with V3 for `signedUrl` (the production URL unless given), arriving on
 * the production path unless `extra` says otherwise.
 */
function signedPost(body: Params, extra: Partial<WebhookCall> & { signedUrl?: string } = {}): WebhookCall {
	const { signedUrl = PRODUCTION_URL, ...call } = extra;
	return {
		method: 'POST',
		originalUrl: PRODUCTION_PATH,
		headers: { 'content-type': 'application/x-www-form-urlencoded', ...v3Headers('POST', signedUrl, body) },
		body: { ...body },
		...call,
	};
}

function expectAccepted(run: Awaited<ReturnType<typeof runWebhook>>, output: Record<string, unknown>) {
	// n8n answers (200 "OK") once the execution exists: the node sends nothing itself.
	expect(run.response).toEqual({ type: 'text/plain', sendCount: 0 });
	expect(run.result).toEqual({ workflowData: [[{ json: output }]] });
}

function expectRejected(run: Awaited<ReturnType<typeof runWebhook>>, message: string, status = 401) {
	expect(run.response).toEqual({ status, type: 'text/plain', body: message, sendCount: 1 });
	expect(run.result).toEqual({ noWebhookResponse: true });
	expect(run.result.workflowData).toBeUndefined();
}

const INVALID = 'Invalid Plivo signature';
const MISSING = 'Missing X-Plivo-Signature-V3 header';
const INCOMPLETE = 'Incomplete Plivo signature: X-Plivo-Signature-V3 and X-Plivo-Signature-V3-Nonce go together';
const V2_REFUSED =
	'Only X-Plivo-Signature-V3 is accepted here: V2 does not sign the callback fields (the trigger option "Accept V2 Signatures" allows it)';

describe('PlivoRecordingTrigger webhook: accepted callbacks', () => {
	it('accepts a V3-signed POST recording callback and outputs typed fields', async () => {
		const run = await runWebhook(signedPost(RECORDING_CALLBACK));

		expectAccepted(run, RECORDING_OUTPUT);
		expect(run.mocks.getNodeWebhookUrl).toHaveBeenCalledWith('default');
	});

	it('uses a signature the official Plivo SDK also accepts (cross-check of the test signer)', () => {
		const headers = v3Headers('POST', PRODUCTION_URL, RECORDING_CALLBACK, NONCE);

		expect(
			sdkValidateV3('POST', PRODUCTION_URL, NONCE, AUTH_TOKEN, headers['x-plivo-signature-v3'], {
				...RECORDING_CALLBACK,
			}),
		).toBe(true);
	});

	it('accepts a transcription callback and types its numbers, keeping an empty error', async () => {
		const run = await runWebhook(signedPost(TRANSCRIPTION_CALLBACK));

		expectAccepted(run, TRANSCRIPTION_OUTPUT);
	});

	it('accepts a callback signed with V2 headers only when Accept V2 Signatures is on', async () => {
		const run = await runWebhook({
			method: 'POST',
			originalUrl: PRODUCTION_PATH,
			headers: v2Headers(PRODUCTION_URL),
			body: { ...RECORDING_CALLBACK },
			parameters: { options: { acceptV2Signatures: true } },
		});

		expectAccepted(run, RECORDING_OUTPUT);
	});

	it('accepts a call that came to the test URL, signed with the test URL', async () => {
		const run = await runWebhook(signedPost(RECORDING_CALLBACK, { signedUrl: TEST_URL, originalUrl: TEST_PATH }));

		expectAccepted(run, RECORDING_OUTPUT);
	});

	it('accepts a call through a proxy when the Public URL option names the signed address', async () => {
		const publicUrl = 'https://calls.example.com/hooks/plivo';
		const run = await runWebhook(
			signedPost(RECORDING_CALLBACK, { signedUrl: publicUrl, parameters: { options: { publicUrl } } }),
		);

		expectAccepted(run, RECORDING_OUTPUT);
	});

	it('accepts a GET callback, signed with the configured URL plus the query fields, and outputs the query', async () => {
		const run = await runWebhook({
			method: 'GET',
			originalUrl: `${PRODUCTION_PATH}?${toQuery(RECORDING_CALLBACK)}`,
			headers: v3Headers('GET', PRODUCTION_URL, RECORDING_CALLBACK),
			query: { ...RECORDING_CALLBACK },
		});

		expectAccepted(run, RECORDING_OUTPUT);
		expect(run.mocks.getBodyData).not.toHaveBeenCalled();
	});

	it('accepts a GET callback to a callback URL with its own query string', async () => {
		const configuredUrl = `${PRODUCTION_URL}?flow=a`;
		const run = await runWebhook({
			method: 'GET',
			originalUrl: `${PRODUCTION_PATH}?flow=a&${toQuery(RECORDING_CALLBACK)}`,
			headers: v3Headers('GET', configuredUrl, RECORDING_CALLBACK),
			query: { flow: 'a', ...RECORDING_CALLBACK },
		});

		expectAccepted(run, { ...RECORDING_OUTPUT, flow: 'a' });
	});

	it('accepts a POST to a callback URL carrying its own query string', async () => {
		const configuredUrl = `${PRODUCTION_URL}?flow=a`;
		const run = await runWebhook(
			signedPost(RECORDING_CALLBACK, {
				signedUrl: configuredUrl,
				originalUrl: `${PRODUCTION_PATH}?flow=a`,
				query: { flow: 'a' },
			}),
		);

		expectAccepted(run, RECORDING_OUTPUT);
	});

	it('accepts a JSON object of text fields, verified as form fields', async () => {
		const signedAsStrings: Params = {
			record_url: RECORDING_CALLBACK.record_url,
			recording_id: RECORDING_CALLBACK.recording_id,
			conference_name: 'My Conf Room',
			recording_duration: '17',
			recording_duration_ms: '17040',
			recording_start_ms: '1732538400123',
			recording_end_ms: '1732538417163',
		};
		const run = await runWebhook({
			method: 'POST',
			originalUrl: PRODUCTION_PATH,
			headers: { 'content-type': 'application/json', ...v3Headers('POST', PRODUCTION_URL, signedAsStrings) },
			body: { ...signedAsStrings },
		});

		expectAccepted(run, {
			event: 'recording',
			source: 'conference',
			record_url: RECORDING_CALLBACK.record_url,
			recording_id: RECORDING_CALLBACK.recording_id,
			conference_name: 'My Conf Room',
			recording_duration: 17,
			recording_duration_ms: 17040,
			recording_start_ms: 1732538400123,
			recording_end_ms: 1732538417163,
			recording_start: '2024-11-25T12:40:00.123Z',
			recording_end: '2024-11-25T12:40:17.163Z',
		});
	});

	it('accepts a header holding several comma-separated signatures when one is right', async () => {
		const nonce = freshNonce();
		const right = signatureV3('POST', PRODUCTION_URL, RECORDING_CALLBACK, nonce, AUTH_TOKEN);
		const wrong = signatureV3('POST', PRODUCTION_URL, RECORDING_CALLBACK, nonce, 'some-other-token');
		const run = await runWebhook({
			method: 'POST',
			originalUrl: PRODUCTION_PATH,
			headers: { 'x-plivo-signature-v3': `${wrong},${right}`, 'x-plivo-signature-v3-nonce': nonce },
			body: { ...RECORDING_CALLBACK },
		});

		expectAccepted(run, RECORDING_OUTPUT);
	});

	it('accepts an unsigned callback when Verify Signature is off, without reading the credential', async () => {
		const run = await runWebhook({
			method: 'POST',
			originalUrl: PRODUCTION_PATH,
			body: { ...RECORDING_CALLBACK },
			parameters: { verifySignature: false },
		});

		expectAccepted(run, RECORDING_OUTPUT);
		expect(run.mocks.getCredentials).not.toHaveBeenCalled();
	});

	it('copies a body without a prototype (as n8n parses forms) into a plain output object', async () => {
		const body: Record<string, unknown> = Object.create(null);
		Object.assign(body, RECORDING_CALLBACK);
		const run = await runWebhook({ ...signedPost(RECORDING_CALLBACK), body });

		expectAccepted(run, RECORDING_OUTPUT);
		expect(Object.getPrototypeOf(run.result.workflowData![0][0].json)).toBe(Object.prototype);
	});
});

describe('PlivoRecordingTrigger webhook: rejected callbacks', () => {
	it('rejects a forged signature', async () => {
		const run = await runWebhook(
			signedPost(RECORDING_CALLBACK, {
				headers: {
					'x-plivo-signature-v3': 'iAjE5QqI37mbkYe4w3jTMudqEzbDufdqi7sYwTu64e0=',
					'x-plivo-signature-v3-nonce': NONCE,
				},
			}),
		);

		expectRejected(run, INVALID);
	});

	it('rejects a callback without signature headers', async () => {
		const run = await runWebhook(signedPost(RECORDING_CALLBACK, { headers: {} }));

		expectRejected(run, MISSING);
	});

	it('rejects a V3 signature without its nonce header', async () => {
		const headers = v3Headers('POST', PRODUCTION_URL, RECORDING_CALLBACK);
		const run = await runWebhook(
			signedPost(RECORDING_CALLBACK, { headers: { 'x-plivo-signature-v3': headers['x-plivo-signature-v3'] } }),
		);

		expectRejected(run, INCOMPLETE);
	});

	it('rejects a callback signed with another auth token', async () => {
		const run = await runWebhook(
			signedPost(RECORDING_CALLBACK, {
				headers: v3Headers('POST', PRODUCTION_URL, RECORDING_CALLBACK, NONCE, 'not-the-auth-token'),
			}),
		);

		expectRejected(run, INVALID);
	});

	it('rejects a body with one field changed after signing', async () => {
		const run = await runWebhook(
			signedPost(RECORDING_CALLBACK, {
				body: { ...RECORDING_CALLBACK, record_url: 'https://evil.example.com/recording.mp3' },
			}),
		);

		expectRejected(run, INVALID);
	});

	it('rejects a signature whose nonce header was changed', async () => {
		const headers = v3Headers('POST', PRODUCTION_URL, RECORDING_CALLBACK);
		const run = await runWebhook(
			signedPost(RECORDING_CALLBACK, { headers: { ...headers, 'x-plivo-signature-v3-nonce': OTHER_NONCE } }),
		);

		expectRejected(run, INVALID);
	});

	it('rejects a callback signed with V2 only while Accept V2 Signatures is off (the default)', async () => {
		const run = await runWebhook({
			method: 'POST',
			originalUrl: PRODUCTION_PATH,
			headers: v2Headers(PRODUCTION_URL),
			body: { ...RECORDING_CALLBACK },
		});

		expectRejected(run, V2_REFUSED);
	});

	it('rejects a wrong V2 signature', async () => {
		const run = await runWebhook({
			method: 'POST',
			originalUrl: PRODUCTION_PATH,
			headers: v2Headers(PRODUCTION_URL, NONCE, 'not-the-auth-token'),
			body: { ...RECORDING_CALLBACK },
			parameters: { options: { acceptV2Signatures: true } },
		});

		expectRejected(run, INVALID);
	});

	it('rejects a wrong V3 signature even when a right V2 one comes with it', async () => {
		const run = await runWebhook({
			method: 'POST',
			originalUrl: PRODUCTION_PATH,
			headers: {
				...v3Headers('POST', PRODUCTION_URL, RECORDING_CALLBACK, NONCE, 'not-the-auth-token'),
				...v2Headers(PRODUCTION_URL),
			},
			body: { ...RECORDING_CALLBACK },
		});

		expectRejected(run, INVALID);
	});

	it('rejects a proxied call signed with the public address when the Public URL option is not set', async () => {
		const run = await runWebhook(
			signedPost(RECORDING_CALLBACK, { signedUrl: 'https://calls.example.com/hooks/plivo' }),
		);

		expectRejected(run, INVALID);
	});

	it('rejects a call signed for the test URL that arrived on the production URL', async () => {
		const run = await runWebhook(signedPost(RECORDING_CALLBACK, { signedUrl: TEST_URL }));

		expectRejected(run, INVALID);
	});

	it('rejects a POST whose URL query differs from the signed one', async () => {
		const run = await runWebhook(
			signedPost(RECORDING_CALLBACK, {
				signedUrl: `${PRODUCTION_URL}?flow=a`,
				originalUrl: `${PRODUCTION_PATH}?flow=b`,
			}),
		);

		expectRejected(run, INVALID);
	});

	it('rejects a GET callback whose query was changed after signing', async () => {
		const tampered = { ...RECORDING_CALLBACK, recording_duration: '99' };
		const run = await runWebhook({
			method: 'GET',
			originalUrl: `${PRODUCTION_PATH}?${toQuery(tampered)}`,
			headers: v3Headers('GET', PRODUCTION_URL, RECORDING_CALLBACK),
			query: tampered,
		});

		expectRejected(run, INVALID);
	});
});

describe('PlivoRecordingTrigger webhook: who answers Plivo', () => {
	it('leaves the 200 of a callback that starts an execution to n8n, with "OK" as its body', () => {
		// onReceived: n8n 2.x answers once the execution exists; responseData is the literal body.
		for (const webhook of new PlivoRecordingTrigger().description.webhooks ?? []) {
			expect(webhook).toMatchObject({ responseMode: 'onReceived', responseData: 'OK' });
		}
		expect(new PlivoRecording().description.webhooks).toEqual([
			expect.objectContaining({ responseMode: 'onReceived', responseData: 'OK', restartWebhook: true }),
		]);
	});
});

describe('PlivoRecordingTrigger webhook: events filter', () => {
	const neither: Params = { api_id: 'e4c1f3b2-aa11-4bcd-9e0f-1234567890ab', recording_id: 'abc' };
	it.each([
		['a transcription when only recordings are wanted', TRANSCRIPTION_CALLBACK, ['recording']],
		['a recording when only transcriptions are wanted', RECORDING_CALLBACK, ['transcription']],
		['a signed callback that is neither event', neither, undefined],
	])('answers 200 and starts nothing for %s', async (_case, fields, events) => {
		const run = await runWebhook({ ...signedPost(fields), ...(events ? { parameters: { events } } : {}) });

		expect(run.response).toEqual({ status: 200, type: 'text/plain', body: 'OK', sendCount: 1 });
		expect(run.result).toEqual({ noWebhookResponse: true });
	});
});

describe('PlivoRecordingTrigger webhook: the auth token stays secret', () => {
	it('never puts the auth token in a response or in the workflow data', async () => {
		const calls: WebhookCall[] = [
			signedPost(RECORDING_CALLBACK),
			signedPost(TRANSCRIPTION_CALLBACK),
			signedPost(RECORDING_CALLBACK, { headers: {} }),
			signedPost(RECORDING_CALLBACK, {
				headers: v3Headers('POST', PRODUCTION_URL, RECORDING_CALLBACK, NONCE, 'not-the-auth-token'),
			}),
			signedPost(RECORDING_CALLBACK, { body: { ...RECORDING_CALLBACK, recording_duration: '1' } }),
			{
				method: 'POST',
				originalUrl: PRODUCTION_PATH,
				headers: v2Headers(PRODUCTION_URL),
				body: { ...RECORDING_CALLBACK },
			},
		];
		let seen = '';
		for (const call of calls) {
			const run = await runWebhook(call);
			seen += JSON.stringify(run.response) + JSON.stringify(run.result);
		}

		expect(seen).toContain('workflowData');
		expect(seen).toContain(INVALID);
		expect(seen).not.toContain(AUTH_TOKEN);
	});
});
