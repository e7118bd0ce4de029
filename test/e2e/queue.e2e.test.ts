/**
 * The recording flows in n8n's queue mode (tools/n8n/queueMode.js): PostgreSQL and Redis on
 * loopback ports, a main process (editor, API, activation), one webhook processor (every
 * production URL, and the resume URL of a waiting execution) and two workers (every execution),
 * with this package installed in each, against the project's fake Plivo.
 * The main serves no production webhooks here, so whatever a callback starts went through the
 * webhook processor; which worker ran an execution is read from the workers' own logs.
 */
import { signatureV3, startFakePlivo } from '../../tools/fakePlivo';
import { DEFAULT_VERSION, startQueueMode, type N8n, type QueueMode } from '../../tools/n8n';
import {
	callbackWorkflow,
	NEW_RECORDING_NAME,
	newRecordingWorkflow,
	recordAndTranscribe,
	recordWorkflow,
	TRIGGER_NAME,
} from './workflows';
import {
	createActive as createActiveWorkflow,
	expectAttacksRefused,
	expectCredentialTestButton,
	expectOnlyGenuineCallbackRuns,
	expectRecordingEvent,
	expectResumedOnlyByPlivo,
	expectStartedRecordings,
	expectTranscriptionEvent,
	expectWaiting,
	runRecordWorkflow,
	startWaitingWorkflow,
	triggerOutput,
	until,
	waitingExecutionId,
	type Execution,
	setUpWithPlivoCredential,
} from './steps';

const version = DEFAULT_VERSION;
const AUTH_ID = 'MAQUEUETEST000000001';
const AUTH_TOKEN = 'queue-auth-token-0123456789abcdefABCDEF';

type Fake = Awaited<ReturnType<typeof startFakePlivo>>;

// tools/n8n/queueMode.js sets up 2.x only (N8N_VERSION=1.x runs the other suites).
const describeQueue = version.startsWith('1.') ? describe.skip : describe;

