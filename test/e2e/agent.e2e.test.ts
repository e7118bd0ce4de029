/**
 * n8n's AI Agent uses the Plivo Recording tools in a real n8n (issue 30, item 6): a Webhook
 * starts the agent with a question, the scripted OpenAI-compatible model (tools/scriptedModel)
 * plays the tool calls each test scripts, n8n runs the package's `…plivoRecordingTool` nodes
 * against the fake Plivo and hands their output back to the model. Each case asserts what the
 * fake Plivo received and what the model received back (fields, sizes, error texts): finding
 * recordings by number with a Limit the model wrote as text, reading a transcript, starting and
 * stopping a live call's recording, a wrong recording ID corrected on the second try, Wait for
 * Recording to Finish refused before anything is sent, and every operation of the node called
 * once as a tool with the model's arguments. The agent is version 3, which n8n
 * 1.123 and 2.41 both have: N8N_VERSION=1.123.81 runs the same suite on the previous line.
 */
import { startFakePlivo } from '../../tools/fakePlivo';
import type { FakePlivo, RecordedRequest } from '../../tools/fakePlivo/types';
import { DEFAULT_VERSION, packPackage, startN8n, type N8n } from '../../tools/n8n';
import { startScriptedModel } from '../../tools/scriptedModel';
import { ASK_FILE, loadExample, withCredential } from '../../tools/workflows';
import type { ScriptedModel, Script, ToolResult } from '../../tools/scriptedModel/types';
import {
	AGENT_NAME,
	askWorkflow,
	EVERY_OPERATION_TOOLS,
	fromAI,
	PLIVO_TOOLS,
	toolName,
	type PlivoTool,
} from './agentWorkflow';
import { postWebhook } from './recordingSteps';
import { setUpWithPlivoCredential } from './steps';

const version = DEFAULT_VERSION;
const AUTH_ID = 'MAAGENT0000000000001';
const AUTH_TOKEN = 'agent-auth-token-0123456789abcdef';
const CUSTOMER = '14155550199';
const OTHER = '14155550142';
const CALL_UUID = '7a1e5c2e-3b1f-4d8e-9a55-2f0c1d9e4b7a';
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const MINUTE = 60_000;

/** Wait for Recording to Finish on a conference, as a user might hand it to an agent. */
const RECORD_AND_WAIT: PlivoTool = {
	name: 'Record conference and wait',
	description: 'Records a conference by name and waits for the finished recording.',
	parameters: {
		resource: 'conference',
		operation: 'startRecording',
		conferenceName: { __rl: true, mode: 'name', value: fromAI('Conference_Name', 'The name of a live conference') },
		waitForRecording: true,
	},
};
const TOOLS = [...Object.values(PLIVO_TOOLS), RECORD_AND_WAIT];
const FIND = toolName(PLIVO_TOOLS.findRecordings.name);
const GET = toolName(PLIVO_TOOLS.getRecording.name);
const TRANSCRIPT = toolName(PLIVO_TOOLS.readTranscript.name);
const START = toolName(PLIVO_TOOLS.startCallRecording.name);
const STOP = toolName(PLIVO_TOOLS.stopCallRecording.name);
const RECORD_WAIT = toolName(RECORD_AND_WAIT.name);

/** What Simplify keeps of a call's recording (no conference, so no conference fields). */
const SIMPLE_CALL_RECORDING_FIELDS = [
	'recording_id',
	'recording_type',
	'add_time',
	'recording_start',
	'recording_end',
	'recording_duration_ms',
	'call_uuid',
	'from_number',
	'to_number',
	'recording_format',
	'recording_url',
];

/** The items a tool returned, as the model received them (n8n sends a tool's output items' JSON as one array). */
const itemsOf = (result: ToolResult | undefined) => result?.content as Array<Record<string, unknown>>;

