/**
 * Complete recording flows in a real n8n with this package installed as a user installs it,
 * against the project's fake Plivo on 127.0.0.1.
 */
import { startFakePlivo } from '../../tools/fakePlivo';
import { DEFAULT_VERSION, packPackage, startN8n, startPostgres, type N8n } from '../../tools/n8n';
import { callbackWorkflow, recordAndTranscribe, recordWorkflow, TRIGGER_NAME } from './workflows';
import {
	createActive as createActiveWorkflow,
	expectAttacksRefused,
	expectCredentialTestButton,
	expectOnlyGenuineCallbackRuns,
	expectGenuineFormsAccepted,
	expectRecordingEvent,
	expectResumedOnlyByPlivo,
	expectStartedRecordings,
	expectTranscriptionEvent,
	expectWaiting,
	runRecordWorkflow,
	startNodeOutput,
	startWaitingWorkflow,
	triggerOutput,
	until,
	waitingExecutionId,
	type Item,
	setUpWithPlivoCredential,
} from './steps';

const version = DEFAULT_VERSION;
// N8N_DB=postgresdb runs the same flows on n8n's PostgreSQL database instead of SQLite.
const databaseType = process.env.N8N_DB === 'postgresdb' ? 'postgresdb' : 'sqlite';
const AUTH_ID = 'MAE2ETEST00000000001';
const AUTH_TOKEN = 'e2e-auth-token-0123456789abcdefABCDEF';

type Fake = Awaited<ReturnType<typeof startFakePlivo>>;

