/**
 * The Number Masking Session resource (Enable / Disable Recording, issue 31) run by n8n-core's
 * WorkflowExecute over real HTTP against the fake Plivo (tools/fakePlivo/masking.js): the exact
 * requests it expects, Plivo's refusals in its own words, bad input that sends nothing, the
 * editor's list of sessions, the tool's { error }, and "Wait for Recording to Finish" resumed by
 * the session's next recording: the fake's signed callbacks to the execution's resume URL,
 * handed to the node's webhook() as n8n would.
 */
import nock from 'nock';
import type { IDataObject, ILoadOptionsFunctions, INodeParameters } from 'n8n-workflow';

import { PlivoRecording } from '../../nodes/PlivoRecording/PlivoRecording.node';
import { searchMaskingSessions } from '../../nodes/PlivoRecording/methods/listSearch';
import { startFakePlivo } from '../../tools/fakePlivo';
import type { FakePlivo, MaskingSession } from '../../tools/fakePlivo/types';
import { AUTH_ID, AUTH_TOKEN, actionWorkflow, runAction } from '../support/actionWorkflow';
import { runWorkflow } from '../support/engine';
import { buildWebhookContext, WEBHOOK_ID } from '../support/webhookContext';

const TRIGGER_URL = 'https://n8n.example.com/webhook/5b2d/webhook';
/** The engine harness's resume URL of execution 1 (test/support/engine.ts, webhookWaitingBaseUrl). */
const RESUME_ORIGIN = 'http://127.0.0.1';
const RESUME_PATH = '/webhook-waiting/1';

let fake: FakePlivo;
beforeAll(async () => {
	fake = await startFakePlivo({ port: 0, authId: AUTH_ID, authToken: AUTH_TOKEN, rateLimit: null });
});
afterAll(async () => await fake.close());
beforeEach(() => fake.reset());
afterEach(() => nock.cleanAll());

const byUuid = (uuid: string) => ({ __rl: true, mode: 'id', value: uuid });
const run = async (parameters: INodeParameters, options: { continueOnFail?: boolean } = {}) =>
	await runAction({ resource: 'maskingSession', ...parameters }, [{}], { ...options, baseUrl: fake.baseUrl });
const sessionPath = (uuid: string) => `/v1/Account/${AUTH_ID}/Masking/Session/${uuid}`;
const apiRequests = () => fake.requests.filter((request) => request.path.includes('/Masking/'));

