/**
 * Downloading a recording's audio (transport/media.ts), through the trigger's Download Recording:
 * the binary, redirects without the credential, the one host rule, the size limit.
 */
import { mayCarryCredentials } from '../../../../nodes/shared/transport/media';
import { runTrigger, unsignedRecordingCallback as callback } from '../../../support/webhookContext';

const MP3 = Buffer.from('fffb9064000000000000000000000000', 'hex');
const run = runTrigger;

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