describeQueue(
	`recording flows in n8n ${version} queue mode (main + webhook processor + 2 workers, PostgreSQL, Redis)`,
	() => {
		let queue: QueueMode;
		let n8n: N8n;
		let fake: Fake;
		let credential: { id: string; name: string };
		let callbacks: { id: string; url: string; webhookPath: string };

		/** The pid of the worker that finished the execution (from its log), once it has logged it. */
		async function workerThatRan(executionId: string, line = 'Worker finished execution'): Promise<number | undefined> {
			const found = await until(() => {
				const workers = queue.workers.filter((worker) => worker.logs().includes(`${line} ${executionId} (job`));
				return workers.length ? workers : undefined;
			});
			expect(found).toHaveLength(1);
			return found[0].pid;
		}

		function enqueuedByWebhookProcessor(executionId: string): boolean {
			return queue.webhookProcessors[0].logs().includes(`Enqueued execution ${executionId} (job`);
		}

		/** Runs the Record workflow through the webhook processor: one item per conference name. */
		const record = (path: string, names: string[]) => runRecordWorkflow(queue.webhookUrl(path), names);
		// Activation happens on the main; it waits until the webhook processor serves the URLs.
		const createActive = (workflow: Record<string, unknown>) => createActiveWorkflow(n8n, workflow);

		/** Finished executions of the callback workflow, oldest first. */
		async function callbackExecutions(count: number): Promise<Execution[]> {
			const executions = await n8n.waitForExecutions(callbacks.id, count, { status: 'success', timeoutMs: 60_000 });
			return executions.sort((a, b) => Number(a.id) - Number(b.id));
		}

		async function executionCount(workflowId: string): Promise<number> {
			// Counted in PostgreSQL, every status (new, running, waiting included).
			return Number(
				queue.postgres.query(`SELECT count(*) FROM execution_entity WHERE "workflowId" = '${workflowId}'`).trim(),
			);
		}

		beforeAll(async () => {
			fake = await startFakePlivo({ port: 0, authId: AUTH_ID, authToken: AUTH_TOKEN });
			queue = await startQueueMode({ version, workers: 2, webhookProcessors: 1, concurrency: 5 });
			n8n = queue.main;
			credential = await setUpWithPlivoCredential(n8n, fake, { authId: AUTH_ID, authToken: AUTH_TOKEN });
			const { webhookId, workflow } = callbackWorkflow(credential);
			const id = await createActive(workflow);
			callbacks = { id, webhookPath: `${webhookId}/webhook`, url: queue.webhookUrl(`${webhookId}/webhook`) };
		}, 600_000);

		afterAll(async () => {
			await queue?.stop();
			await fake?.close();
		}, 120_000);

		beforeEach(() => fake.reset());

		it('production URLs are the webhook processor’s; the main serves none', async () => {
			expect(callbacks.url.startsWith(`${queue.webhookBaseUrl}/webhook/`)).toBe(true);
			expect(queue.webhookBaseUrl).not.toBe(n8n.baseUrl);
			const viaMain = await fetch(`${n8n.baseUrl}/webhook/${callbacks.webhookPath}`, { method: 'POST' });
			await viaMain.arrayBuffer();
			expect(viaMain.status).toBe(404);
			expect(await executionCount(callbacks.id)).toBe(0);
		});

		describe('a. the credential Test button (on the main)', () => {
			it('passes with the right token and fails with a wrong one', async () => {
				await expectCredentialTestButton(n8n, fake, credential, {
					authId: AUTH_ID,
					authToken: AUTH_TOKEN,
					baseUrl: fake.baseUrl,
				});
			});
		});

		describe('b–c. start recordings on a worker, then Plivo calls back through the webhook processor', () => {
			const names = ['Daily Standup', 'Board / Q3 review', 'Équipe #7'];
			let recordPath: string;
			let recordId: string;

			beforeAll(async () => {
				const { path, workflow } = recordWorkflow(credential, recordAndTranscribe(callbacks.url));
				recordPath = path;
				recordId = await createActive(workflow);
			});

			it('b. one correct request per item, Plivo’s answers as output, run by a worker', async () => {
				const { status, items } = await record(recordPath, names);

				expect(status).toBe(200);
				expectStartedRecordings(fake, AUTH_ID, callbacks.url, names, items);
				const [execution] = await n8n.waitForExecutions(recordId, 1, { status: 'success' });
				expect(execution.mode).toBe('webhook');
				expect(enqueuedByWebhookProcessor(execution.id)).toBe(true);
				expect(await workerThatRan(execution.id)).toEqual(expect.any(Number));
			});

			it('c. each signed callback starts one execution with typed fields, run by a worker', async () => {
				await record(recordPath, names);
				const before = await executionCount(callbacks.id);

				for (const recording of fake.recordings) {
					const sent = await fake.finishRecording(recording.recordingId);
					expect([sent.recording?.status, sent.recording?.body, sent.transcription?.status]).toEqual([200, 'OK', 200]);
				}

				const executions = (await callbackExecutions(before + 6)).slice(before);
				expect(executions).toHaveLength(6);
				const ranOn = new Set<number | undefined>();
				for (const execution of executions) {
					expect(execution.mode).toBe('webhook');
					expect(enqueuedByWebhookProcessor(execution.id)).toBe(true);
					ranOn.add(await workerThatRan(execution.id));
				}
				// Six jobs, two idle workers: Bull hands them to whichever asks first; report, don't insist.
				process.stdout.write(`queue e2e: 6 callback executions ran on worker pid(s) ${[...ranOn].join(', ')}\n`);
				for (const recording of fake.recordings) {
					const outputs = executions
						.map(triggerOutput)
						.filter((output) => output.recording_id === recording.recordingId);
					expect(outputs.map((output) => output.event).sort()).toEqual(['recording', 'transcription']);
					expectRecordingEvent(
						outputs.find((output) => output.event === 'recording'),
						recording,
					);
					expectTranscriptionEvent(
						outputs.find((output) => output.event === 'transcription'),
						recording,
					);
				}
			});

			it('c. forged, unsigned, wrong-token and tampered callbacks get 401 and start nothing', async () => {
				await expectOnlyGenuineCallbackRuns(n8n, fake, { url: callbacks.url, workflowId: callbacks.id }, () =>
					executionCount(callbacks.id),
				);
			});

			it('c. attacks through the webhook processor (V2 alone, re-cut replays, stalling bodies) start nothing', async () => {
				await expectAttacksRefused(
					n8n,
					fake,
					callbacks.url,
					callbacks.id,
					`${queue.webhookProcessors[0].baseUrl}/healthz`,
				);
			});

			it('Download Recording: the webhook processor downloads, the worker’s execution has the audio', async () => {
				const { webhookId, workflow } = callbackWorkflow(credential, { downloadRecording: true });
				const workflowId = await createActive(workflow);
				const recorder = recordWorkflow(credential, { callbackUrl: queue.webhookUrl(`${webhookId}/webhook`) });
				await createActive(recorder.workflow);
				await record(recorder.path, ['Download me']);
				const [recording] = fake.recordings;

				const sent = await fake.finishRecording(recording.recordingId);

				expect(sent.recording?.status).toBe(200);
				const [execution] = await n8n.waitForExecutions(workflowId, 1, { status: 'success', timeoutMs: 60_000 });
				const item = execution.data.resultData.runData[TRIGGER_NAME][0].data.main[0][0];
				expect(item.json).toMatchObject({ recording_id: recording.recordingId, event: 'recording' });
				expect(item.json.download_error).toBeUndefined();
				expect(item.binary.data).toMatchObject({ mimeType: 'audio/mpeg', fileName: `${recording.recordingId}.mp3` });
				expect(await workerThatRan(execution.id)).toEqual(expect.any(Number));
			});
		});

		describe('d. one workflow that waits for its recording', () => {
			it('waits on a worker; the resume URL is the webhook processor’s; Plivo’s callback there finishes it', async () => {
				const workflowId = await startWaitingWorkflow(n8n, credential, (path) => queue.webhookUrl(path), [
					'Waiting Room',
				]);
				const recording = await until(() => fake.recordings[0]);

				// $execution.resumeUrl, evaluated on the worker, is built from N8N_WEBHOOK_URL.
				expect(recording.callbackUrl).toMatch(new RegExp(`^${queue.webhookBaseUrl}/webhook-waiting/\\d+`));
				const executionId = waitingExecutionId(recording.callbackUrl!);
				await expectWaiting(n8n, executionId, 30_000);
				const waitedOn = await workerThatRan(executionId);

				// The main does not serve the resume URL here (no production webhooks on it).
				const viaMain = await fetch(recording.callbackUrl!.replace(queue.webhookBaseUrl, n8n.baseUrl), {
					method: 'POST',
				});
				await viaMain.arrayBuffer();
				expect(viaMain.status).toBe(404);

				await expectResumedOnlyByPlivo(n8n, fake, recording, workflowId, {
					timeoutMs: 60_000,
					foreignUrl: callbacks.url,
				});
				// Resumed as a new job on a worker (either one): two "started" lines for this execution.
				await until(() => {
					const started = queue.workers
						.flatMap((worker) => worker.logs().split('\n'))
						.filter((line) => line.includes(`Worker started execution ${executionId} (job`));
					return started.length === 2 ? started : undefined;
				});
				process.stdout.write(`queue e2e: waiting execution ${executionId} first ran on worker pid ${waitedOn}\n`);
			});
		});

		describe('e. duplicates: the trigger’s memory is each process’s own', () => {
			const signed = (params: Record<string, string>) => {
				const nonce = String(Date.now()).padEnd(20, '7');
				return {
					'X-Plivo-Signature-V3': signatureV3('POST', callbacks.url, params, nonce, AUTH_TOKEN),
					'X-Plivo-Signature-V3-Nonce': nonce,
				};
			};

			it('through one webhook processor, a callback Plivo delivers twice starts one execution', async () => {
				const before = await executionCount(callbacks.id);
				const params = { record_url: 'https://media.plivo.com/d.mp3', recording_id: 'dup-1', recording_duration: '4' };
				const first = await fake.sendCallback({ url: callbacks.url, method: 'POST', signature: 'v3', params });
				const again = await fake.sendCallback({ url: callbacks.url, method: 'POST', signature: 'v3', params });
				expect([first.status, again.status]).toEqual([200, 200]);

				await fake.sendCallback({
					url: callbacks.url,
					method: 'POST',
					signature: 'v3',
					params: { ...params, recording_id: 'dup-2' },
				});
				const outputs = (await callbackExecutions(before + 2)).slice(before).map(triggerOutput);
				expect(outputs.map((output) => output.recording_id)).toEqual(['dup-1', 'dup-2']);
				expect(await executionCount(callbacks.id)).toBe(before + 2);
			});

			it("a callback n8n cannot start gets an error answer, not 200, and Plivo's retry of it starts one execution", async () => {
				const before = await executionCount(callbacks.id);
				const params = {
					record_url: 'https://media.plivo.com/r.mp3',
					recording_id: 'refused-1',
					recording_duration: '4',
				};
				// The database refuses every new execution of this workflow, as an overloaded one fails an insert.
				queue.postgres.query(
					`ALTER TABLE execution_entity ADD CONSTRAINT e2e_refuse_callbacks CHECK ("workflowId" <> '${callbacks.id}') NOT VALID`,
				);
				let refused;
				try {
					refused = await fake.sendCallback({ url: callbacks.url, method: 'POST', signature: 'v3', params });
				} finally {
					queue.postgres.query('ALTER TABLE execution_entity DROP CONSTRAINT e2e_refuse_callbacks');
				}
				expect(refused.status).toBeGreaterThanOrEqual(500);
				expect(await executionCount(callbacks.id)).toBe(before);

				// Plivo retries (rp=5xx); the duplicate memory must not take the retry for a repeat.
				const retry = await fake.sendCallback({ url: callbacks.url, method: 'POST', signature: 'v3', params });
				expect([retry.status, retry.body]).toEqual([200, 'OK']);
				const repeat = await fake.sendCallback({ url: callbacks.url, method: 'POST', signature: 'v3', params });
				expect(repeat.status).toBe(200);
				const outputs = (await callbackExecutions(before + 1)).slice(before).map(triggerOutput);
				expect(outputs.map((output) => output.recording_id)).toEqual(['refused-1']);
				expect(await executionCount(callbacks.id)).toBe(before + 1);
			});

			it('through two webhook processors behind one URL, the same callback starts two executions (documented limit)', async () => {
				// A replica behind the same public URL, as a load balancer spreads Plivo's retries.
				const replica = await queue.addWebhookProcessor();
				await until(async () => {
					const response = await fetch(`${replica.baseUrl}/webhook/${callbacks.webhookPath}`, {
						method: 'OPTIONS',
						headers: { origin: 'http://127.0.0.1', 'access-control-request-method': 'POST' },
					});
					await response.arrayBuffer();
					return response.status === 204 ? true : undefined;
				}, 30_000);
				const before = await executionCount(callbacks.id);
				const params = {
					record_url: 'https://media.plivo.com/d.mp3',
					recording_id: 'dup-across',
					recording_duration: '4',
				};

				// Signed for the public URL (the first processor's), delivered once to each process.
				for (const base of [queue.webhookBaseUrl, replica.baseUrl]) {
					const response = await fake.sendCallback({
						url: `${base}/webhook/${callbacks.webhookPath}`,
						method: 'POST',
						signature: 'none',
						params,
						headers: signed(params),
					});
					expect([base, response.status]).toEqual([base, 200]);
				}

				const outputs = (await callbackExecutions(before + 2)).slice(before).map(triggerOutput);
				expect(outputs.map((output) => output.recording_id)).toEqual(['dup-across', 'dup-across']);
				process.stdout.write('queue e2e: the same callback through two webhook processors started 2 executions\n');
			});
		});

		describe('g. the New Recording trigger polls on the main alone, once per interval', () => {
			it('each minute one list request (not one per process), each new recording one execution, run by a worker', async () => {
				const listed = () =>
					fake.requests.filter((request) => request.method === 'GET' && /\/Recording\/$/.test(request.path));
				const id = (await n8n.createWorkflow(newRecordingWorkflow(credential))).id;
				try {
					expect(await n8n.publish(id)).toEqual({ ok: true });
					expect(listed()).toHaveLength(1);
					const first = fake.addRecording({ conferenceName: 'Polled 1' }).recordingId;
					// n8n's cron polls at a random second of every minute.
					await until(() => (listed().length >= 2 ? true : undefined), 75_000);
					const [byPoll] = await n8n.waitForExecutions(id, 1, { timeoutMs: 60_000 });
					expect(
						byPoll.data.resultData.runData[NEW_RECORDING_NAME][0].data.main[0].map(
							(item: { json: { recording_id: string } }) => item.json.recording_id,
						),
					).toEqual([first]);
					expect(await workerThatRan(String(byPoll.id))).toEqual(expect.any(Number));

					const second = fake.addRecording({ conferenceName: 'Polled 2' }).recordingId;
					await until(() => (listed().length >= 3 ? true : undefined), 75_000);
					const all = (await n8n.waitForExecutions(id, 2, { timeoutMs: 60_000 })).sort(
						(a, b) => Number(a.id) - Number(b.id),
					);
					expect(all[1].data.resultData.runData[NEW_RECORDING_NAME][0].data.main[0][0].json.recording_id).toBe(second);
					// The two scheduled polls are a minute apart: one process polled, once each time.
					const [, poll1, poll2] = listed().map((request) => request.at);
					expect(poll2 - poll1).toBeGreaterThan(50_000);
					expect(listed()).toHaveLength(3);
					expect(await executionCount(id)).toBe(2);
				} finally {
					await n8n.deactivateWorkflow(id);
				}
			}, 240_000);
		});
	},
);