describe('Number Masking Session → Enable Recording', () => {
	it('POSTs Masking/Session/{uuid} with record, the format and the recording callback; Plivo records the next call', async () => {
		const session = fake.createMaskingSession();

		const result = await run({
			operation: 'enableRecording',
			sessionUuid: byUuid(session.uuid),
			fileFormat: 'wav',
			callbackUrl: TRIGGER_URL,
			callbackMethod: 'GET',
		});

		expect(result.error()).toBeUndefined();
		expect(apiRequests().map(({ method, path, body, authOk }) => ({ method, path, body, authOk }))).toEqual([
			{
				method: 'POST',
				path: sessionPath(session.uuid),
				body: {
					record: true,
					record_file_format: 'wav',
					recording_callback_url: TRIGGER_URL,
					recording_callback_method: 'GET',
				},
				authOk: true,
			},
		]);
		expect(session).toMatchObject({
			record: true,
			recordFileFormat: 'wav',
			recordingCallbackUrl: TRIGGER_URL,
			recordingCallbackMethod: 'GET',
		});
		expect(result.output('Plivo').map((item) => item.json)).toEqual([
			{
				api_id: expect.any(String),
				message: 'Session updated',
				session: expect.objectContaining({ session_uuid: session.uuid, record: true, record_file_format: 'wav' }),
				session_uuid: session.uuid,
				record: true,
			},
		]);
	});

	it("without a Callback URL keeps the session's own; mp3 by default", async () => {
		const session = fake.createMaskingSession({ recordingCallbackUrl: TRIGGER_URL });

		const result = await run({ operation: 'enableRecording', sessionUuid: { mode: 'list', value: session.uuid } });

		expect(result.error()).toBeUndefined();
		expect(apiRequests().map((request) => request.body)).toEqual([{ record: true, record_file_format: 'mp3' }]);
		expect(session.recordingCallbackUrl).toBe(TRIGGER_URL);
	});

	it.each([
		[
			{ sessionUuid: byUuid("={{ '' }}") },
			'Number Masking Session is empty (item 0)',
			'Choose an active session From List',
		],
		[
			{ sessionUuid: byUuid("={{ 'not-a-session' }}") },
			'Number Masking Session is not a session UUID: "not-a-session" (item 0)',
			'8-4-4-4-12 hexadecimal characters',
		],
		[
			{ callbackUrl: 'n8n/webhook' },
			'Callback URL is not an absolute http(s) URL: "n8n/webhook" (item 0)',
			'Plivo must be able to call it',
		],
		[
			{ callbackUrl: 'ftp://n8n.example.com/x' },
			'Callback URL is not an absolute http(s) URL: "ftp://n8n.example.com/x" (item 0)',
			'',
		],
		[{ fileFormat: 'ogg' }, 'File Format must be mp3 or wav, not "ogg" (item 0)', 'Set File Format to mp3 or wav.'],
	])('%j fails naming the item, the field and the fix, and sends nothing', async (parameters, message, fix) => {
		const session = fake.createMaskingSession();

		const result = await run({ operation: 'enableRecording', sessionUuid: byUuid(session.uuid), ...parameters });

		expect(result.error()?.name).toBe('NodeOperationError');
		expect(result.error()?.message).toBe(message);
		expect(result.error()?.description).toContain(fix);
		expect(fake.requests).toHaveLength(0);
		expect(session.record).toBe(false);
	});

	it("a malformed UUID typed By UUID: n8n refuses the workflow by the field's own check, nothing sent", async () => {
		const result = run({ operation: 'enableRecording', sessionUuid: byUuid('not-a-session') });

		await expect(result).rejects.toThrow(/Number Masking Session is not a session UUID: enter the session's UUID/);
		expect(fake.requests).toHaveLength(0);
	});

	it("an unknown session: Plivo's 404 named for the session, Plivo's words beside", async () => {
		const missing = '9b2c1e4a-6f0d-4b8e-a1c3-5d7e9f0a2b4c';

		const result = await run({ operation: 'enableRecording', sessionUuid: byUuid(missing) });

		expect(result.error()?.name).toBe('NodeApiError');
		expect(result.error()?.message).toBe(`Plivo has no Number Masking session with UUID "${missing}" (404)`);
		expect(result.error()?.description).toContain('Plivo said: "Session not found"');
		expect(apiRequests()).toHaveLength(1);
	});

	it("an expired session: Plivo's 400 in its own words", async () => {
		const session = fake.createMaskingSession();
		fake.expireMaskingSession(session);

		const result = await run({ operation: 'enableRecording', sessionUuid: byUuid(session.uuid) });

		expect(result.error()?.name).toBe('NodeApiError');
		expect(result.error()?.message).toBe('Plivo rejected the request: Session already expired.');
		expect(result.error()?.httpCode).toBe('400');
	});

	it('with Continue On Fail, a refused session becomes an error item', async () => {
		const result = await run(
			{ operation: 'enableRecording', sessionUuid: byUuid('9b2c1e4a-6f0d-4b8e-a1c3-5d7e9f0a2b4c') },
			{ continueOnFail: true },
		);

		expect(result.error()).toBeUndefined();
		expect(result.output('Plivo').map((item) => item.json)).toEqual([
			{ error: 'Plivo has no Number Masking session with UUID "9b2c1e4a-6f0d-4b8e-a1c3-5d7e9f0a2b4c" (404)' },
		]);
	});
});

describe('Number Masking Session → Disable Recording', () => {
	it('POSTs Masking/Session/{uuid} with record false; the next call is not recorded', async () => {
		const session = fake.createMaskingSession({ record: true, recordingCallbackUrl: TRIGGER_URL });

		const result = await run({ operation: 'disableRecording', sessionUuid: byUuid(session.uuid) });

		expect(result.error()).toBeUndefined();
		expect(apiRequests().map(({ method, path, body }) => ({ method, path, body }))).toEqual([
			{ method: 'POST', path: sessionPath(session.uuid), body: { record: false } },
		]);
		expect(session.record).toBe(false);
		expect(result.output('Plivo').map((item) => item.json)).toEqual([
			expect.objectContaining({ message: 'Session updated', session_uuid: session.uuid, record: false }),
		]);
		const call = fake.startMaskingCall(session);
		await fake.endMaskingCall(call);
		expect(call.records).toBe(false);
	});

	it('a call in progress keeps the settings it started with (Plivo: each call its own file)', async () => {
		const session = fake.createMaskingSession({ record: true, recordingCallbackUrl: TRIGGER_URL });
		nock('https://n8n.example.com').post('/webhook/5b2d/webhook').times(2).reply(200);
		const during = fake.startMaskingCall(session);

		expect((await run({ operation: 'disableRecording', sessionUuid: byUuid(session.uuid) })).error()).toBeUndefined();
		await fake.endMaskingCall(during);

		expect(during.state).toBe('completed');
		expect(fake.recordings.map((recording) => recording.recordingId)).toEqual([during.recordingId]);
	});

	it("an expired session: Plivo's 400 in its own words", async () => {
		const session = fake.createMaskingSession();
		fake.expireMaskingSession(session);

		const result = await run({ operation: 'disableRecording', sessionUuid: byUuid(session.uuid) });

		expect(result.error()?.message).toBe('Plivo rejected the request: Session already expired.');
	});
});

/** A load-options context (the editor's list search) whose requests go over HTTP to the fake Plivo. */
function editorContext() {
	const authorization = 'Basic ' + Buffer.from(`${AUTH_ID}:${AUTH_TOKEN}`).toString('base64');
	return {
		getCredentials: async () => ({ authId: AUTH_ID, authToken: AUTH_TOKEN, baseUrl: fake.baseUrl }),
		getNode: () => ({ name: 'Plivo Recording', credentials: { plivoRecordingApi: { id: '1', name: 'Plivo' } } }),
		helpers: {
			httpRequestWithAuthentication: async (
				_type: string,
				options: { url: string; method: string; qs?: IDataObject },
			) => {
				const url = new URL(options.url);
				for (const [key, value] of Object.entries(options.qs ?? {})) url.searchParams.set(key, String(value));
				const response = await fetch(url, { method: options.method, headers: { authorization } });
				return { statusCode: response.status, headers: {}, body: await response.json() };
			},
		},
	} as unknown as ILoadOptionsFunctions;
}

describe('Number Masking Session: the editor’s list (From List)', () => {
	let sessions: MaskingSession[];
	beforeEach(() => {
		sessions = Array.from({ length: 23 }, (_, index) =>
			fake.createMaskingSession({ firstParty: `1415555${String(1000 + index)}`, secondParty: '14155550199' }),
		);
		fake.expireMaskingSession(fake.createMaskingSession({ firstParty: '14155559999' }));
	});

	it('lists every active session over Plivo’s pages, named by its numbers, valued by its UUID', async () => {
		const result = await searchMaskingSessions.call(editorContext());

		expect(result.results).toHaveLength(23);
		expect(new Set(result.results.map((entry) => entry.value))).toEqual(new Set(sessions.map((s) => s.uuid)));
		const first = sessions[0];
		expect(result.results).toContainEqual({
			name: `+${first.firstParty} ↔ +${first.secondParty} via +${first.virtualNumber}`,
			value: first.uuid,
			description: expect.stringContaining(first.uuid),
		});
		const lists = fake.requests.filter((request) => request.path === `/v1/Account/${AUTH_ID}/Masking/Session/`);
		expect(lists.map((request) => request.query)).toEqual([
			expect.objectContaining({ status: 'active', limit: '20', offset: '0' }),
			expect.objectContaining({ status: 'active', limit: '3', offset: '20' }),
		]);
		expect(lists.every((request) => request.status === 200)).toBe(true);
	});

	it('a whole number is searched with Plivo’s own filters: either party or the virtual number', async () => {
		const wanted = sessions[21];

		const byParty = await searchMaskingSessions.call(editorContext(), `+1 415 555 ${wanted.firstParty.slice(-4)}`);
		const byVirtual = await searchMaskingSessions.call(editorContext(), `+${wanted.virtualNumber}`);

		expect(byParty.results.map((entry) => entry.value)).toEqual([wanted.uuid]);
		expect(byVirtual.results.map((entry) => entry.value)).toEqual([wanted.uuid]);
		const filters = fake.requests.map((request) => request.query);
		expect(filters).toContainEqual(expect.objectContaining({ first_party: wanted.firstParty, status: 'active' }));
		expect(filters).toContainEqual(expect.objectContaining({ second_party: wanted.firstParty }));
		expect(filters).toContainEqual(expect.objectContaining({ virtual_number: wanted.virtualNumber }));
	});

	it('part of a number narrows the list; no match says what to do instead', async () => {
		const some = await searchMaskingSessions.call(editorContext(), '555102');
		const none = await searchMaskingSessions.call(editorContext(), '14155559999');

		expect(some.results.map((entry) => entry.value).sort()).toEqual(
			sessions
				.filter((s) => s.firstParty.includes('555102'))
				.map((s) => s.uuid)
				.sort(),
		);
		expect(none.results).toEqual([
			{
				name: 'No active Number Masking session has a number matching "14155559999": enter its session UUID By UUID',
				value: '',
				description: 'Plivo lists a session until it expires',
			},
		]);
	});
});

describe('Number Masking Session as an AI agent’s tool', () => {
	const TOOL = 'n8n-nodes-plivo-recording.plivoRecordingTool';
	const fromAI = (key: string) => `={{ $fromAI('${key}', '', 'string') }}`;

	async function tool(parameters: INodeParameters, modelArguments: IDataObject) {
		const workflow = actionWorkflow({ resource: 'maskingSession', ...parameters }, { type: TOOL, version: 1.1 });
		const result = await runWorkflow(workflow, {
			credentials: { plivoRecordingApi: { authId: AUTH_ID, authToken: AUTH_TOKEN, baseUrl: fake.baseUrl } },
			triggerItems: [{ ...modelArguments, toolCallId: 'call_1' }],
		});
		return { ...result, json: () => result.output('Plivo').map((item) => item.json) };
	}

	const parameters = {
		operation: 'enableRecording',
		sessionUuid: { __rl: true, mode: 'id', value: fromAI('session_uuid') },
		fileFormat: fromAI('file_format'),
		callbackUrl: fromAI('callback_url'),
		waitForRecording: fromAI('wait'),
	};

	it('enables recording with the values a model writes as text', async () => {
		const session = fake.createMaskingSession();

		const result = await tool(parameters, {
			session_uuid: session.uuid,
			file_format: 'WAV',
			callback_url: TRIGGER_URL,
			wait: 'false',
		});

		expect(result.error()).toBeUndefined();
		expect(result.json()).toEqual([expect.objectContaining({ session_uuid: session.uuid, record: true })]);
		expect(session).toMatchObject({ record: true, recordFileFormat: 'wav', recordingCallbackUrl: TRIGGER_URL });
	});

	it.each([
		[{ session_uuid: 'abc' }, /^Number Masking Session is not a session UUID: "abc"\. Enter the session's UUID/],
		[
			{ session_uuid: '9b2c1e4a-6f0d-4b8e-a1c3-5d7e9f0a2b4c' },
			/^Plivo has no Number Masking session .*Plivo said: "Session not found"/,
		],
		[{ wait: 'true' }, /^Wait for Recording to Finish cannot run as an AI agent's tool/],
	])('%j comes back as { error } the model can act on, nothing thrown', async (argumentsGiven, error) => {
		const session = fake.createMaskingSession();

		const result = await tool(parameters, {
			session_uuid: session.uuid,
			file_format: 'mp3',
			callback_url: '',
			wait: 'false',
			...argumentsGiven,
		});

		expect(result.error()).toBeUndefined();
		expect(result.json()).toEqual([{ error: expect.stringMatching(error) }]);
		expect(session.record).toBe(false);
	});
});

describe('Enable Recording → Wait for Recording to Finish', () => {
	interface Delivery {
		headers: Record<string, string>;
		body: Record<string, string>;
	}
	let deliveries: Delivery[];

	/** n8n's resume URL of the waiting execution, standing in for n8n's server: what Plivo sent there. */
	function listenAtResumeUrl() {
		deliveries = [];
		nock(RESUME_ORIGIN)
			.post(RESUME_PATH)
			.times(5)
			.reply(function (_uri, body) {
				deliveries.push({
					headers: this.req.headers as Record<string, string>,
					body: Object.fromEntries(new URLSearchParams(String(body))),
				});
				return [200, ''];
			});
	}

	/** Hands a delivery to the waiting node's webhook() as n8n does at the resume URL. */
	async function resume(delivery: Delivery, onError?: string) {
		const call = buildWebhookContext({
			method: 'POST',
			originalUrl: RESUME_PATH,
			headers: { ...delivery.headers, host: '127.0.0.1' },
			body: delivery.body,
			executionId: '1',
			webhookUrl: `${RESUME_ORIGIN}/webhook/${WEBHOOK_ID}/`,
			credentials: { authId: AUTH_ID, authToken: AUTH_TOKEN, baseUrl: fake.baseUrl },
			onError,
		});
		const result = await new PlivoRecording().webhook.call(call.context);
		return { result, status: call.response.status };
	}

	async function waitingOn(session: MaskingSession) {
		const result = await run({
			operation: 'enableRecording',
			sessionUuid: byUuid(session.uuid),
			waitForRecording: true,
			maxWaitMinutes: 30,
			callbackUrl: 'https://ignored.example/cb',
		});
		expect(result.error()).toBeUndefined();
		expect(result.run.status).toBe('waiting');
		return result;
	}

	it("gives Plivo the resume URL as the session's recording callback and waits; resumes on the next finished recording, not on its start", async () => {
		const session = fake.createMaskingSession();
		listenAtResumeUrl();

		const result = await waitingOn(session);

		expect(apiRequests().map((request) => request.body)).toEqual([
			{
				record: true,
				record_file_format: 'mp3',
				recording_callback_url: `${RESUME_ORIGIN}${RESUME_PATH}`,
				recording_callback_method: 'POST',
			},
		]);
		expect(result.run.data.executionData?.nodeExecutionStack[0].data.main[0]).toEqual([
			{
				json: expect.objectContaining({ session_uuid: session.uuid, record: true, recording_wait: 'timed out' }),
				pairedItem: { item: 0 },
			},
		]);

		const call = fake.startMaskingCall(session);
		await fake.idle();
		expect(deliveries.map((d) => d.body.EventName)).toEqual(['SessionRecordingInitiated']);
		const started = await resume(deliveries[0]);
		// The recording has only started: answered, and the execution keeps waiting.
		expect(started.status).toBe(200);
		expect(started.result.workflowData).toBeUndefined();

		await fake.endMaskingCall(call);
		expect(deliveries.map((d) => d.body.EventName)).toEqual(['SessionRecordingInitiated', 'SessionRecordingCompleted']);
		const finished = await resume(deliveries[1]);
		expect(finished.result.workflowData).toEqual([
			[
				{
					json: expect.objectContaining({
						event: 'recording',
						source: 'maskingSession',
						recording_id: call.recordingId,
						session_uuid: session.uuid,
						record_url: `${fake.baseUrl}/v1/Account/${AUTH_ID}/Recording/${call.recordingId}.mp3`,
						recording_duration: expect.any(Number),
					}),
					pairedItem: { item: 0 },
				},
			],
		]);
	});

	it('a forged callback at the resume URL resumes nothing', async () => {
		const session = fake.createMaskingSession();
		listenAtResumeUrl();
		await waitingOn(session);
		await fake.endMaskingCall(fake.startMaskingCall(session));

		const forged = await resume({ ...deliveries[1], body: { ...deliveries[1].body, RecordingDuration: '999' } });

		expect(forged.status).toBe(401);
		expect(forged.result.workflowData).toBeUndefined();
	});

	it('fails on a failed recording (SessionRecordingFailed), or goes on with it under Continue On Fail', async () => {
		const session = fake.createMaskingSession();
		listenAtResumeUrl();
		await waitingOn(session);

		const call = fake.startMaskingCall(session, { recordingFails: true });
		await fake.idle();

		expect(deliveries.map((d) => d.body.EventName)).toEqual(['SessionRecordingFailed']);
		await expect(resume(deliveries[0])).rejects.toThrow(
			`Plivo reports that recording "${call.recordingId}" failed: there is no file`,
		);
		// Plivo sends it again (a nonce of its own): with Continue On Fail the workflow goes on with it.
		await fake.repeatMaskingEvent(call, 'Failed');
		const goingOn = await resume(deliveries[1], 'continueRegularOutput');
		expect(goingOn.result.workflowData?.[0][0].json).toMatchObject({
			event: 'recordingFailed',
			session_uuid: session.uuid,
			recording_wait: 'failed',
		});
	});

	it('refuses several items before sending anything', async () => {
		const session = fake.createMaskingSession();

		const result = await runAction(
			{
				resource: 'maskingSession',
				operation: 'enableRecording',
				sessionUuid: byUuid(session.uuid),
				waitForRecording: true,
			},
			[{}, {}],
			{ baseUrl: fake.baseUrl },
		);

		expect(result.error()?.message).toBe(
			'Wait for Recording to Finish handles one recording per execution, and this node received 2 items',
		);
		expect(fake.requests).toHaveLength(0);
	});
});
