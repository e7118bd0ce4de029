/**
 * The Call resource (Start / Stop Call Recording) run by n8n-core's WorkflowExecute with Plivo's
 * HTTP answered by nock: the exact requests, the output, and bad input that never reaches Plivo.
 */
import nock from 'nock';

import { ACCOUNT, BASE, BASIC, runAction } from '../support/actionWorkflow';

const CALL = '55309cee-821d-11e4-9a73-498d468c930b';
const byUuid = { __rl: true, mode: 'id', value: CALL };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('Call → Start Call Recording', () => {
	it('POSTs Call/{uuid}/Record/ with the time limit, format, channels, callback and transcription', async () => {
		const scope = nock(BASE)
			.post(`${ACCOUNT}/Call/${CALL}/Record/`, {
				time_limit: 7200,
				file_format: 'wav',
				callback_url: 'https://n8n.example.com/webhook/abc/webhook#rc=3',
				callback_method: 'POST',
				transcription_type: 'auto',
				transcription_url: 'https://n8n.example.com/webhook/abc/webhook#rc=3',
				record_channel_type: 'stereo',
			})
			.basicAuth(BASIC)
			.reply(202, {
				api_id: 'a1',
				message: 'call recording started',
				recording_id: 'r1',
				url: 'https://media.plivo.com/r1.wav',
			});

		const result = await runAction({
			resource: 'call',
			operation: 'startRecording',
			callUuid: byUuid,
			timeLimit: 7200,
			fileFormat: 'wav',
			recordChannelType: 'stereo',
			callbackUrl: 'https://n8n.example.com/webhook/abc/webhook',
			transcribe: true,
			transcriptionUrl: 'https://n8n.example.com/webhook/abc/webhook',
			callbackDelivery: { retryCount: 3 },
		});

		expect(result.error()).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(result.output('Plivo').map((item) => item.json)).toEqual([
			{
				api_id: 'a1',
				message: 'call recording started',
				recording_id: 'r1',
				url: 'https://media.plivo.com/r1.wav',
				call_uuid: CALL,
			},
		]);
	});

	it("by default records up to an hour in mono, not Plivo's 60 seconds", async () => {
		const scope = nock(BASE)
			.post(`${ACCOUNT}/Call/${CALL}/Record/`, { time_limit: 3600, file_format: 'mp3', record_channel_type: 'mono' })
			.reply(202, { api_id: 'a2', recording_id: 'r2' });

		const result = await runAction({ resource: 'call', operation: 'startRecording', callUuid: byUuid });

		expect(result.error()).toBeUndefined();
		expect(scope.isDone()).toBe(true);
	});

	it('a File Format and Callback Method written by an expression as "WAV" and "get" are sent as Plivo spells them', async () => {
		const scope = nock(BASE)
			.post(`${ACCOUNT}/Call/${CALL}/Record/`, {
				time_limit: 3600,
				file_format: 'wav',
				callback_url: 'https://n8n.example.com/webhook/abc/webhook',
				callback_method: 'GET',
				record_channel_type: 'mono',
			})
			.reply(202, { api_id: 'a3', recording_id: 'r3' });

		const result = await runAction({
			resource: 'call',
			operation: 'startRecording',
			callUuid: byUuid,
			fileFormat: '={{ "WAV" }}',
			callbackUrl: 'https://n8n.example.com/webhook/abc/webhook',
			callbackMethod: '={{ "get" }}',
		});

		expect(result.error()).toBeUndefined();
		expect(scope.isDone()).toBe(true);
	});

	it("a call that is not live: Plivo's 404 named for the call", async () => {
		nock(BASE).post(`${ACCOUNT}/Call/${CALL}/Record/`).reply(404, { api_id: 'e', error: 'call not found' });

		const result = await runAction({ resource: 'call', operation: 'startRecording', callUuid: byUuid });

		expect(result.error()?.message).toBe(`Plivo has no live call with UUID "${CALL}" (404)`);
		expect(result.error()?.description).toContain('Plivo said: "call not found"');
	});

	it.each([
		[{ callUuid: { __rl: true, mode: 'id', value: ' ' } }, 'Call is empty (item 0)'],
		[
			{ callUuid: byUuid, timeLimit: 0 },
			'Time Limit (Seconds) must be a whole number from 1 to 14400, not "0" (item 0)',
		],
		[
			{ callUuid: byUuid, timeLimit: 14_401 },
			'Time Limit (Seconds) must be a whole number from 1 to 14400, not "14401" (item 0)',
		],
		[
			{ callUuid: byUuid, timeLimit: 2.5 },
			'Time Limit (Seconds) must be a whole number from 1 to 14400, not "2.5" (item 0)',
		],
		[
			{ callUuid: byUuid, callbackUrl: 'n8n/webhook' },
			'Callback URL is not an absolute http(s) URL: "n8n/webhook" (item 0)',
		],
		[{ callUuid: byUuid, fileFormat: 'ogg' }, 'File Format must be mp3 or wav, not "ogg" (item 0)'],
		[{ callUuid: byUuid, recordChannelType: 'surround' }, 'Channels must be mono or stereo, not "surround" (item 0)'],
		[
			{
				callUuid: byUuid,
				transcribe: true,
				transcriptionUrl: 'https://n8n.example.com/webhook/abc/webhook',
				transcriptionMethod: 'PATCH',
			},
			'Transcription Method must be GET or POST, not "PATCH" (item 0)',
		],
		[
			{ callUuid: byUuid, callbackUrl: 'https://n8n.example.com/webhook/abc/webhook', callbackMethod: 'PUT' },
			'Callback Method must be GET or POST, not "PUT" (item 0)',
		],
	])('%j fails naming the item and field, and sends nothing', async (parameters, message) => {
		const scope = nock(BASE).post(/.*/).reply(202, {});

		const result = await runAction({ resource: 'call', operation: 'startRecording', ...parameters });

		expect(result.error()?.name).toBe('NodeOperationError');
		expect(result.error()?.message).toBe(message);
		expect(scope.isDone()).toBe(false);
	});
});

describe('Call → Stop Call Recording', () => {
	it('DELETEs Call/{uuid}/Record/: every recording of the call', async () => {
		const scope = nock(BASE)
			.delete(
				`${ACCOUNT}/Call/${CALL}/Record/`,
				(body) => body === '' || body === undefined || Object.keys(body).length === 0,
			)
			.reply(204);

		const result = await runAction({ resource: 'call', operation: 'stopRecording', callUuid: byUuid });

		expect(result.error()).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(result.output('Plivo').map((item) => item.json)).toEqual([{ call_uuid: CALL, stopped: true }]);
	});

	it('with a Recording URL: only that recording (URL)', async () => {
		const url = 'https://media.plivo.com/v1/Account/MA/Recording/r1.mp3';
		const scope = nock(BASE).delete(`${ACCOUNT}/Call/${CALL}/Record/`, { URL: url }).reply(204);

		const result = await runAction({
			resource: 'call',
			operation: 'stopRecording',
			callUuid: byUuid,
			recordingUrl: url,
		});

		expect(scope.isDone()).toBe(true);
		expect(result.output('Plivo').map((item) => item.json)).toEqual([
			{ call_uuid: CALL, stopped: true, recording_url: url },
		]);
	});
});
