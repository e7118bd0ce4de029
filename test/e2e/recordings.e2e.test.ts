/**
 * The whole recording life cycle in a real n8n with this package installed as a user installs
 * it, against the project's fake Plivo on 127.0.0.1: the Conference Name locator (the editor's
 * list search, From List and By Name, a name saved as plain text), each Recording operation
 * (Get, Get Many, Download, Delete), the "archive and delete" example run by Plivo's callback,
 * a conference recorded by Conference XML reaching the trigger; a call's recording (the Call
 * locator's list, Start, Stop, its callback, the <Record> XML element's), a Multi-Party Call's
 * and a participant's (the list, Start, Pause, Resume, Stop, each step's callback), and a
 * transcription ordered, read and deleted after the fact, each reaching the trigger once.
 * N8N_VERSION / N8N_DB select the other rows of the compatibility table, as for flows.e2e;
 * EXECUTIONS_MODE=queue runs it in queue mode (tools/n8n/queueMode.js: PostgreSQL, Redis, a
 * main, a webhook processor and a worker; 2.x only): the list search on the main, every
 * execution on the worker, every callback through the webhook processor.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startFakePlivo } from '../../tools/fakePlivo';
import type { FakePlivo, Recording } from '../../tools/fakePlivo/types';
import {
	DEFAULT_VERSION,
	packPackage,
	startN8n,
	startPostgres,
	startQueueMode,
	type N8n,
	type QueueMode,
} from '../../tools/n8n';
import { loadExample, withCredential, ARCHIVE_FILE } from '../../tools/workflows';
import {
	createActive as createActiveWorkflow,
	setUpWithPlivoCredential,
	triggerOutput,
	until,
	type Execution,
	type Item,
} from './steps';
import {
	ACTION_NAME,
	actionWorkflow,
	CALL_LIST,
	MULTI_PARTY_CALL_LIST,
	MASKING_SESSION_LIST,
	nodeItems,
	postWebhook,
	searchList,
	searchLiveConferences,
} from './recordingSteps';
import { callbackWorkflow } from './workflows';

const version = DEFAULT_VERSION;
const queueMode = process.env.EXECUTIONS_MODE === 'queue';
const databaseType = queueMode || process.env.N8N_DB === 'postgresdb' ? 'postgresdb' : 'sqlite';
const AUTH_ID = 'MARECLIFE00000000001';
const AUTH_TOKEN = 'recordings-auth-token-0123456789abcdef';
const DAY = 24 * 60 * 60 * 1000;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const CALL_UUID = '55309cee-821d-11e4-9a73-498d468c930b';
const MPC_UUID = 'ca5fd1f2-26c0-43e9-a7e4-0dc426e9dd2f';
/** The trigger's Events option for a Multi-Party Call: every step of a recording. */
const STEP_EVENTS = ['recordingStarted', 'recordingPaused', 'recordingResumed', 'recording', 'recordingFailed'];

type Workflow = Record<string, unknown> & { nodes: Array<Record<string, any>> };

