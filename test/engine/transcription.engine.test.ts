/**
 * The Transcription resource (Create, Get, Delete) run by n8n-core's WorkflowExecute with
 * Plivo's HTTP answered by nock. A transcription is addressed by its recording's ID.
 */
import nock from 'nock';

import { ACCOUNT, BASE, BASIC, runAction } from '../support/actionWorkflow';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('Transcription', () => {
	it('Create: POST Transcription/{recording_id}/ with the callback URL', async () => {
		const scope = nock(BASE)
			.post(`${ACCOUNT}/Transcription/rec%2F1/`, {
				transcription_callback_url: 'https://n8n.example.com/webhook/abc/webhook',
			})
			.basicAuth(BASIC)
			.reply(201, { api_id: 't1', message: 'transcription in progress' });

		const result = await runAction({
			resource: 'transcription',
			operation: 'create',
			recordingId: 'rec/1',
			callbackUrl: 'https://n8n.example.com/webhook/abc/webhook',
		});

		expect(result.error()).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(result.output('Plivo').map((item) => item.json)).toEqual([
			{ api_id: 't1', message: 'transcription in progress', recording_id: 'rec/1' },
		]);
	});

	it('Create without a callback URL sends no body; a recording Plivo does not have is named', async () => {
		const scope = nock(BASE)
			.post(`${ACCOUNT}/Transcription/gone/`, (body) => body === '' || Object.keys(body ?? {}).length === 0)
			.reply(404, { api_id: 'e', error: 'recording not found' });

		const result = await runAction({ resource: 'transcription', operation: 'create', recordingId: 'gone' });

		expect(scope.isDone()).toBe(true);
		expect(result.error()?.message).toBe('Plivo has no finished recording with ID "gone" to transcribe (404)');
	});

	it.each(['transcription', 'raw', 'diarized'])(
		'Get (%s): GET Transcription/{recording_id}/?type=…, numbers typed',
		async (type) => {
			const scope = nock(BASE).get(`${ACCOUNT}/Transcription/r1/`).query({ type }).reply(200, {
				api_id: 'g',
				cost: 0.05,
				rate: '0.05000',
				recording_duration_ms: '61020.00000',
				recording_start_ms: 1732538400000,
				status: 'success',
				transcription: 'Hello',
			});

			const result = await runAction({ resource: 'transcription', operation: 'get', recordingId: 'r1', type });

			expect(scope.isDone()).toBe(true);
			expect(result.output('Plivo')[0].json).toEqual({
				recording_id: 'r1',
				type,
				api_id: 'g',
				cost: 0.05,
				rate: '0.05000',
				recording_duration_ms: 61020,
				recording_start_ms: 1732538400000,
				status: 'success',
				transcription: 'Hello',
			});
		},
	);

	it('Get of a transcription not there (yet): the 404 says what to do', async () => {
		nock(BASE)
			.get(`${ACCOUNT}/Transcription/r2/`)
			.query(true)
			.reply(404, { api_id: 'e', error: 'transcription in progress' });

		const result = await runAction({ resource: 'transcription', operation: 'get', recordingId: 'r2' });

		expect(result.error()?.message).toBe('Plivo has no transcription of recording "r2" (404)');
		expect(result.error()?.description).toContain('Plivo said: "transcription in progress"');
	});

	it('Delete: DELETE Transcription/{recording_id}/', async () => {
		const scope = nock(BASE)
			.delete(`${ACCOUNT}/Transcription/r1/`)
			.reply(202, { api_id: 'd', message: 'request accepted' });

		const result = await runAction({ resource: 'transcription', operation: 'delete', recordingId: 'r1' });

		expect(scope.isDone()).toBe(true);
		expect(result.output('Plivo').map((item) => item.json)).toEqual([
			{ recording_id: 'r1', transcription_deleted: true },
		]);
	});

	it('an empty Recording ID fails before anything is sent', async () => {
		const scope = nock(BASE).get(/.*/).reply(200, {});

		const result = await runAction({
			resource: 'transcription',
			operation: 'get',
			recordingId: '={{ $json.nothing }}',
		});

		expect(result.error()?.message).toBe('Recording ID is empty (item 0)');
		expect(scope.isDone()).toBe(false);
	});

	it('a Type written as text is read case-insensitively; one Plivo does not have fails before anything is sent', async () => {
		const scope = nock(BASE)
			.get(`${ACCOUNT}/Transcription/r1/`)
			.query({ type: 'raw' })
			.reply(200, { api_id: 'g', status: 'success', transcription: 'hello' });
		const raw = await runAction({ resource: 'transcription', operation: 'get', recordingId: 'r1', type: 'RAW' });
		expect(raw.error()).toBeUndefined();
		expect(scope.isDone()).toBe(true);

		const none = nock(BASE).get(/.*/).reply(200, {});
		const result = await runAction({ resource: 'transcription', operation: 'get', recordingId: 'r1', type: 'summary' });
		expect(result.error()?.message).toBe('Type must be transcription or diarized or raw, not "summary" (item 0)');
		expect(none.isDone()).toBe(false);
	});
});
