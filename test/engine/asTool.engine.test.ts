/**
 * The action as an AI agent's tool (issue 30), run by n8n-core's WorkflowExecute as n8n runs a
 * tool node: its type is `<package>.plivoRecordingTool`, which n8n resolves to this node itself
 * (NodeTypes.getByNameAndVersion, n8n 2.41.1 and 1.123.81), its input is one item holding the
 * model's arguments, and its parameters read them with `$fromAI()`. Plivo answered by nock.
 */
import nock from 'nock';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { ACCOUNT, actionWorkflow, AUTH_ID, AUTH_TOKEN, BASE, BASIC } from '../support/actionWorkflow';
import { runWorkflow } from '../support/engine';

const TOOL = 'n8n-nodes-plivo-recording.plivoRecordingTool';
const ACTION = 'n8n-nodes-plivo-recording.plivoRecording';
const MEDIA = 'https://media.plivo.com';

/** A parameter the model fills, as the editor writes it. */
const fromAI = (key: string, type = 'string') => `={{ $fromAI('${key}', '', '${type}') }}`;

/**
 * Runs the node once with the model's arguments, as the AI Agent runs a tool call; `type`
 * (the tool by default) and `version` as saved in the workflow.
 */
async function call(
	parameters: INodeParameters,
	modelArguments: IDataObject,
	{ type = TOOL, version = 1.1, continueOnFail = false } = {},
) {
	const workflow = actionWorkflow(parameters, { type, version, continueOnFail });
	const result = await runWorkflow(workflow, {
		credentials: { plivoRecordingApi: { authId: AUTH_ID, authToken: AUTH_TOKEN, baseUrl: BASE } },
		triggerItems: [{ ...modelArguments, toolCallId: 'call_1' }],
	});
	return { ...result, json: () => result.output('Plivo').map((item) => item.json) };
}

const plivoRecording = (id: string) => ({
	add_time: '2025-11-25 19:48:32.480000+05:30',
	call_uuid: 'c2c128e2-1c8c-11e4-9bff-1db8a9db0432',
	conference_name: 'Daily Standup',
	conference_uuid: '',
	from_number: '14155550100',
	to_number: '14155550199',
	monthly_recording_storage_amount: '0.00240',
	recording_duration_ms: '312480.00000',
	recording_end_ms: '1764080312480.00000',
	recording_format: 'mp3',
	recording_id: id,
	recording_start_ms: '1764080000000.00000',
	recording_storage_duration: '3',
	recording_storage_rate: '0.00040',
	recording_type: 'conference',
	recording_url: `${MEDIA}${ACCOUNT}/Recording/${id}.mp3`,
	resource_uri: `${ACCOUNT}/Recording/${id}/`,
	rounded_recording_duration: '360',
});

const simplified = (id: string) => ({
	recording_id: id,
	recording_type: 'conference',
	add_time: '2025-11-25T14:18:32.480Z',
	recording_start: '2025-11-25T14:13:20.000Z',
	recording_end: '2025-11-25T14:18:32.480Z',
	recording_duration_ms: 312480,
	conference_name: 'Daily Standup',
	call_uuid: 'c2c128e2-1c8c-11e4-9bff-1db8a9db0432',
	from_number: '14155550100',
	to_number: '14155550199',
	recording_format: 'mp3',
	recording_url: `${MEDIA}${ACCOUNT}/Recording/${id}.mp3`,
});

