import { PlivoRecordingTrigger } from '../../nodes/PlivoRecordingTrigger/PlivoRecordingTrigger.node';
import { MEMORY_SPAN, RecentKeys, REMEMBER_AT_MOST, REMEMBER_FOR_MS } from '../../nodes/shared/callbacks/recentKeys';
import { mayCarryCredentials } from '../../nodes/shared/transport/media';
import { buildWebhookContext, PRODUCTION_PATH, type WebhookCall } from '../support/webhookContext';

const MP3 = Buffer.from('fffb9064000000000000000000000000', 'hex');

function callback(recordingId: string, extra: Partial<WebhookCall> = {}): WebhookCall {
	return {
		method: 'POST',
		originalUrl: PRODUCTION_PATH,
		body: {
			record_url: `https://media.plivo.com/v1/Account/MAXXXXXXXXXXXXXXXXXX/Recording/${recordingId}.mp3`,
			recording_id: recordingId,
			recording_duration: '2',
		},
		...extra,
		parameters: { verifySignature: false, ...extra.parameters },
	};
}

async function run(call: WebhookCall) {
	const built = buildWebhookContext(call);
	const result = await new PlivoRecordingTrigger().webhook.call(built.context);
	return { ...built, result };
}

describe('Ignore Duplicate Callbacks', () => {
	it('a repeat of the same event for the same recording is answered 200 and starts nothing', async () => {
		const nodeId = 'node-dup-1';
		const first = await run(callback('rec-dup', { nodeId }));
		const repeat = await run(callback('rec-dup', { nodeId }));

		expect(first.result.workflowData).toHaveLength(1);
		expect(repeat.response).toMatchObject({ status: 200, body: 'OK' });
		expect(repeat.result).toEqual({ noWebhookResponse: true });
	});

	it("forgets a callback n8n could not start (an error answer, or none), so Plivo's retry starts it", async () => {
		const nodeId = 'node-dup-5';
		const failed = await run(callback('rec-retry', { nodeId }));
		failed.n8nAnswers(500);
		const retry = await run(callback('rec-retry', { nodeId }));
		retry.n8nAnswers(undefined);
		const secondRetry = await run(callback('rec-retry', { nodeId }));
		secondRetry.n8nAnswers(200);
		const repeat = await run(callback('rec-retry', { nodeId }));

		expect(failed.result.workflowData).toHaveLength(1);
		expect(retry.result.workflowData).toHaveLength(1);
		expect(secondRetry.result.workflowData).toHaveLength(1);
		expect(repeat.result).toEqual({ noWebhookResponse: true });
		expect(repeat.response).toMatchObject({ status: 200, body: 'OK' });
	});

	it('the transcription of a recording is another event; another trigger node has its own memory', async () => {
		const nodeId = 'node-dup-2';
		await run(callback('rec-x', { nodeId }));
		const transcription = await run({
			...callback('rec-x', { nodeId }),
			body: { recording_id: 'rec-x', transcription: 'hello', transcription_charge: '0.05' },
		});
		const otherNode = await run(callback('rec-x', { nodeId: 'node-dup-3' }));

		expect(transcription.result.workflowData?.[0][0].json.event).toBe('transcription');
		expect(otherNode.result.workflowData).toHaveLength(1);
	});

	it('is off when the option is off, and never applies to test-URL calls', async () => {
		const nodeId = 'node-dup-4';
		await run(callback('rec-y', { nodeId }));
		const optionOff = await run(callback('rec-y', { nodeId, parameters: { ignoreDuplicates: false } }));
		const testCall = await run(callback('rec-y', { nodeId, mode: 'manual' }));

		expect(optionOff.result.workflowData).toHaveLength(1);
		expect(testCall.result.workflowData).toHaveLength(1);
	});

	it('forgets after its memory span, and keeps at most its maximum', () => {
		let now = 0;
		const memory = new RecentKeys(1000, 2, () => now);
		expect(memory.isRepeat('a')).toBe(false);
		expect(memory.isRepeat('a')).toBe(true);
		now = 1001;
		expect(memory.isRepeat('a')).toBe(false);
		memory.isRepeat('b');
		memory.isRepeat('c');
		memory.isRepeat('d');
		expect(memory.isRepeat('a')).toBe(false);
		memory.forget('a');
		expect(memory.isRepeat('a')).toBe(false);
		expect(memory.isRepeat('a')).toBe(true);
	});
});

