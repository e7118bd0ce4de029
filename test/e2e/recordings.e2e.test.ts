/**
 * The whole recording life cycle in a real n8n with this package installed as a user installs
 * it, against the project's fake Plivo on 127.0.0.1: the Conference Name locator (the editor's
 * list search, From List and By Name, a name saved as plain text), each Recording operation
 * (Get, Get Many, Download, Delete), the "archive and delete" example run by Plivo's callback,
 * and a conference recorded by Conference XML reaching the trigger.
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
import { createActive as createActiveWorkflow, setUpWithPlivoCredential, until, type Execution } from './steps';
import { ACTION_NAME, actionWorkflow, nodeItems, postWebhook, searchLiveConferences } from './recordingSteps';

const version = DEFAULT_VERSION;
const queueMode = process.env.EXECUTIONS_MODE === 'queue';
const databaseType = queueMode || process.env.N8N_DB === 'postgresdb' ? 'postgresdb' : 'sqlite';
const AUTH_ID = 'MARECLIFE00000000001';
const AUTH_TOKEN = 'recordings-auth-token-0123456789abcdef';
const DAY = 24 * 60 * 60 * 1000;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

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
});