const page = (ids: string[], total = ids.length) => ({
	api_id: 'list',
	meta: { limit: 20, offset: 0, total_count: total, next: null, previous: null },
	objects: ids.map(plivoRecording),
});

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('values as a model writes them', () => {
	it('Get Many: a Limit and a Return All written as text ("3", "false")', async () => {
		const scope = nock(BASE)
			.get(`${ACCOUNT}/Recording/`)
			.query((query) => query.limit === '3' && query.from_number === '14155550100')
			.basicAuth(BASIC)
			.reply(200, page(['r1', 'r2', 'r3'], 40));

		const result = await call(
			{
				resource: 'recording',
				operation: 'getAll',
				returnAll: fromAI('Return_All', 'boolean'),
				limit: fromAI('Limit', 'number'),
				filters: { fromNumber: fromAI('From_Number') },
			},
			{ Return_All: 'false', Limit: '3', From_Number: 14155550100 },
		);

		expect(result.error()).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(result.json()).toEqual([simplified('r1'), simplified('r2'), simplified('r3')]);
	});

	it('Get Many: dates as ISO text, with a zone or without (the workflow timezone)', async () => {
		const scope = nock(BASE)
			.get(`${ACCOUNT}/Recording/`)
			.query(
				(query) =>
					query.add_time__gte === '2025-11-24 08:30:00' && query.add_time__lte === '2025-11-25 12:00:00.500000',
			)
			.reply(200, page(['r1']));

		const result = await call(
			{
				resource: 'recording',
				operation: 'getAll',
				limit: fromAI('Limit', 'number'),
				filters: { addedAfter: fromAI('Added_After'), addedBefore: fromAI('Added_Before') },
			},
			{ Limit: '1', Added_After: '2025-11-24T10:30:00+02:00', Added_Before: '2025-11-25T12:00:00.500Z' },
		);

		expect(result.error()).toBeUndefined();
		expect(scope.isDone()).toBe(true);
	});

	it('Start Call Recording: the call in its ID mode, a Time Limit and Transcribe as text', async () => {
		const scope = nock(BASE)
			.post(`${ACCOUNT}/Call/c-42/Record/`, { time_limit: 600, file_format: 'mp3', record_channel_type: 'mono' })
			.basicAuth(BASIC)
			.reply(202, { api_id: 's', message: 'call recording started', recording_id: 'r9', url: 'https://x/r9.mp3' });

		const result = await call(
			{
				resource: 'call',
				operation: 'startRecording',
				callUuid: { __rl: true, mode: 'id', value: fromAI('Call_UUID') },
				timeLimit: fromAI('Time_Limit', 'number'),
				transcribe: fromAI('Transcribe', 'boolean'),
			},
			{ Call_UUID: ' c-42 ', Time_Limit: '600', Transcribe: 'false' },
		);

		expect(result.error()).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(result.json()).toEqual([
			{
				api_id: 's',
				message: 'call recording started',
				recording_id: 'r9',
				url: 'https://x/r9.mp3',
				call_uuid: 'c-42',
			},
		]);
	});

	it('Pause Recording: a Multi-Party Call in its name mode', async () => {
		const scope = nock(BASE).post(`${ACCOUNT}/MultiPartyCall/name_Support%2042/Record/Pause/`).reply(204);

		const result = await call(
			{
				resource: 'multiPartyCall',
				operation: 'pauseRecording',
				mpc: { __rl: true, mode: 'name', value: fromAI('Multi_Party_Call_Name') },
			},
			{ Multi_Party_Call_Name: 'Support 42' },
		);

		expect(result.error()).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(result.json()).toEqual([{ mpc_name: 'Support 42', paused: true }]);
	});
});