describe('Download Recording', () => {
	it('attaches the audio as binary "data" with its MIME type and file name, sending the credential to Plivo', async () => {
		const seen: Array<[string, boolean]> = [];
		const { result } = await run(
			callback('rec-dl', {
				parameters: { downloadRecording: true },
				media: (url, withCredentials) => {
					seen.push([url, withCredentials]);
					return { statusCode: 200, headers: { 'content-type': 'audio/mpeg' }, body: MP3 };
				},
			}),
		);

		const item = result.workflowData?.[0][0];
		expect(seen).toEqual([['https://media.plivo.com/v1/Account/MAXXXXXXXXXXXXXXXXXX/Recording/rec-dl.mp3', true]]);
		expect(item?.binary?.data).toMatchObject({
			mimeType: 'audio/mpeg',
			fileName: 'rec-dl.mp3',
			data: MP3.toString('base64'),
		});
		expect(item?.json.download_error).toBeUndefined();
	});

	it('follows a redirect to storage elsewhere without the credential', async () => {
		const seen: Array<[string, boolean]> = [];
		const { result } = await run(
			callback('rec-redirect', {
				parameters: { downloadRecording: true },
				media: (url, withCredentials): { statusCode: number; headers: Record<string, string>; body?: Buffer } => {
					seen.push([url, withCredentials]);
					return url.includes('plivo.com')
						? { statusCode: 302, headers: { location: 'https://storage.example.net/signed/rec.mp3?sig=1' } }
						: { statusCode: 200, headers: { 'content-type': 'binary/octet-stream' }, body: MP3 };
				},
			}),
		);

		expect(seen.map(([, withCredentials]) => withCredentials)).toEqual([true, false]);
		expect(result.workflowData?.[0][0].binary?.data).toMatchObject({
			mimeType: 'audio/mpeg',
			fileName: 'rec-redirect.mp3',
		});
	});

	it('never sends the credential to a record_url outside Plivo: the callback is delivered with download_error', async () => {
		const { result, mocks } = await run({
			...callback('rec-evil', { parameters: { downloadRecording: true } }),
			body: { record_url: 'https://evil.example.com/steal.mp3', recording_id: 'rec-evil' },
		});

		const item = result.workflowData?.[0][0];
		expect(mocks.helpers.httpRequestWithAuthentication).not.toHaveBeenCalled();
		expect(mocks.helpers.httpRequest).not.toHaveBeenCalled();
		expect(item?.json).toMatchObject({
			recording_id: 'rec-evil',
			download_error: expect.stringContaining('not on a Plivo host'),
		});
		expect(item?.binary).toBeUndefined();
	});

	it('stops at the size limit and reports a failed download, keeping the callback data', async () => {
		const big = await run(
			callback('rec-big', {
				parameters: { downloadRecording: true, maxDownloadSizeMb: 1 },
				media: () => ({ statusCode: 200, headers: { 'content-type': 'audio/mpeg' }, body: Buffer.alloc(1_000_001) }),
			}),
		);
		const missing = await run(
			callback('rec-404', {
				parameters: { downloadRecording: true },
				media: () => ({ statusCode: 404, body: Buffer.from('{"error":"not found"}') }),
			}),
		);

		expect(big.result.workflowData?.[0][0].json.download_error).toContain('larger than the limit of 1 MB');
		expect(missing.result.workflowData?.[0][0].json).toMatchObject({
			recording_id: 'rec-404',
			download_error: expect.stringContaining('answered 404'),
		});
	});

	it.each([
		['https://media.plivo.com/x.mp3', 'https://api.plivo.com', true],
		['https://media-sg.media.plivo.com/x.mp3', 'https://api.plivo.com', true],
		['http://media.plivo.com/x.mp3', 'https://api.plivo.com', false],
		['https://plivo.com.evil.net/x.mp3', 'https://api.plivo.com', false],
		['https://evilplivo.com/x.mp3', 'https://api.plivo.com', false],
		['http://127.0.0.1:8787/v1/x.mp3', 'http://127.0.0.1:8787', true],
		['http://127.0.0.1:9999/v1/x.mp3', 'http://127.0.0.1:8787', false],
		['not a url', 'https://api.plivo.com', false],
	])('credentials may go to %s (base %s): %s', (url, base, allowed) => {
		expect(mayCarryCredentials(url, base)).toBe(allowed);
	});
});

describe('the memory’s limits, as the node says them', () => {
	it('are the constants the memory uses, written once', () => {
		const properties = new PlivoRecordingTrigger().description.properties;
		const ignoreDuplicates = properties.find((property) => property.name === 'ignoreDuplicates');
		expect(MEMORY_SPAN).toBe(`${REMEMBER_FOR_MS / 3_600_000} hours (at most 50,000 callbacks)`);
		expect(REMEMBER_FOR_MS).toBe(24 * 60 * 60 * 1000);
		expect(REMEMBER_AT_MOST).toBe(50_000);
		expect(ignoreDuplicates?.description).toContain(`Remembered for ${MEMORY_SPAN}`);
	});
});