describe(`n8n's AI Agent with the Plivo Recording tools in a real n8n ${version}`, () => {
	let n8n: N8n;
	let fake: FakePlivo;
	let model: ScriptedModel;
	let url: string;
	let workflowId: string;
	let credentials: { plivo: { id: string; name: string }; openAi: { id: string; name: string } };

	const plivoRequests = (): RecordedRequest[] =>
		fake.requests.filter((request) => request.path.startsWith(`/v1/Account/${AUTH_ID}/`));
	const pathOf = (request: RecordedRequest) => request.path.slice(`/v1/Account/${AUTH_ID}/`.length);

	/** Asks the agent `question` with the model playing `script`; the agent's answer. */
	async function ask(question: string, script: Script): Promise<string> {
		model.reset(script);
		const response = await postWebhook(url, { question });
		expect({ status: response.status, text: response.text }).toEqual({ status: 200, text: expect.any(String) });
		const [item] = response.items;
		expect(typeof item?.output).toBe('string');
		return item.output as string;
	}

	beforeAll(async () => {
		fake = await startFakePlivo({ port: 0, authId: AUTH_ID, authToken: AUTH_TOKEN });
		model = await startScriptedModel({ script: [] });
		n8n = await startN8n({ version, port: 0, tarball: await packPackage() });
		const plivo = await setUpWithPlivoCredential(n8n, fake, { authId: AUTH_ID, authToken: AUTH_TOKEN });
		const openAi = await n8n.createCredential({
			name: 'Scripted model',
			type: 'openAiApi',
			data: { apiKey: 'sk-scripted', url: model.baseUrl, header: false },
		});
		credentials = { plivo, openAi };
		const { path, workflow } = askWorkflow(openAi, plivo, TOOLS);
		workflowId = (await n8n.createWorkflow(workflow)).id;
		await n8n.activateWorkflow(workflowId);
		url = n8n.webhookUrl(path);
	});

	afterAll(async () => {
		await n8n?.stop();
		await model?.close();
		await fake?.close();
	});

	beforeEach(() => fake.reset());

	it('offers each Plivo Recording node as a tool with its description and $fromAI arguments', async () => {
		await ask('What can you do?', [{ answer: 'I can find, read and record calls.' }]);

		const [request] = model.requests;
		const tools = (request.tools ?? []) as Array<{ function: { name: string; description: string; parameters: any } }>;
		expect(tools.map((tool) => tool.function.name).sort()).toEqual(TOOLS.map((tool) => toolName(tool.name)).sort());
		const find = tools.find((tool) => tool.function.name === FIND)?.function;
		expect(find?.description).toBe(PLIVO_TOOLS.findRecordings.description);
		expect(find?.parameters.properties).toMatchObject({
			Limit: { type: 'number', description: 'How many recordings to return, newest first: 1 to 50' },
			To_Number: { type: 'string', description: expect.stringContaining('Only recordings of calls to this number') },
			From_Number: { type: 'string' },
		});
		expect(plivoRequests()).toEqual([]);
	});

	it('finds recordings by number: a Limit written as text ("3"), three simplified recordings back', async () => {
		const now = Date.now();
		const customer = [1, 2, 3, 4, 5].map((minutes) =>
			fake.addRecording({
				recordingType: 'call',
				fromNumber: OTHER,
				toNumber: CUSTOMER,
				stoppedAt: now - minutes * MINUTE,
			}),
		);
		fake.addRecording({ recordingType: 'call', fromNumber: CUSTOMER, toNumber: OTHER, stoppedAt: now });

		const answer = await ask(`Which were the last three calls to ${CUSTOMER}?`, [
			{ toolCalls: [{ name: FIND, arguments: { Limit: '3', To_Number: CUSTOMER, From_Number: '' } }] },
			{ answer: (results) => `Found ${itemsOf(results[0]).length}: ${results[0].raw}` },
		]);

		// Plivo: one list request, filtered by the number, asking for three.
		const requests = plivoRequests();
		expect(requests.map((request) => `${request.method} ${pathOf(request)}`)).toEqual(['GET Recording/']);
		expect(requests[0].authOk).toBe(true);
		expect(requests[0].query).toMatchObject({ to_number: CUSTOMER, limit: '3' });
		expect(requests[0].query).not.toHaveProperty('from_number');

		// The model: the three newest, each the dozen fields Simplify keeps, in a few hundred bytes.
		const results = model.toolResults();
		expect(results.map((result) => result.name)).toEqual([FIND]);
		const recordings = itemsOf(results[0]);
		expect(recordings.map((recording) => recording.recording_id)).toEqual(
			customer.slice(0, 3).map((recording) => recording.recordingId),
		);
		for (const recording of recordings) {
			expect(Object.keys(recording)).toEqual(SIMPLE_CALL_RECORDING_FIELDS);
			expect(recording).toMatchObject({
				recording_type: 'call',
				from_number: OTHER,
				to_number: CUSTOMER,
				add_time: expect.stringMatching(ISO),
				recording_duration_ms: 30_000,
				recording_format: 'mp3',
			});
		}
		expect(results[0].raw.length).toBeLessThan(3 * 600);
		expect(answer).toBe(`Found 3: ${results[0].raw}`);
	});

	it('reads a transcript by the recording ID (Transcription Get)', async () => {
		const recording = fake.addRecording({ recordingType: 'call', fromNumber: OTHER, toNumber: CUSTOMER });
		fake.transcribed(recording);

		const answer = await ask('What was said on that call?', [
			{ toolCalls: [{ name: TRANSCRIPT, arguments: { Recording_ID: recording.recordingId } }] },
			{ answer: (results) => String(itemsOf(results[0])[0].transcription) },
		]);

		const requests = plivoRequests();
		expect(requests.map((request) => `${request.method} ${pathOf(request)}`)).toEqual([
			`GET Transcription/${recording.recordingId}/`,
		]);
		expect(requests[0].query).toEqual({ type: 'transcription' });
		const results = model.toolResults();
		expect(results.map((result) => result.name)).toEqual([TRANSCRIPT]);
		expect(itemsOf(results[0])).toEqual([
			{
				recording_id: recording.recordingId,
				type: 'transcription',
				status: 'success',
				transcription: 'This is a test transcription from the fake Plivo server.',
				recording_start: new Date(recording.startedAt).toISOString(),
				recording_duration_ms: 30_000,
			},
		]);
		expect(answer).toBe('This is a test transcription from the fake Plivo server.');
	});

	it("starts and stops a live call's recording", async () => {
		fake.startCall({ callUuid: CALL_UUID, from: OTHER, to: CUSTOMER });

		const answer = await ask('The caller agreed: record this call, then stop.', [
			{ toolCalls: [{ name: START, arguments: { Call_UUID: CALL_UUID } }] },
			{ toolCalls: [{ name: STOP, arguments: { Call_UUID: CALL_UUID } }] },
			{ answer: (results) => `Recorded as ${String(itemsOf(results[0])[0].recording_id)}, then stopped.` },
		]);

		const requests = plivoRequests();
		expect(requests.map((request) => `${request.method} ${pathOf(request)}`)).toEqual([
			`POST Call/${CALL_UUID}/Record/`,
			`DELETE Call/${CALL_UUID}/Record/`,
		]);
		expect(requests.every((request) => request.authOk)).toBe(true);
		const [recording] = fake.recordings;
		expect(fake.recordings).toHaveLength(1);
		expect(recording).toMatchObject({ callUuid: CALL_UUID, recordingType: 'call', stoppedAt: expect.any(Number) });

		const results = model.toolResults();
		expect(results.map((result) => result.name)).toEqual([START, STOP]);
		expect(itemsOf(results[0])).toEqual([
			{
				api_id: expect.any(String),
				message: 'call recording started',
				recording_id: recording.recordingId,
				url: expect.stringContaining(`/Recording/${recording.recordingId}.mp3`),
				call_uuid: CALL_UUID,
			},
		]);
		expect(itemsOf(results[1])).toEqual([{ call_uuid: CALL_UUID, stopped: true }]);
		expect(answer).toBe(`Recorded as ${recording.recordingId}, then stopped.`);
	});

	it('a wrong recording ID: the model reads which argument, the value and the fix, and succeeds on the second try', async () => {
		const recording = fake.addRecording({ recordingType: 'call', fromNumber: OTHER, toNumber: CUSTOMER });
		const wrong = 'rec-does-not-exist';

		const answer = await ask('Tell me about that recording.', [
			{ toolCalls: [{ name: GET, arguments: { Recording_ID: wrong } }] },
			(_request, history) =>
				typeof itemsOf(history.at(-1))?.[0]?.error === 'string'
					? { toolCalls: [{ name: GET, arguments: { Recording_ID: recording.recordingId } }] }
					: { answer: 'the first call did not fail' },
			{ answer: (results) => `It lasted ${String(itemsOf(results[1])[0].recording_duration_ms)} ms.` },
		]);

		expect(plivoRequests().map((request) => `${request.method} ${pathOf(request)}`)).toEqual([
			`GET Recording/${wrong}/`,
			`GET Recording/${recording.recordingId}/`,
		]);
		expect(plivoRequests().map((request) => request.status)).toEqual([404, 200]);

		const results = model.toolResults();
		expect(results.map((result) => result.name)).toEqual([GET, GET]);
		const [first] = itemsOf(results[0]);
		expect(Object.keys(first)).toEqual(['error']);
		expect(first.error).toBe(
			`Plivo has no recording with ID "${wrong}" (404). It was deleted already, or the ID is not one of this account's recordings: check the Recording ID and the credential. Plivo said: "not found".`,
		);
		expect(JSON.stringify(results)).not.toContain(AUTH_TOKEN);
		const [second] = itemsOf(results[1]);
		expect(Object.keys(second)).toEqual(SIMPLE_CALL_RECORDING_FIELDS);
		expect(second).toMatchObject({ recording_id: recording.recordingId, recording_duration_ms: 30_000 });
		expect(answer).toBe('It lasted 30000 ms.');
	});

	it('Wait for Recording to Finish is refused before anything is sent, pointing to the Callback Trigger', async () => {
		const answer = await ask('Record the standup and tell me when it is done.', [
			{ toolCalls: [{ name: RECORD_WAIT, arguments: { Conference_Name: 'standup' } }] },
			{ answer: (results) => String(itemsOf(results[0])[0].error) },
		]);

		expect(plivoRequests()).toEqual([]);
		expect(fake.recordings).toEqual([]);
		const results = model.toolResults();
		expect(results.map((result) => result.name)).toEqual([RECORD_WAIT]);
		const [refusal] = itemsOf(results[0]);
		expect(Object.keys(refusal)).toEqual(['error']);
		expect(refusal.error).toMatch(
			/^Wait for Recording to Finish cannot run as an AI agent's tool: .* Nothing was sent to Plivo\. /,
		);
		expect(refusal.error).toContain('Plivo Recording Callback Trigger');
		expect(answer).toBe(refusal.error);
		// The agent answered: no execution was put to wait for a recording.
		expect(await n8n.executions({ workflowId, status: 'waiting', includeData: false })).toEqual([]);
	});

	it("every operation runs as a tool with the model's arguments: Plivo receives each request, the model gets no error back", async () => {
		const conference = 'DailyStandup';
		const mpcName = 'Support7';
		fake.startCall({ callUuid: CALL_UUID, from: OTHER, to: CUSTOMER });
		fake.addMpcParticipant(fake.startMpc({ name: mpcName }));
		const session = fake.createMaskingSession({ firstParty: OTHER, secondParty: CUSTOMER });
		const untranscribed = fake.addRecording({ recordingType: 'call', fromNumber: OTHER, toNumber: CUSTOMER });
		const kept = fake.addRecording({ recordingType: 'call', fromNumber: OTHER, toNumber: CUSTOMER });
		fake.transcribed(kept);
		const calls: Array<[string, Record<string, unknown>]> = [
			['Start conference recording', { Conference_Name: conference }],
			['Stop conference recording', { Conference_Name: conference }],
			['Start call recording', { Call_UUID: CALL_UUID }],
			['Stop call recording', { Call_UUID: CALL_UUID }],
			['Start MPC recording', { MPC_Name: mpcName }],
			['Pause MPC recording', { MPC_Name: mpcName }],
			['Resume MPC recording', { MPC_Name: mpcName }],
			['Stop MPC recording', { MPC_Name: mpcName }],
			['Find recordings', { Limit: '2', To_Number: CUSTOMER, From_Number: '' }],
			['Get recording', { Recording_ID: kept.recordingId }],
			['Download recording', { Recording_ID: kept.recordingId }],
			['Order transcript', { Recording_ID: untranscribed.recordingId }],
			['Read transcript', { Recording_ID: kept.recordingId }],
			['Delete transcript', { Recording_ID: kept.recordingId }],
			['Enable session recording', { Session_UUID: session.uuid }],
			['Disable session recording', { Session_UUID: session.uuid }],
			['Delete recording', { Recording_ID: kept.recordingId }],
		];
		expect(calls.map(([name]) => name)).toEqual(EVERY_OPERATION_TOOLS.map((tool) => tool.name));
		const { path, workflow } = askWorkflow(credentials.openAi, credentials.plivo, EVERY_OPERATION_TOOLS);
		// One tool call a turn, in order: more turns than the agent's default 10.
		const agent = workflow.nodes.find((node) => node.name === AGENT_NAME)!;
		agent.parameters.options = { ...(agent.parameters.options as object), maxIterations: calls.length + 1 };
		const id = (await n8n.createWorkflow(workflow)).id;
		await n8n.activateWorkflow(id);
		try {
			model.reset([
				...calls.map(([name, args]) => ({ toolCalls: [{ name: toolName(name), arguments: args }] })),
				{ answer: 'Done.' },
			]);
			const response = await postWebhook(n8n.webhookUrl(path), { question: 'Use every tool once.' });
			expect(response.status).toBe(200);
			expect(response.items[0]?.output).toBe('Done.');

			// The model was offered every operation, and each tool's answer came back without an error.
			const offered = (model.requests[0].tools ?? []) as Array<{ function: { name: string } }>;
			expect(offered.map((tool) => tool.function.name).sort()).toEqual(calls.map(([name]) => toolName(name)).sort());
			const results = model.toolResults();
			expect(results.map((result) => result.name)).toEqual(calls.map(([name]) => toolName(name)));
			for (const result of results) {
				expect([result.name, itemsOf(result).length > 0, itemsOf(result).some((item) => 'error' in item)]).toEqual([
					result.name,
					true,
					false,
				]);
			}

			// What the model learns from some of them.
			const first = (name: string) => itemsOf(results.find((result) => result.name === toolName(name)))[0];
			expect(first('Pause MPC recording')).toEqual({ mpc_name: mpcName, paused: true });
			expect(first('Resume MPC recording')).toEqual({ mpc_name: mpcName, resumed: true });
			expect(first('Download recording')).toMatchObject({
				recording_id: kept.recordingId,
				file_size: expect.any(Number),
				audio: expect.stringContaining('a model cannot read audio'),
			});
			expect(first('Read transcript')).toMatchObject({ transcription: expect.any(String) });
			expect(first('Enable session recording')).toMatchObject({ session_uuid: session.uuid, record: true });
			expect(first('Disable session recording')).toMatchObject({ session_uuid: session.uuid, record: false });
			expect(first('Delete recording')).toEqual({ recording_id: kept.recordingId, deleted: true });

			const mpc = `MultiPartyCall/name_${mpcName}/Record/`;
			expect(plivoRequests().map((request) => [`${request.method} ${pathOf(request)}`, request.status])).toEqual([
				[`POST Conference/${conference}/Record/`, 202],
				[`DELETE Conference/${conference}/Record/`, 204],
				[`POST Call/${CALL_UUID}/Record/`, 202],
				[`DELETE Call/${CALL_UUID}/Record/`, 204],
				[`POST ${mpc}`, 200],
				[`POST ${mpc}Pause/`, 204],
				[`POST ${mpc}Resume/`, 204],
				[`DELETE ${mpc}`, 204],
				['GET Recording/', 200],
				[`GET Recording/${kept.recordingId}/`, 200],
				// Download: the details, then the file (as a tool: its fields, no audio).
				[`GET Recording/${kept.recordingId}/`, 200],
				[`GET Recording/${kept.recordingId}.mp3`, 200],
				[`POST Transcription/${untranscribed.recordingId}/`, 201],
				[`GET Transcription/${kept.recordingId}/`, 200],
				[`DELETE Transcription/${kept.recordingId}/`, 202],
				[`POST Masking/Session/${session.uuid}`, 200],
				[`POST Masking/Session/${session.uuid}`, 200],
				[`DELETE Recording/${kept.recordingId}/`, 204],
			]);
			expect(plivoRequests().every((request) => request.authOk)).toBe(true);
			expect(JSON.stringify(results)).not.toContain(AUTH_TOKEN);
		} finally {
			await n8n.deactivateWorkflow(id);
		}
	});

	it('the "Ask about your calls" example, as imported, answers a chat message through its tools', async () => {
		const example = withCredential(loadExample(ASK_FILE), credentials.plivo, { openAiApi: credentials.openAi });
		const chat = example.nodes.find((node) => node.type === '@n8n/n8n-nodes-langchain.chatTrigger')!;
		// A chat reachable over HTTP (the example's chat is the editor's; the test has none).
		chat.parameters = { ...chat.parameters, public: true, mode: 'webhook' };
		const id = (await n8n.createWorkflow(example)).id;
		const chatPath = `${chat.webhookId}/chat`;
		await n8n.activateWorkflow(id, { webhooks: [{ path: chatPath, method: 'POST' }] });
		try {
			const recording = fake.addRecording({ recordingType: 'call', fromNumber: OTHER, toNumber: CUSTOMER });
			model.reset([
				{ toolCalls: [{ name: 'Find_recordings', arguments: { Limit: '1', To_Number: CUSTOMER, From_Number: '' } }] },
				{ toolCalls: [{ name: 'Read_transcript', arguments: { Recording_ID: recording.recordingId } }] },
				{ answer: (results) => `Last call: ${String(itemsOf(results[1])[0].transcription)}` },
			]);
			fake.transcribed(recording);
			const response = await postWebhook(n8n.webhookUrl(chatPath), {
				action: 'sendMessage',
				sessionId: 'e2e-session',
				chatInput: `What did the last call to ${CUSTOMER} say?`,
			});
			expect(response.status).toBe(200);
			expect(response.items[0]?.output).toMatch(/^Last call: /);
			// The model was offered the example's six tools, told when to use each.
			const offered = (model.requests[0].tools ?? []) as Array<{ function: { name: string } }>;
			expect(offered.map((tool) => tool.function.name).sort()).toEqual([
				'Find_recordings',
				'Pause_recording',
				'Read_transcript',
				'Resume_recording',
				'Start_call_recording',
				'Stop_call_recording',
			]);
			expect(JSON.stringify(model.requests[0].messages)).toContain('Pause recording');
			expect(plivoRequests().map((request) => `${request.method} ${pathOf(request)}`)).toEqual([
				'GET Recording/',
				`GET Transcription/${recording.recordingId}/`,
			]);
		} finally {
			// Nothing else uses its chat URL: no need to wait until n8n stops serving it.
			await n8n.deactivateWorkflow(id, { webhooks: [] });
		}
	});
});