describe('what the model gets back', () => {
	/** Plivo's Recording list of 60 recordings, paged as Plivo pages it. */
	const sixtyRecordings = () => {
		const ids = Array.from({ length: 60 }, (_, index) => `r${index}`);
		return nock(BASE)
			.get(`${ACCOUNT}/Recording/`)
			.query(true)
			.reply(200, (uri) => {
				const query = new URL(uri, BASE).searchParams;
				const offset = Number(query.get('offset') ?? 0);
				const limit = Number(query.get('limit'));
				return {
					api_id: 'list',
					meta: { limit, offset, total_count: 60, next: offset + limit < 60 ? 'more' : null, previous: null },
					objects: ids.slice(offset, offset + limit).map(plivoRecording),
				};
			})
			.persist();
	};

	it('Get Many as a tool returns at most 50 recordings, even with Return All', async () => {
		sixtyRecordings();

		const result = await call(
			{ resource: 'recording', operation: 'getAll', returnAll: fromAI('Return_All', 'boolean') },
			{ Return_All: 'true' },
		);

		expect(result.error()).toBeUndefined();
		expect(result.json()).toHaveLength(50);
		expect(result.json()[49]).toEqual(simplified('r49'));
	});

	it('Get Many in a workflow still returns everything with Return All', async () => {
		sixtyRecordings();

		const result = await call({ resource: 'recording', operation: 'getAll', returnAll: true }, {}, { type: ACTION });

		expect(result.error()).toBeUndefined();
		expect(result.json()).toHaveLength(60);
	});

	it('Download as a tool returns the file fields and says why there is no audio', async () => {
		const audio = Buffer.alloc(417, 1);
		nock(BASE).get(`${ACCOUNT}/Recording/r1/`).reply(200, plivoRecording('r1'));
		nock(MEDIA).get(`${ACCOUNT}/Recording/r1.mp3`).reply(200, audio, { 'Content-Type': 'audio/mpeg' });

		const result = await call(
			{ resource: 'recording', operation: 'download', recordingId: fromAI('Recording_ID') },
			{ Recording_ID: 'r1' },
		);

		expect(result.error()).toBeUndefined();
		const [item] = result.output('Plivo');
		expect(item.binary).toBeUndefined();
		expect(item.json).toMatchObject({
			recording_id: 'r1',
			file_name: 'r1.mp3',
			mime_type: 'audio/mpeg',
			file_size: 417,
		});
		expect(item.json.audio).toMatch(/^Downloaded, but not returned: a model cannot read audio/);
	});

	it('Transcription Get as a tool, simplified (version 1.1)', async () => {
		nock(BASE).get(`${ACCOUNT}/Transcription/r1/`).query({ type: 'transcription' }).reply(200, {
			api_id: 't',
			cost: '0.05',
			rate: '0.05',
			recording_duration_ms: '312480',
			recording_start_ms: '1764080000000',
			status: 'success',
			transcription: 'Hello, this is the standup.',
		});

		const result = await call(
			{ resource: 'transcription', operation: 'get', recordingId: fromAI('Recording_ID') },
			{ Recording_ID: 'r1' },
		);

		expect(result.json()).toEqual([
			{
				recording_id: 'r1',
				type: 'transcription',
				status: 'success',
				transcription: 'Hello, this is the standup.',
				recording_start: '2025-11-25T14:13:20.000Z',
				recording_duration_ms: 312480,
			},
		]);
	});
});

describe('what the model is told when it is wrong', () => {
	it('a Limit that is no number: one item naming the parameter, the value and the fix; nothing sent', async () => {
		const result = await call(
			{ resource: 'recording', operation: 'getAll', limit: fromAI('Limit', 'number') },
			{ Limit: 'three' },
		);

		expect(result.error()).toBeUndefined();
		expect(result.json()).toEqual([
			{
				error:
					'Limit is not a whole number of 1 or more: "three". Enter how many recordings to return at most, or turn on Return All.',
			},
		]);
	});

	it("a recording Plivo does not have: Plivo's words with the parameter to check, then a corrected ID succeeds", async () => {
		nock(BASE)
			.get(`${ACCOUNT}/Recording/r-wrong/`)
			.basicAuth(BASIC)
			.reply(404, { api_id: 'e', error: 'Recording not found' });
		const parameters = { resource: 'recording', operation: 'get', recordingId: fromAI('Recording_ID') };

		const wrong = await call(parameters, { Recording_ID: 'r-wrong' });

		expect(wrong.error()).toBeUndefined();
		expect(wrong.json()).toEqual([
			{
				error:
					'Plivo has no recording with ID "r-wrong" (404). It was deleted already, or the ID is not one of this account\'s recordings: check the Recording ID and the credential. Plivo said: "Recording not found".',
			},
		]);

		nock(BASE).get(`${ACCOUNT}/Recording/r1/`).basicAuth(BASIC).reply(200, plivoRecording('r1'));
		const corrected = await call(parameters, { Recording_ID: 'r1' });

		expect(corrected.error()).toBeUndefined();
		expect(corrected.json()).toEqual([simplified('r1')]);
	});

	it('a boolean that is neither true nor false is named', async () => {
		const result = await call(
			{ resource: 'recording', operation: 'getAll', returnAll: fromAI('Return_All', 'boolean') },
			{ Return_All: 'maybe' },
		);

		expect(result.json()).toEqual([
			{ error: 'Return All is neither true nor false: "maybe". Set Return All to true or false.' },
		]);
	});

	it('the token never reaches the model', async () => {
		nock(BASE).get(`${ACCOUNT}/Recording/r1/`).reply(401, { api_id: 'e', error: 'authentication failed' });

		const result = await call({ resource: 'recording', operation: 'get', recordingId: 'r1' }, {});

		expect(result.json()).toEqual([
			{
				error:
					'Plivo rejected the credentials (401). Check the Auth ID and Auth Token of the Plivo Recording API credential. Plivo said: "authentication failed".',
			},
		]);
		expect(JSON.stringify(result.run.data)).not.toContain(AUTH_TOKEN);
	});

	it('outside a tool nothing changes: the same error stops the workflow', async () => {
		const result = await call(
			{ resource: 'recording', operation: 'getAll', limit: '={{ $json.Limit }}' },
			{ Limit: 'three' },
			{ type: ACTION, version: 1 },
		);

		expect(result.error()?.message).toBe('Limit is not a whole number of 1 or more: "three" (item 0)');
		expect(result.error()?.description).toBe('Enter how many recordings to return at most, or turn on Return All.');
	});
});