describe(`recording flows in a real n8n ${version} on ${databaseType}`, () => {
	let n8n: N8n;
	let fake: Fake;
	let postgres: Awaited<ReturnType<typeof startPostgres>> | undefined;
	let credential: { id: string; name: string };
	let callbacks: { id: string; url: string; testUrl: string; workflow: Record<string, unknown> };

	const record = (path: string, names: string[]) => runRecordWorkflow(n8n.webhookUrl(path), names);
	const createActive = (workflow: Record<string, unknown>) => createActiveWorkflow(n8n, workflow);

	/** What the trigger node output in each execution of the callback workflow. */
	async function callbackOutputs(count: number): Promise<Item[]> {
		const executions = await n8n.waitForExecutions(callbacks.id, count, { status: 'success' });
		return executions.sort((a, b) => Number(a.id) - Number(b.id)).map(triggerOutput);
	}

	beforeAll(async () => {
		fake = await startFakePlivo({ port: 0, authId: AUTH_ID, authToken: AUTH_TOKEN });
		postgres = databaseType === 'postgresdb' ? await startPostgres() : undefined;
		n8n = await startN8n({ version, port: 0, tarball: await packPackage(), database: postgres ?? 'sqlite' });
		credential = await setUpWithPlivoCredential(n8n, fake, { authId: AUTH_ID, authToken: AUTH_TOKEN });
		const { webhookId, workflow } = callbackWorkflow(credential);
		const id = await createActive(workflow);
		callbacks = {
			id,
			workflow: { ...workflow, id },
			url: n8n.webhookUrl(`${webhookId}/webhook`),
			testUrl: n8n.webhookTestUrl(`${webhookId}/webhook`),
		};
	});

	afterAll(async () => {
		await n8n?.stop();
		await fake?.close();
		await postgres?.stop();
	});

	beforeEach(() => fake.reset());

	describe('1. the credential Test button', () => {
		it('passes with the right token, fails with a wrong one saying what to fix', async () => {
			await expectCredentialTestButton(n8n, fake, credential, {
				authId: AUTH_ID,
				authToken: AUTH_TOKEN,
				baseUrl: fake.baseUrl,
			});
		});
	});

	describe('2–3. start recordings, then Plivo calls back', () => {
		const names = ['Daily Standup', 'Board / Q3 review', 'Équipe #7'];
		let recordPath: string;

		beforeAll(async () => {
			const { path, workflow } = recordWorkflow(credential, recordAndTranscribe(callbacks.url));
			recordPath = path;
			await createActive(workflow);
		});

		it('sends exactly one correct request per item and outputs Plivo’s answers in order', async () => {
			const { status, items } = await record(recordPath, names);

			expect(status).toBe(200);
			expectStartedRecordings(fake, AUTH_ID, callbacks.url, names, items);
		});

		it('the recording and the transcription callback each start the callback workflow, typed', async () => {
			await record(recordPath, ['Daily Standup']);
			const [recording] = fake.recordings;
			const before = (await n8n.executions({ workflowId: callbacks.id })).length;

			const sent = await fake.finishRecording(recording.recordingId);

			expect(sent.recording?.status).toBe(200);
			expect(sent.transcription?.status).toBe(200);
			expect(sent.recording?.body).toBe('OK');
			const outputs = (await callbackOutputs(before + 2)).slice(before);
			const [recordingEvent, transcriptionEvent] = outputs;
			expectRecordingEvent(recordingEvent, recording);
			expectTranscriptionEvent(transcriptionEvent, recording);
		});
	});

	describe('4. callbacks that are not from Plivo', () => {
		it('forged, unsigned, wrong-token and tampered callbacks get 401 and start nothing', async () => {
			await expectOnlyGenuineCallbackRuns(n8n, fake, { url: callbacks.url, workflowId: callbacks.id });
		});
	});

	describe('4b. attacks on the trigger', () => {
		it('V2 alone, re-cut replays and stalling bodies start nothing; genuine callbacks around them still run', async () => {
			await expectAttacksRefused(n8n, fake, callbacks.url, callbacks.id);
		});
	});

	describe('4c. genuine callbacks in every form', () => {
		it('repeated fields, several signatures, GET, and a signature for the Public URL behind a proxy are all accepted', async () => {
			const publicUrl = 'https://calls.example.com/hooks/plivo';
			const { webhookId, workflow } = callbackWorkflow(credential, { options: { publicUrl } });
			const proxiedId = await createActive(workflow);
			await expectGenuineFormsAccepted(
				n8n,
				fake,
				{ url: callbacks.url, workflowId: callbacks.id },
				{ url: n8n.webhookUrl(`${webhookId}/webhook`), publicUrl, workflowId: proxiedId },
			);
		});
	});

	describe('5. GET callbacks, URLs with their own query, the test URL', () => {
		it('a signed GET callback starts the workflow with the query fields', async () => {
			const before = (await n8n.executions({ workflowId: callbacks.id })).length;
			const response = await fake.sendCallback({
				url: callbacks.url,
				method: 'GET',
				signature: 'v3',
				params: { record_url: 'https://media.plivo.com/r.wav', recording_id: 'get-1', recording_duration_ms: '1500' },
			});
			expect(response.status).toBe(200);
			const [output] = (await callbackOutputs(before + 1)).slice(before);
			expect(output).toMatchObject({ event: 'recording', recording_id: 'get-1', recording_duration_ms: 1500 });
		});

		it('a callback URL with its own query string verifies, POST and GET', async () => {
			const before = (await n8n.executions({ workflowId: callbacks.id })).length;
			for (const method of ['POST', 'GET'] as const) {
				const response = await fake.sendCallback({
					url: `${callbacks.url}?flow=sales&team=a+b`,
					method,
					signature: 'v3',
					params: { record_url: 'https://media.plivo.com/r.mp3', recording_id: `query-${method}` },
				});
				expect([method, response.status]).toEqual([method, 200]);
			}
			const outputs = (await callbackOutputs(before + 2)).slice(before);
			expect(outputs.map((output) => output.recording_id).sort()).toEqual(['query-GET', 'query-POST']);
		});

		it('while "listen for test event" is on, a signed callback to the test URL is accepted', async () => {
			const before = (await n8n.executions({ workflowId: callbacks.id })).length;
			await n8n.listenForTestEvent(callbacks.workflow as never, TRIGGER_NAME);
			const response = await fake.sendCallback({
				url: callbacks.testUrl,
				method: 'POST',
				signature: 'v3',
				params: { record_url: 'https://media.plivo.com/t.mp3', recording_id: 'test-url-1' },
			});
			expect(response.status).toBe(200);
			const executions = await n8n.waitForExecutions(callbacks.id, before + 1, { status: 'success' });
			expect(executions.map((execution) => execution.mode)).toContain('manual');
		});
	});

	describe('6. 429 bursts and 5xx during a 50-item run', () => {
		it('loses no item, starts no recording twice and reports each failure on its item', async () => {
			const { path, workflow } = recordWorkflow(credential, { callbackUrl: callbacks.url }, { continueOnFail: true });
			await createActive(workflow);
			const names = Array.from({ length: 50 }, (_, index) => `Room ${index + 1}`);
			const failing = new Set(['Room 7', 'Room 23', 'Room 41']);
			const isStartOf = (name: string) => (request: { method: string; conferenceName?: string }) =>
				request.method === 'POST' && request.conferenceName === name;
			fake.injectFault({ status: 429, count: 40, retryAfter: 0 });
			for (const name of failing) {
				fake.injectFault({ status: 500, body: { api_id: 'x', error: 'internal error' }, match: isStartOf(name) });
			}

			const { status, items } = await record(path, names);

			expect(status).toBe(200);
			expect(items.map((item) => item.conference_name ?? 'error')).toHaveLength(50);
			expect(fake.stats().byStatus[429]).toBe(40);
			items.forEach((item, index) => {
				const name = names[index];
				if (failing.has(name)) {
					expect(item.error).toBe('Plivo failed with 500; the recording may or may not have started');
				} else {
					expect(item).toMatchObject({ conference_name: name, message: 'conference recording started' });
				}
			});
			const started = fake.recordings.map((recording: { conferenceName: string }) => recording.conferenceName);
			expect(new Set(started).size).toBe(started.length);
			expect(started.sort()).toEqual(names.filter((name) => !failing.has(name)).sort());
			for (const name of failing) {
				const sent = fake.requests.filter(isStartOf(name)).filter((request) => request.status !== 429);
				expect([name, sent.length]).toEqual([name, 1]);
			}
		});
	});

	describe('7. duplicates and downloads', () => {
		it('a callback Plivo delivers twice starts the workflow once', async () => {
			const before = (await n8n.executions({ workflowId: callbacks.id })).length;
			const params = { record_url: 'https://media.plivo.com/d.mp3', recording_id: 'dup-1', recording_duration: '4' };
			const first = await fake.sendCallback({ url: callbacks.url, method: 'POST', signature: 'v3', params });
			const again = await fake.sendCallback({ url: callbacks.url, method: 'POST', signature: 'v3', params });
			expect([first.status, again.status]).toEqual([200, 200]);

			// A different recording afterwards: exactly two new executions means the repeat ran nothing.
			await fake.sendCallback({
				url: callbacks.url,
				method: 'POST',
				signature: 'v3',
				params: { ...params, recording_id: 'dup-2' },
			});
			const outputs = (await callbackOutputs(before + 2)).slice(before);
			expect(outputs.map((output) => output.recording_id)).toEqual(['dup-1', 'dup-2']);
		});

		it('Download Recording attaches the audio from the media URL as binary data', async () => {
			const { webhookId, workflow } = callbackWorkflow(credential, { downloadRecording: true });
			const workflowId = await createActive(workflow);
			const recordPath = recordWorkflow(credential, { callbackUrl: n8n.webhookUrl(`${webhookId}/webhook`) });
			await createActive(recordPath.workflow);
			await record(recordPath.path, ['Download me']);
			const [recording] = fake.recordings;

			const sent = await fake.finishRecording(recording.recordingId);

			expect(sent.recording?.status).toBe(200);
			const [execution] = await n8n.waitForExecutions(workflowId, 1, { status: 'success' });
			const item = execution.data.resultData.runData[TRIGGER_NAME][0].data.main[0][0];
			expect(item.json).toMatchObject({ recording_id: recording.recordingId, event: 'recording' });
			expect(item.json.download_error).toBeUndefined();
			expect(item.binary.data).toMatchObject({
				mimeType: 'audio/mpeg',
				fileName: `${recording.recordingId}.mp3`,
				fileExtension: 'mp3',
			});
			const media = fake.requests.filter((request: { path: string }) =>
				request.path.endsWith(`${recording.recordingId}.mp3`),
			);
			expect(media).toHaveLength(1);
			expect(media[0].authOk).toBe(true);
		});
	});

	describe('8. one workflow that waits for its recording', () => {
		const startWaiting = (names: string[], maxWaitMinutes?: number) =>
			startWaitingWorkflow(n8n, credential, (path) => n8n.webhookUrl(path), names, maxWaitMinutes);

		it('starts the recording with the resume URL, waits, and finishes with the recording when Plivo calls back', async () => {
			const workflowId = await startWaiting(['Waiting Room']);
			const recording = await until(() => fake.recordings[0]);
			await expectWaiting(n8n, waitingExecutionId(recording.callbackUrl!));
			await expectResumedOnlyByPlivo(n8n, fake, recording, workflowId, { foreignUrl: callbacks.url });
		});

		it('several items fail clearly before anything is sent', async () => {
			const workflowId = await startWaiting(['A', 'B']);
			const [failed] = await n8n.waitForExecutions(workflowId, 1, { status: 'error' });
			expect(failed.data.resultData.error.message).toContain('one recording per execution');
			expect(fake.recordings).toHaveLength(0);
		});

		it('Max Wait resumes the workflow with a timeout result', async () => {
			const workflowId = await startWaiting(['Nobody Calls Back'], 1);
			const [finished] = await n8n.waitForExecutions(workflowId, 1, { status: 'success', timeoutMs: 200_000 });
			expect(startNodeOutput(finished)).toEqual([
				expect.objectContaining({
					recording_wait: 'timed out',
					recording_wait_minutes: 1,
					conference_name: 'Nobody Calls Back',
					recording_id: fake.recordings[0].recordingId,
				}),
			]);
		}, 300_000);
	});
});