describe(`the recording life cycle in a real n8n ${version} on ${databaseType}${queueMode ? ', queue mode' : ''}`, () => {
	let n8n: N8n;
	let fake: FakePlivo;
	let postgres: Awaited<ReturnType<typeof startPostgres>> | undefined;
	let queue: QueueMode | undefined;
	let credential: { id: string; name: string };
	let archiveDir: string;
	const urls: Record<string, string> = {};
	const ids: Record<string, string> = {};

	const createActive = (workflow: Record<string, unknown>) => createActiveWorkflow(n8n, workflow);
	const requestsOf = (method: string, prefix: string) =>
		fake.requests.filter(
			(request) => request.method === method && request.path.startsWith(`/v1/Account/${AUTH_ID}/${prefix}`),
		);

	/** Creates and activates a Webhook → Plivo Recording workflow under `name`. */
	async function action(name: string, parameters: Record<string, unknown>) {
		const { path: webhookPath, workflow } = actionWorkflow(credential, parameters);
		ids[name] = await createActive(workflow);
		urls[name] = n8n.webhookUrl(webhookPath);
	}

	/** The newest execution of a workflow once it has `count` finished ones of `status`. */
	async function newest(workflowId: string, count: number, status: string): Promise<Execution> {
		const executions = await n8n.waitForExecutions(workflowId, count, { status });
		return executions.sort((a, b) => Number(b.id) - Number(a.id))[0];
	}

	/** Finished executions of a workflow, oldest first. */
	async function finished(workflowId: string): Promise<Execution[]> {
		const executions = await n8n.executions({ workflowId });
		return executions.sort((a, b) => Number(a.id) - Number(b.id));
	}

	/**
	 * What the trigger of a callback workflow output in its executions after the first `before`,
	 * oldest first, once there are `count` more; every one succeeded.
	 */
	async function triggerRuns(workflowId: string, before: number, count: number): Promise<Item[]> {
		await n8n.waitForExecutions(workflowId, before + count);
		const executions = (await finished(workflowId)).slice(before);
		expect(executions.map((execution) => execution.status)).toEqual(Array(executions.length).fill('success'));
		return executions.map(triggerOutput);
	}

	/** POSTs `body` to an action workflow that must fail: n8n's answer, and the execution's error. */
	async function failure(name: string, body: Record<string, unknown>) {
		const before = (await n8n.executions({ workflowId: ids[name], status: 'error', includeData: false })).length;
		const response = await postWebhook(urls[name], body);
		expect(response.status).toBeGreaterThanOrEqual(400);
		const failed = await newest(ids[name], before + 1, 'error');
		expect(JSON.stringify(failed.data)).not.toContain(AUTH_TOKEN);
		return failed.data.resultData.error as { message: string; description?: string };
	}

	/** Creates and activates a Plivo Recording Callback Trigger workflow under `name`. */
	async function callbackTrigger(name: string, parameters: Record<string, unknown> = {}) {
		const { webhookId, workflow } = callbackWorkflow(credential, parameters);
		ids[name] = await createActive(workflow);
		urls[name] = n8n.webhookUrl(`${webhookId}/webhook`);
	}

	beforeAll(async () => {
		fake = await startFakePlivo({ port: 0, authId: AUTH_ID, authToken: AUTH_TOKEN });
		archiveDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plivo-archive-'));
		// The archive example writes files: n8n 2.x allows that only where this says.
		const env = { N8N_RESTRICT_FILE_ACCESS_TO: archiveDir };
		if (queueMode) {
			queue = await startQueueMode({ version, tarball: await packPackage(), env });
			n8n = queue.main;
		} else {
			postgres = databaseType === 'postgresdb' ? await startPostgres() : undefined;
			n8n = await startN8n({ version, port: 0, tarball: await packPackage(), database: postgres ?? 'sqlite', env });
		}
		credential = await setUpWithPlivoCredential(n8n, fake, { authId: AUTH_ID, authToken: AUTH_TOKEN });
		const byName = (value: string) => ({ __rl: true, mode: 'name', value });
		await action('startFromList', {
			operation: 'startRecording',
			conferenceName: { __rl: true, mode: 'list', value: 'Daily Standup', cachedResultName: 'Daily Standup' },
		});
		// As saved before Conference Name was a locator: plain text (here an expression).
		await action('stopPlainText', { operation: 'stopRecording', conferenceName: '={{ $json.body.name }}' });
		await action('stopByName', {
			resource: 'conference',
			operation: 'stopRecording',
			conferenceName: byName('={{ $json.body.name }}'),
		});
		await action('get', { resource: 'recording', operation: 'get', recordingId: '={{ $json.body.id }}' });
		await action('getMany', {
			resource: 'recording',
			operation: 'getAll',
			returnAll: '={{ $json.body.all ?? false }}',
			limit: '={{ $json.body.limit ?? 50 }}',
			filters: {
				addedAfter: '={{ $json.body.after ?? "" }}',
				addedBefore: '={{ $json.body.before ?? "" }}',
				callUuid: '={{ $json.body.callUuid ?? "" }}',
			},
		});
		await action('downloadById', { resource: 'recording', operation: 'download', recordingId: '={{ $json.body.id }}' });
		await action('downloadByUrl', {
			resource: 'recording',
			operation: 'download',
			downloadBy: 'url',
			recordingUrl: '={{ $json.body.url }}',
		});
		await action('delete', { resource: 'recording', operation: 'delete', recordingId: '={{ $json.body.id }}' });

		// Two triggers: the finished files and transcriptions (its default Events), and every step.
		await callbackTrigger('finished');
		await callbackTrigger('steps', { events: STEP_EVENTS });

		// Call: the call picked From List; Stop By UUID from the body.
		await action('callStart', {
			resource: 'call',
			operation: 'startRecording',
			callUuid: { __rl: true, mode: 'list', value: CALL_UUID, cachedResultName: CALL_UUID },
			timeLimit: '={{ $json.body.timeLimit ?? 600 }}',
			fileFormat: 'wav',
			recordChannelType: 'stereo',
			callbackUrl: urls.finished,
			callbackMethod: 'POST',
		});
		await action('callStop', {
			resource: 'call',
			operation: 'stopRecording',
			callUuid: { __rl: true, mode: 'id', value: '={{ $json.body.call }}' },
			recordingUrl: '={{ $json.body.url ?? "" }}',
		});

		// Multi-Party Call: the whole call By Name (and From List), a participant By UUID.
		const mpcByName = { __rl: true, mode: 'name', value: '={{ $json.body.name }}' };
		const mpcById = { __rl: true, mode: 'id', value: '={{ $json.body.uuid }}' };
		const participant = { mpc: mpcById, scope: 'participant', participantId: '={{ $json.body.member }}' };
		const stepsCallback = { callbackUrl: urls.steps, callbackMethod: 'POST' };
		await action('mpcStart', {
			resource: 'multiPartyCall',
			operation: 'startRecording',
			mpc: mpcByName,
			...stepsCallback,
		});
		await action('mpcStartFromList', {
			resource: 'multiPartyCall',
			operation: 'startRecording',
			mpc: { __rl: true, mode: 'list', value: MPC_UUID, cachedResultName: 'Support 42' },
			...stepsCallback,
		});
		await action('participantStart', {
			resource: 'multiPartyCall',
			operation: 'startRecording',
			...participant,
			recordTrackType: 'both',
			...stepsCallback,
		});
		for (const [operation, step] of [
			['pauseRecording', 'Pause'],
			['resumeRecording', 'Resume'],
			['stopRecording', 'Stop'],
		]) {
			await action(`mpc${step}`, { resource: 'multiPartyCall', operation, mpc: mpcByName });
			await action(`participant${step}`, {
				resource: 'multiPartyCall',
				operation,
				...participant,
				recordTrackType: 'both',
			});
		}

		// Transcription, ordered after the fact.
		await action('transcriptionCreate', {
			resource: 'transcription',
			operation: 'create',
			recordingId: '={{ $json.body.id }}',
			callbackUrl: urls.finished,
		});
		await action('transcriptionGet', {
			resource: 'transcription',
			operation: 'get',
			recordingId: '={{ $json.body.id }}',
			type: '={{ $json.body.type }}',
		});
		await action('transcriptionDelete', {
			resource: 'transcription',
			operation: 'delete',
			recordingId: '={{ $json.body.id }}',
		});

		// The "archive and delete" example as a user imports it, saving into the allowed folder.
		const archive: Workflow = withCredential(loadExample(ARCHIVE_FILE), credential);
		const save = archive.nodes.find((node) => node.type === 'n8n-nodes-base.readWriteFile');
		save!.parameters.fileName = `=${archiveDir}/{{ $binary.data.fileName }}`;
		ids.archive = await createActive(archive);
		const trigger = archive.nodes.find((node) => node.type === 'n8n-nodes-plivo-recording.plivoRecordingTrigger');
		urls.archive = n8n.webhookUrl(`${trigger!.webhookId}/webhook`);
	});

	afterAll(async () => {
		await (queue ?? n8n)?.stop();
		await fake?.close();
		await postgres?.stop();
		if (archiveDir) fs.rmSync(archiveDir, { recursive: true, force: true });
	});

	beforeEach(() => {
		fake.reset();
		fake.liveConferences = null;
	});

	describe('Conference Name: a resource locator', () => {
		it("From List is the editor's search of the live conferences, narrowed by what is typed; an empty account says so", async () => {
			fake.liveConferences = new Set(['Daily Standup', 'Board / Q3 review']);
			expect((await searchLiveConferences(n8n, credential)).results).toEqual([
				{ name: 'Daily Standup', value: 'Daily Standup' },
				{ name: 'Board / Q3 review', value: 'Board / Q3 review' },
			]);
			expect((await searchLiveConferences(n8n, credential, 'board')).results).toEqual([
				{ name: 'Board / Q3 review', value: 'Board / Q3 review' },
			]);

			fake.liveConferences = new Set();
			const empty = await searchLiveConferences(n8n, credential);
			expect(empty.results).toEqual([
				expect.objectContaining({
					name: expect.stringContaining('No conference is live on this Plivo account'),
					value: '',
				}),
			]);
			expect(
				requestsOf('GET', 'Conference/').every((request) => request.authOk && request.path.endsWith('/Conference/')),
			).toBe(true);
		});

		it('a conference picked From List, written By Name, or saved as plain text is recorded and stopped', async () => {
			fake.liveConferences = new Set(['Daily Standup', 'Board / Q3 review']);
			const started = await postWebhook(urls.startFromList);
			expect(started.status).toBe(200);
			expect(started.items).toEqual([
				expect.objectContaining({ conference_name: 'Daily Standup', message: 'conference recording started' }),
			]);

			for (const name of ['stopPlainText', 'stopByName']) {
				const stopped = await postWebhook(urls[name], { name: 'Board / Q3 review' });
				expect([name, stopped.status, stopped.items]).toEqual([
					name,
					200,
					[{ conference_name: 'Board / Q3 review', stopped: true }],
				]);
			}
			expect(requestsOf('POST', 'Conference/').map((request) => request.path)).toEqual([
				`/v1/Account/${AUTH_ID}/Conference/Daily%20Standup/Record/`,
			]);
			expect(requestsOf('DELETE', 'Conference/').map((request) => request.path)).toEqual(
				Array(2).fill(`/v1/Account/${AUTH_ID}/Conference/${encodeURIComponent('Board / Q3 review')}/Record/`),
			);
		});
	});

	describe('Recording operations', () => {
		it('Get: one recording by ID, typed as the trigger types callbacks', async () => {
			const recording = fake.addRecording({ conferenceName: 'Sales', callUuid: 'call-get' });

			const { status, items } = await postWebhook(urls.get, { id: recording.recordingId });

			expect(status).toBe(200);
			expect(items).toEqual([
				expect.objectContaining({
					recording_id: recording.recordingId,
					conference_name: 'Sales',
					call_uuid: 'call-get',
					recording_duration_ms: 30_000,
					recording_start_ms: recording.startedAt,
					recording_end_ms: recording.stoppedAt,
					recording_start: new Date(recording.startedAt).toISOString(),
					recording_end: new Date(recording.stoppedAt as number).toISOString(),
					add_time: new Date(recording.addedAt).toISOString(),
					recording_storage_duration: 1,
					rounded_recording_duration: 60,
					recording_url: `${fake.baseUrl}/v1/Account/${AUTH_ID}/Recording/${recording.recordingId}.mp3`,
				}),
			]);
		});

		it("Get Many: pages of at most 20, Return All or a Limit, the filters sent as Plivo's", async () => {
			const now = Date.now();
			const made = Array.from({ length: 45 }, (_, index) =>
				fake.addRecording({
					addedAt: now - index * 60_000,
					callUuid: index % 15 === 0 ? 'call-many' : `call-${index}`,
				}),
			);
			const old = fake.addRecording({ addedAt: now - 10 * DAY, conferenceName: 'Old one' });

			// The pages after the first are pinned to it: recordings added up to its newest (made[0],
			// in UTC to the microsecond), and Plivo's own 7 days as the lower bound.
			const newest = new Date(made[0].addedAt).toISOString();
			const newestAdded = `${newest.slice(0, 19).replace('T', ' ')}${newest.endsWith('.000Z') ? '' : `.${newest.slice(20, 23)}000`}`;
			const pinned = (limit: string, offset: string) => ({
				limit,
				offset,
				add_time__lte: newestAdded,
				add_time__gte: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{6})?$/),
			});
			const all = await postWebhook(urls.getMany, { all: true });
			expect(all.items.map((item) => item.recording_id)).toEqual(
				made.map((recording: Recording) => recording.recordingId),
			);
			const pages = requestsOf('GET', 'Recording/').map((request) => request.query);
			expect(pages).toEqual([{ limit: '20', offset: '0' }, pinned('20', '20'), pinned('5', '40')]);
			const lowerBound = Date.parse(`${pages[1].add_time__gte.replace(' ', 'T')}Z`);
			expect(Math.abs(lowerBound - (now - 7 * DAY))).toBeLessThan(60_000);

			fake.reset();
			made.forEach((recording: Recording) => fake.recordings.push(recording));
			fake.recordings.push(old);
			const limited = await postWebhook(urls.getMany, { limit: 25 });
			expect(limited.items).toHaveLength(25);
			expect(requestsOf('GET', 'Recording/').map((request) => request.query)).toEqual([
				{ limit: '20', offset: '0' },
				pinned('5', '20'),
			]);

			const byCall = await postWebhook(urls.getMany, { all: true, callUuid: 'call-many' });
			expect(byCall.items.map((item) => item.recording_id)).toEqual(
				[made[0], made[15], made[30]].map((recording: Recording) => recording.recordingId),
			);

			const after = new Date(now - 11 * DAY).toISOString();
			const before = new Date(now - 9 * DAY).toISOString();
			const older = await postWebhook(urls.getMany, { all: true, after, before });
			expect(older.items).toEqual([
				expect.objectContaining({
					recording_id: old.recordingId,
					conference_name: 'Old one',
					add_time: expect.stringMatching(ISO),
				}),
			]);
			const utc = (iso: string) => iso.slice(0, 19).replace('T', ' ');
			expect(requestsOf('GET', 'Recording/').pop()?.query).toMatchObject({
				add_time__gte: expect.stringMatching(new RegExp(`^${utc(after)}(\\.\\d{6})?$`)),
				add_time__lte: expect.stringMatching(new RegExp(`^${utc(before)}(\\.\\d{6})?$`)),
			});
		});

		it('Download: the audio as binary data, by ID (details, then the file) or by URL', async () => {
			const recording = fake.addRecording({ fileFormat: 'wav' });
			const byId = await postWebhook(urls.downloadById, { id: recording.recordingId });
			expect(byId.status).toBe(200);
			expect(byId.items).toEqual([
				expect.objectContaining({
					recording_id: recording.recordingId,
					file_name: `${recording.recordingId}.wav`,
					mime_type: 'audio/x-wav',
					file_size: 1644,
				}),
			]);
			const execution = await newest(ids.downloadById, 1, 'success');
			expect(nodeItems(execution, ACTION_NAME)[0].binary?.data).toMatchObject({
				fileName: `${recording.recordingId}.wav`,
				mimeType: 'audio/x-wav',
			});
			const media = fake.requests.filter((request) => request.path.endsWith(`${recording.recordingId}.wav`));
			expect(media.map((request) => [request.method, request.authOk, request.status])).toEqual([['GET', true, 200]]);

			const url = `${fake.baseUrl}/v1/Account/${AUTH_ID}/Recording/${recording.recordingId}.wav`;
			const byUrl = await postWebhook(urls.downloadByUrl, { url });
			expect(byUrl.items).toEqual([
				{
					recording_id: recording.recordingId,
					recording_url: url,
					file_name: `${recording.recordingId}.wav`,
					mime_type: 'audio/x-wav',
					file_size: 1644,
				},
			]);
			// By URL the API is not asked: the only API call was By ID's.
			expect(requestsOf('GET', 'Recording/').filter((request) => request.path.endsWith('/'))).toHaveLength(1);
		});

		it('Delete: { recording_id, deleted: true }; a recording already gone fails, saying so', async () => {
			const recording = fake.addRecording({});
			const deleted = await postWebhook(urls.delete, { id: recording.recordingId });
			expect(deleted.items).toEqual([{ recording_id: recording.recordingId, deleted: true }]);
			expect(fake.recordings).toHaveLength(0);

			const again = await postWebhook(urls.delete, { id: recording.recordingId });
			expect(again.status).toBeGreaterThanOrEqual(400);
			const failed = await newest(ids.delete, 1, 'error');
			expect(failed.data.resultData.error.message).toBe(
				`Recording "${recording.recordingId}" is already gone from Plivo (404)`,
			);
			expect(JSON.stringify(failed.data)).not.toContain(AUTH_TOKEN);
		});
	});

	describe('the "archive and delete" example, run by Plivo\'s callback', () => {
		/** Waits for the archive run of `recording` and checks it saved the file and deleted it from Plivo. */
		async function expectArchived(recording: Recording, runs: number) {
			const execution = await newest(ids.archive, runs, 'success');
			const file = path.join(archiveDir, `${recording.recordingId}.${recording.fileFormat}`);
			expect(fs.readFileSync(file).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfb]));
			expect(fake.recordings.some((candidate) => candidate.recordingId === recording.recordingId)).toBe(false);
			expect(
				fake.requests
					.filter((request) => request.path.includes(recording.recordingId))
					.map((request) => `${request.method} ${request.status}`),
			).toEqual([
				'GET 200', // Recording/{id}/
				'GET 200', // its audio
				'DELETE 204',
			]);
			expect(nodeItems(execution, 'Delete from Plivo').map((item) => item.json)).toEqual([
				{ recording_id: recording.recordingId, deleted: true },
			]);
			return execution;
		}

		it('a recording made by the API: downloaded, saved, then deleted from Plivo', async () => {
			const before = (await n8n.executions({ workflowId: ids.archive })).length;
			const recording = fake.addRecording({ conferenceName: 'Board', callbackUrl: urls.archive });

			expect((await fake.finishRecording(recording.recordingId)).recording?.status).toBe(200);

			await expectArchived(recording, before + 1);
		});

		it('a conference recorded by Conference XML: its member events start nothing, its recording callback archives it', async () => {
			const before = (await n8n.executions({ workflowId: ids.archive })).length;
			const recording = fake.recordConferenceByXml({ conferenceName: 'XML Room', callbackUrl: urls.archive });

			expect((await fake.sendConferenceEvent(recording, 'enter')).status).toBe(200);
			expect((await fake.finishRecording(recording.recordingId)).recording?.status).toBe(200);

			const execution = await expectArchived(recording, before + 1);
			expect(nodeItems(execution, 'Recording finished')[0].json).toMatchObject({
				event: 'recording',
				source: 'xml',
				ConferenceAction: 'record',
				RecordingID: recording.recordingId,
				recording_id: recording.recordingId,
				record_url: `${fake.baseUrl}/v1/Account/${AUTH_ID}/Recording/${recording.recordingId}.mp3`,
				conference_name: 'XML Room',
				recording_duration_ms: expect.any(Number),
				recording_start: new Date(recording.startedAt).toISOString(),
			});
			// Executions start in the order callbacks arrive: the enter event would be among them.
			expect(
				await until(async () =>
					(await n8n.executions({ workflowId: ids.archive })).length === before + 1 ? true : undefined,
				),
			).toBe(true);
		});
	});

	describe('Call: a live call recorded through the Call API', () => {
		const media = (recordingId: string, format: string) =>
			`${fake.baseUrl}/v1/Account/${AUTH_ID}/Recording/${recordingId}.${format}`;

		it("From List is the editor's search of the live calls; Start sends Plivo's parameters; the call_uuid callback starts one execution, its repeat none", async () => {
			fake.startCall({ callUuid: CALL_UUID });
			const other = fake.startCall({ from: '15555550111' });
			expect((await searchList(n8n, credential, CALL_LIST)).results).toEqual([
				{ name: CALL_UUID, value: CALL_UUID },
				{ name: other.callUuid, value: other.callUuid },
			]);
			expect((await searchList(n8n, credential, CALL_LIST, CALL_UUID.slice(0, 8))).results).toEqual([
				{ name: CALL_UUID, value: CALL_UUID },
			]);
			expect(requestsOf('GET', 'Call/').map((request) => [request.path, request.query, request.authOk])).toEqual(
				Array(2).fill([`/v1/Account/${AUTH_ID}/Call/`, { status: 'live' }, true]),
			);

			const before = (await finished(ids.finished)).length;
			const started = await postWebhook(urls.callStart);
			expect(started.status).toBe(200);
			const [recording] = fake.recordings;
			expect(started.items).toEqual([
				{
					api_id: expect.any(String),
					message: 'call recording started',
					recording_id: recording.recordingId,
					url: media(recording.recordingId, 'wav'),
					call_uuid: CALL_UUID,
				},
			]);
			const [start] = requestsOf('POST', 'Call/');
			expect([start.path, start.authOk, start.body]).toEqual([
				`/v1/Account/${AUTH_ID}/Call/${CALL_UUID}/Record/`,
				true,
				{
					time_limit: 600,
					file_format: 'wav',
					callback_url: urls.finished,
					callback_method: 'POST',
					record_channel_type: 'stereo',
				},
			]);

			// Plivo finishes the file and calls back; then delivers the same callback again.
			expect((await fake.finishRecording(recording.recordingId)).recording?.status).toBe(200);
			expect((await fake.finishRecording(recording.recordingId)).recording?.status).toBe(200);
			// Another recording's callback afterwards: exactly two new executions means the repeat ran nothing.
			const next = fake.addRecording({ recordingType: 'call', callUuid: CALL_UUID, callbackUrl: urls.finished });
			expect((await fake.finishRecording(next.recordingId)).recording?.status).toBe(200);

			const outputs = await triggerRuns(ids.finished, before, 2);
			expect(outputs.map((output) => output.recording_id)).toEqual([recording.recordingId, next.recordingId]);
			expect(outputs[0]).toMatchObject({
				event: 'recording',
				source: 'call',
				call_uuid: CALL_UUID,
				recording_id: recording.recordingId,
				record_url: media(recording.recordingId, 'wav'),
				recording_duration: expect.any(Number),
				recording_duration_ms: expect.any(Number),
				recording_start_ms: recording.startedAt,
				recording_start: new Date(recording.startedAt).toISOString(),
				recording_end: expect.stringMatching(ISO),
			});
		});

		it('Stop stops the recording at the given URL, or every one; a call that ended fails with the 404 message', async () => {
			fake.startCall({ callUuid: CALL_UUID });
			const first = await postWebhook(urls.callStart, { timeLimit: 14_400 });
			const second = await postWebhook(urls.callStart);
			const [kept, stoppedByUrl] = [first.items[0], second.items[0]];
			expect(requestsOf('POST', 'Call/').map((request) => request.body.time_limit)).toEqual([14_400, 600]);

			const one = await postWebhook(urls.callStop, { call: CALL_UUID, url: stoppedByUrl.url });
			expect([one.status, one.items]).toEqual([
				200,
				[{ call_uuid: CALL_UUID, stopped: true, recording_url: stoppedByUrl.url }],
			]);
			const running = () =>
				fake.recordings
					.filter((recording) => recording.stoppedAt === undefined)
					.map((recording) => recording.recordingId);
			expect(running()).toEqual([kept.recording_id]);

			const all = await postWebhook(urls.callStop, { call: CALL_UUID });
			expect([all.status, all.items]).toEqual([200, [{ call_uuid: CALL_UUID, stopped: true }]]);
			expect(running()).toEqual([]);
			const stops = requestsOf('DELETE', 'Call/');
			expect(stops.map((request) => [request.path, request.status])).toEqual(
				Array(2).fill([`/v1/Account/${AUTH_ID}/Call/${CALL_UUID}/Record/`, 204]),
			);
			expect(stops[0].body).toEqual({ URL: stoppedByUrl.url });
			expect(stops[1].rawBody).toBe('');

			await fake.endCall(fake.calls[0]);
			const error = await failure('callStart', {});
			expect(error.message).toBe(`Plivo has no live call with UUID "${CALL_UUID}" (404)`);
			expect(requestsOf('POST', 'Call/').pop()?.status).toBe(404);
		});

		it('the <Record> XML element: its action and callbackUrl requests each reach a trigger, source xml', async () => {
			const call = fake.startCall({ callUuid: CALL_UUID });
			const [beforeSteps, beforeFinished] = [(await finished(ids.steps)).length, (await finished(ids.finished)).length];
			const recording = fake.recordCallByXml({ callUuid: CALL_UUID, action: urls.steps, callbackUrl: urls.finished });

			const sent = await fake.finishRecording(recording.recordingId);

			expect([sent.action?.status, sent.recording?.status]).toEqual([200, 200]);
			const core = {
				event: 'recording',
				source: 'xml',
				RecordingID: recording.recordingId,
				recording_id: recording.recordingId,
				record_url: media(recording.recordingId, 'mp3'),
				call_uuid: CALL_UUID,
				recording_duration_ms: expect.any(Number),
				recording_start: new Date(recording.startedAt).toISOString(),
				recording_end: expect.stringMatching(ISO),
			};
			const [action] = await triggerRuns(ids.steps, beforeSteps, 1);
			expect(action).toMatchObject({ ...core, From: call.from, To: call.to, CallStatus: 'in-progress' });
			const [callback] = await triggerRuns(ids.finished, beforeFinished, 1);
			expect(callback).toMatchObject({ ...core, CallUUID: CALL_UUID });
			expect(callback.From).toBeUndefined();
		});
	});

	describe('Multi-Party Call: recordings that pause and resume', () => {
		const mpcPath = (id: string, tail = '') =>
			`/v1/Account/${AUTH_ID}/MultiPartyCall/${encodeURIComponent(id)}/${tail}Record/`;

		/** Sends again the callback the fake sent for `eventName` (Plivo's repeat of one step). */
		async function repeatStep(eventName: string) {
			const sent = fake.callbacks.find((callback) => callback.params.EventName === eventName);
			const response = await fake.sendCallback({
				url: sent!.url,
				method: sent!.method as 'POST',
				signature: 'v3',
				params: sent!.params,
			});
			expect(response.status).toBe(200);
		}

		it("From List is the editor's search of the active Multi-Party Calls, by name, valued by UUID", async () => {
			fake.startMpc({ name: 'Support 42', uuid: MPC_UUID });
			const billing = fake.startMpc({ name: 'Billing 7' });
			fake.startMpc({ name: 'Not yet', status: 'initialized' });
			const ended = fake.startMpc({ name: 'Yesterday' });
			await fake.endMpc(ended);

			const { results } = await searchList(n8n, credential, MULTI_PARTY_CALL_LIST);
			expect(results).toHaveLength(2);
			expect(results).toEqual(
				expect.arrayContaining([
					{ name: 'Support 42', value: MPC_UUID, description: MPC_UUID },
					{ name: 'Billing 7', value: billing.uuid, description: billing.uuid },
				]),
			);
			expect((await searchList(n8n, credential, MULTI_PARTY_CALL_LIST, 'support')).results).toEqual([
				{ name: 'Support 42', value: MPC_UUID, description: MPC_UUID },
			]);
			expect(requestsOf('GET', 'MultiPartyCall/').map((request) => request.query.status)).toEqual(['active', 'active']);

			fake.reset();
			expect((await searchList(n8n, credential, MULTI_PARTY_CALL_LIST)).results).toEqual([
				expect.objectContaining({
					name: expect.stringContaining('No Multi-Party Call is active on this Plivo account'),
					value: '',
				}),
			]);
		});

		it('the whole call: Start By Name, Pause, Resume, Stop, each step one execution (its repeat none); pausing twice fails; From List; a failed recording', async () => {
			fake.startMpc({ name: 'Support 42', uuid: MPC_UUID });
			const before = (await finished(ids.steps)).length;
			const name = { name: 'Support 42' };

			const started = await postWebhook(urls.mpcStart, name);
			expect(started.status).toBe(200);
			const recordingId = started.items[0].recording_id as string;
			expect(started.items).toEqual([
				{
					api_id: expect.any(String),
					message: 'MPC: Support 42 record started',
					recording_id: expect.any(String),
					recording_url: `${fake.baseUrl}/v1/Account/${AUTH_ID}/Recording/${recordingId}.mp3`,
					mpc_name: 'Support 42',
				},
			]);
			expect((await postWebhook(urls.mpcPause, name)).items).toEqual([{ mpc_name: 'Support 42', paused: true }]);
			const again = await failure('mpcPause', name);
			expect(again.message).toBe('Plivo rejected the request: the recording is already paused');
			expect((await postWebhook(urls.mpcResume, name)).items).toEqual([{ mpc_name: 'Support 42', resumed: true }]);
			expect((await postWebhook(urls.mpcStop, name)).items).toEqual([{ mpc_name: 'Support 42', stopped: true }]);

			const byName = 'name_Support 42';
			expect(fake.requests.map((request) => [request.method, request.path, request.body, request.status])).toEqual([
				[
					'POST',
					mpcPath(byName),
					{ file_format: 'mp3', recording_callback_url: urls.steps, recording_callback_method: 'POST' },
					200,
				],
				['POST', `${mpcPath(byName)}Pause/`, '', 204],
				['POST', `${mpcPath(byName)}Pause/`, '', 400],
				['POST', `${mpcPath(byName)}Resume/`, '', 204],
				['DELETE', mpcPath(byName), '', 204],
			]);

			await fake.idle();
			await repeatStep('MPCRecordingPaused');
			// From List (the MPC's UUID), then the recording fails: the executions after the repeat.
			const fromList = await postWebhook(urls.mpcStartFromList);
			expect(fromList.items).toEqual([
				expect.objectContaining({ mpc_uuid: MPC_UUID, recording_id: expect.any(String) }),
			]);
			expect(fake.requests.pop()?.path).toBe(mpcPath(`uuid_${MPC_UUID}`));
			const failedId = fromList.items[0].recording_id as string;
			await fake.failRecording(failedId);

			const outputs = await triggerRuns(ids.steps, before, 6);
			expect(
				outputs.map((output) => [output.event, output.source, output.recording_id, output.sequence_number]),
			).toEqual([
				['recordingStarted', 'multiPartyCall', recordingId, 1],
				['recordingPaused', 'multiPartyCall', recordingId, 2],
				['recordingResumed', 'multiPartyCall', recordingId, 3],
				['recording', 'multiPartyCall', recordingId, 4],
				['recordingStarted', 'multiPartyCall', failedId, 1],
				['recordingFailed', 'multiPartyCall', failedId, 2],
			]);
			for (const output of outputs) {
				expect(output).toMatchObject({
					mpc_name: 'Support 42',
					mpc_uuid: MPC_UUID,
					recording_start: expect.stringMatching(ISO),
				});
				expect(output.member_id).toBeUndefined();
			}
			expect(outputs[3]).toMatchObject({
				EventName: 'MPCRecordingCompleted',
				record_url: `${fake.baseUrl}/v1/Account/${AUTH_ID}/Recording/${recordingId}.mp3`,
				recording_duration: expect.any(Number),
				recording_end: expect.stringMatching(ISO),
			});
			expect(outputs[0].recording_end).toBeUndefined();
		});

		it('one participant: Start, Pause, Resume, Stop By UUID with its member ID and tracks, each step one execution; an ended call fails with the 404 message', async () => {
			const mpc = fake.startMpc({ name: 'Support 43' });
			fake.addMpcParticipant(mpc, { memberId: '2132' });
			const before = (await finished(ids.steps)).length;
			const member = { uuid: mpc.uuid, member: '2132' };
			const target = { mpc_uuid: mpc.uuid, member_id: '2132' };

			const started = await postWebhook(urls.participantStart, member);
			expect(started.items).toEqual([
				expect.objectContaining({
					...target,
					message: 'MPC: Support 43 record started',
					recording_id: expect.any(String),
				}),
			]);
			const recordingId = started.items[0].recording_id;
			expect((await postWebhook(urls.participantPause, member)).items).toEqual([{ ...target, paused: true }]);
			expect((await postWebhook(urls.participantResume, member)).items).toEqual([{ ...target, resumed: true }]);
			expect((await postWebhook(urls.participantStop, member)).items).toEqual([{ ...target, stopped: true }]);

			const path = mpcPath(`uuid_${mpc.uuid}`, 'Participant/2132/');
			const both = { record_track_type: 'both' };
			expect(fake.requests.map((request) => [request.method, request.path, request.body, request.status])).toEqual([
				[
					'POST',
					path,
					{ file_format: 'mp3', recording_callback_url: urls.steps, recording_callback_method: 'POST', ...both },
					200,
				],
				['POST', `${path}Pause/`, both, 204],
				['POST', `${path}Resume/`, both, 204],
				['DELETE', path, both, 204],
			]);

			await fake.idle();
			await repeatStep('ParticipantRecordingResumed');
			// The MPC ends: nothing is recording, so no callback; a step on it fails.
			await fake.endMpc(mpc);
			const error = await failure('participantPause', member);
			expect(error.message).toBe(
				`Plivo has no active Multi-Party Call with UUID "${mpc.uuid}" with member "2132" (404)`,
			);
			// A last genuine callback: exactly four executions before it means the repeat ran nothing.
			const sentinel = fake.addRecording({ recordingType: 'call', callUuid: 'after', callbackUrl: urls.steps });
			await fake.finishRecording(sentinel.recordingId);

			const outputs = await triggerRuns(ids.steps, before, 5);
			expect(
				outputs.map((output) => [output.event, output.source, output.recording_id, output.sequence_number]),
			).toEqual([
				['recordingStarted', 'participant', recordingId, 1],
				['recordingPaused', 'participant', recordingId, 2],
				['recordingResumed', 'participant', recordingId, 3],
				['recording', 'participant', recordingId, 4],
				['recording', 'call', sentinel.recordingId, undefined],
			]);
			for (const output of outputs.slice(0, 4)) {
				expect(output).toMatchObject({
					...target,
					mpc_name: 'Support 43',
					EventName: expect.stringMatching(/^ParticipantRecording/),
				});
			}
		});
	});

	describe('Transcription: ordered after the fact', () => {
		it('Create with a callback URL: the transcription reaches the trigger; Get (each type), Delete, then Get fails with the 404 message', async () => {
			const recording = fake.addRecording({ conferenceName: 'Sales', callUuid: 'call-transcribed' });
			const id = { id: recording.recordingId };
			const before = (await finished(ids.finished)).length;

			const created = await postWebhook(urls.transcriptionCreate, id);
			expect([created.status, created.items]).toEqual([
				200,
				[{ api_id: expect.any(String), message: 'transcription in progress', recording_id: recording.recordingId }],
			]);
			const [order] = fake.requests;
			expect([order.method, order.path, order.body]).toEqual([
				'POST',
				`/v1/Account/${AUTH_ID}/Transcription/${recording.recordingId}/`,
				{ transcription_callback_url: urls.finished },
			]);

			expect((await fake.finishTranscription(recording.recordingId)).transcription?.status).toBe(200);
			const [callback] = await triggerRuns(ids.finished, before, 1);
			expect(callback).toMatchObject({
				event: 'transcription',
				recording_id: recording.recordingId,
				call_uuid: 'call-transcribed',
				transcription: 'This is a test transcription from the fake Plivo server.',
				transcription_charge: 0.05,
				duration: 30,
			});

			const texts: Record<string, string> = {
				transcription: 'This is a test transcription from the fake Plivo server.',
				raw: 'this is a test transcription from the fake plivo server',
				diarized: '\nSpeaker 0: This is a test transcription from the fake Plivo server.',
			};
			for (const [type, transcription] of Object.entries(texts)) {
				const got = await postWebhook(urls.transcriptionGet, { ...id, type });
				expect([type, got.status, got.items]).toEqual([
					type,
					200,
					[
						{
							recording_id: recording.recordingId,
							type,
							api_id: expect.any(String),
							cost: 0.05,
							rate: 0.05,
							recording_duration_ms: 30_000,
							recording_start_ms: recording.startedAt,
							status: 'success',
							transcription,
						},
					],
				]);
			}
			expect(requestsOf('GET', 'Transcription/').map((request) => request.query.type)).toEqual(Object.keys(texts));

			const deleted = await postWebhook(urls.transcriptionDelete, id);
			expect(deleted.items).toEqual([{ recording_id: recording.recordingId, transcription_deleted: true }]);
			expect(fake.recordings).toHaveLength(1);
			const error = await failure('transcriptionGet', { ...id, type: 'transcription' });
			expect(error.message).toBe(`Plivo has no transcription of recording "${recording.recordingId}" (404)`);
		});
	});

	describe('bad input sends nothing', () => {
		it('a time limit out of range, an empty Multi-Party Call, a participant without member ID: each fails naming item and field', async () => {
			const mpc = fake.startMpc({ name: 'Support 44' });
			fake.addMpcParticipant(mpc, { memberId: '7' });
			fake.startCall({ callUuid: CALL_UUID });

			const timeLimit = await failure('callStart', { timeLimit: 0 });
			expect(timeLimit.message).toBe('Time Limit (Seconds) must be a whole number from 1 to 14400, not "0" (item 0)');
			expect((await failure('mpcPause', { name: '  ' })).message).toBe('Multi-Party Call is empty (item 0)');
			expect((await failure('participantStart', { uuid: mpc.uuid, member: '' })).message).toBe(
				'Participant Member ID is empty (item 0)',
			);
			expect(fake.requests).toEqual([]);
		});
	});

	describe('Number Masking Session: recording turned on by the action, heard by the trigger', () => {
		const session = (value: string) => ({ __rl: true, mode: 'id', value });

		beforeAll(async () => {
			await action('maskingEnable', {
				resource: 'maskingSession',
				operation: 'enableRecording',
				sessionUuid: session('={{ $json.body.session }}'),
				fileFormat: 'wav',
				callbackUrl: urls.steps,
				callbackMethod: 'POST',
			});
			await action('maskingDisable', {
				resource: 'maskingSession',
				operation: 'disableRecording',
				sessionUuid: session('={{ $json.body.session }}'),
			});
		});

		it("From List shows the active sessions; Enable sends Plivo's parameters; a call's recording started, finished or failed each start one execution, typed", async () => {
			const masked = fake.createMaskingSession({ firstParty: '14155550101', secondParty: '14155550102' });
			const found = await searchList(n8n, credential, MASKING_SESSION_LIST);
			expect(found.results.map((result) => result.value)).toContain(masked.uuid);

			const enabled = await postWebhook(urls.maskingEnable, { session: masked.uuid });
			expect(enabled.status).toBe(200);
			expect(enabled.items[0]).toMatchObject({ session_uuid: masked.uuid, record: true });
			const updates = requestsOf('POST', 'Masking/Session/');
			expect(updates.map((request) => [request.path, request.authOk, request.body])).toEqual([
				[
					`/v1/Account/${AUTH_ID}/Masking/Session/${masked.uuid}`,
					true,
					expect.objectContaining({
						record: true,
						record_file_format: 'wav',
						recording_callback_url: urls.steps,
						recording_callback_method: 'POST',
					}),
				],
			]);

			const before = (await finished(ids.steps)).length;
			const call = fake.startMaskingCall(masked);
			await fake.endMaskingCall(call);
			const outputs = await triggerRuns(ids.steps, before, 2);
			expect(outputs.map((output) => output.event)).toEqual(['recordingStarted', 'recording']);
			expect(outputs[1]).toMatchObject({
				source: 'maskingSession',
				recording_id: call.recordingId,
				session_uuid: masked.uuid,
				virtual_number: masked.virtualNumber,
				from_number: '14155550101',
				to_number: '14155550102',
				record_url: expect.stringContaining(call.recordingId),
				recording_duration: expect.any(Number),
			});

			// A call whose recording cannot start: Plivo reports it failed, with no file.
			const failing = fake.startMaskingCall(masked, { recordingFails: true });
			await fake.endMaskingCall(failing);
			const [failedRun] = await triggerRuns(ids.steps, before + 2, 1);
			expect(failedRun).toMatchObject({
				event: 'recordingFailed',
				source: 'maskingSession',
				session_uuid: masked.uuid,
			});

			const disabled = await postWebhook(urls.maskingDisable, { session: masked.uuid });
			expect(disabled.status).toBe(200);
			expect(disabled.items[0]).toMatchObject({ session_uuid: masked.uuid, record: false });
			const quiet = fake.startMaskingCall(masked);
			await fake.endMaskingCall(quiet);
			await new Promise((resolve) => setTimeout(resolve, 1000));
			expect(await finished(ids.steps)).toHaveLength(before + 3);
		});

		it("a malformed session UUID fails naming the field, with nothing sent; an expired session fails with Plivo's words", async () => {
			const malformed = await failure('maskingEnable', { session: 'not-a-session' });
			expect(malformed.message).toContain('Number Masking Session');
			expect(requestsOf('POST', 'Masking/')).toEqual([]);

			const ended = fake.createMaskingSession();
			fake.expireMaskingSession(ended);
			const expired = await failure('maskingEnable', { session: ended.uuid });
			expect(JSON.stringify(expired)).toContain('Session already expired');
		});
	});
});