describe('Wait for Recording to Finish under an agent', () => {
	it.each([
		['conference', { conferenceName: { __rl: true, mode: 'name', value: 'standup' } }],
		['call', { callUuid: { __rl: true, mode: 'id', value: 'c-1' } }],
		['multiPartyCall', { mpc: { __rl: true, mode: 'name', value: 'Support' } }],
	])('%s: refused before anything is sent, pointing to the Callback Trigger', async (resource, target) => {
		const plivo = nock(BASE)
			.post(/Record/)
			.reply(202, { recording_id: 'never' });

		const result = await call(
			{ resource, operation: 'startRecording', ...target, waitForRecording: fromAI('Wait', 'boolean') },
			{ Wait: 'true' },
		);

		expect(result.error()).toBeUndefined();
		expect(result.run.status).not.toBe('waiting');
		expect(plivo.isDone()).toBe(false);
		const [{ error }] = result.json() as Array<{ error: string }>;
		expect(error).toMatch(
			/^Wait for Recording to Finish cannot run as an AI agent's tool: .* Nothing was sent to Plivo\. /,
		);
		expect(error).toContain('Plivo Recording Callback Trigger');
	});

	it('"false" written by the model does not wait: the recording starts', async () => {
		const scope = nock(BASE)
			.post(`${ACCOUNT}/Conference/standup/Record/`, { file_format: 'mp3' })
			.reply(202, { api_id: 's', message: 'conference recording started', recording_id: 'r2' });

		const result = await call(
			{
				resource: 'conference',
				operation: 'startRecording',
				conferenceName: { __rl: true, mode: 'name', value: fromAI('Conference_Name') },
				waitForRecording: fromAI('Wait', 'boolean'),
			},
			{ Conference_Name: 'standup', Wait: 'false' },
		);

		expect(scope.isDone()).toBe(true);
		expect(result.run.status).not.toBe('waiting');
		expect(result.json()).toEqual([
			{ api_id: 's', message: 'conference recording started', recording_id: 'r2', conference_name: 'standup' },
		]);
	});
});

describe('Simplify by node version', () => {
	const get = { resource: 'recording', operation: 'get', recordingId: 'r1' };

	it.each([
		['a version 1 node (saved before Simplify): every field, as before', { version: 1, type: ACTION }, get, false],
		['a version 1.1 node: simplified by default', { version: 1.1, type: ACTION }, get, true],
		[
			'a version 1.1 node with Simplify off: every field',
			{ version: 1.1, type: ACTION },
			{ ...get, simple: false },
			false,
		],
		['a version 1 tool: every field, as before', { version: 1, type: TOOL }, get, false],
	])('%s', async (_case, options, parameters, isSimplified) => {
		nock(BASE).get(`${ACCOUNT}/Recording/r1/`).reply(200, plivoRecording('r1'));

		const result = await call(parameters, {}, options);

		expect(result.error()).toBeUndefined();
		const [json] = result.json();
		if (isSimplified) expect(json).toEqual(simplified('r1'));
		else expect(json).toMatchObject({ recording_storage_rate: 0.0004, resource_uri: `${ACCOUNT}/Recording/r1/` });
	});
});
