/**
 * The Plivo New Recording Trigger in a real n8n against the fake Plivo: every recording Plivo
 * lists after the first activation starts the workflow once, oldest first, whatever happens in
 * between (polls, a late listing, a poll that meets a 5xx, n8n stopped and started again).
 * n8n polls on the node's Poll Times but also at every activation and every start, so the runs
 * here poll by publishing again and by restarting n8n, with Poll Times that never come during a
 * run (a poll on a minute's turn, in the middle of a republish, would be one more request than
 * the test counts); the queue-mode suite polls once a minute. The engine tests cover the cases
 * in detail (test/engine/newRecordingTrigger.engine.test.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startFakePlivo } from '../../tools/fakePlivo';
import { DEFAULT_VERSION, packPackage, startN8n, startPostgres, type N8n } from '../../tools/n8n';
import { callbackTrigger, EVERY_RECORDING_ONCE_FILE, loadExample, withCredential } from '../../tools/workflows';
import { setUpWithPlivoCredential, type Execution, type Item } from './steps';
import { NEW_RECORDING_NAME, newRecordingWorkflow } from './workflows';

const version = DEFAULT_VERSION;
// N8N_DB=postgresdb runs the same on n8n's PostgreSQL database instead of SQLite.
const databaseType = process.env.N8N_DB === 'postgresdb' ? 'postgresdb' : 'sqlite';
const AUTH_ID = 'MAE2ETEST00000000001';
const AUTH_TOKEN = 'e2e-auth-token-0123456789abcdefABCDEF';
const MINUTE = 60_000;
/** Poll Times of once a year (1 January, 00:00): the polls here are the activations' and the starts' only. */
const ONLY_WHEN_PUBLISHED = { item: [{ mode: 'custom', cronExpression: '0 0 1 1 *' }] };

type Fake = Awaited<ReturnType<typeof startFakePlivo>>;

/** The recordings one execution of the trigger emitted, in its order. */
const emitted = (execution: Execution): Item[] =>
	execution.data.resultData.runData[NEW_RECORDING_NAME][0].data.main[0].map((item: { json: Item }) => item.json);

let n8n: N8n;
let fake: Fake;
let postgres: Awaited<ReturnType<typeof startPostgres>> | undefined;
let credential: { id: string; name: string };
/** Where n8n may write files (the example saves recordings there). */
let saveDir: string;

/** Starts n8n (again, on the same user folder and database, when `userFolder` is given). */
async function startOurN8n(userFolder?: string) {
	return await startN8n({
		version,
		port: 0,
		...(userFolder ? { userFolder } : { tarball: await packPackage() }),
		keepUserFolder: true,
		database: postgres ?? 'sqlite',
		env: { N8N_RESTRICT_FILE_ACCESS_TO: saveDir },
	});
}

beforeAll(async () => {
	fake = await startFakePlivo({ port: 0, authId: AUTH_ID, authToken: AUTH_TOKEN });
	saveDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plivo-saved-'));
	postgres = databaseType === 'postgresdb' ? await startPostgres() : undefined;
	n8n = await startOurN8n();
	credential = await setUpWithPlivoCredential(n8n, fake, { authId: AUTH_ID, authToken: AUTH_TOKEN });
});

afterAll(async () => {
	await n8n?.stop();
	await fake?.close();
	await postgres?.stop();
	if (n8n) fs.rmSync(n8n.userFolder, { recursive: true, force: true });
	if (saveDir) fs.rmSync(saveDir, { recursive: true, force: true });
});

describe(`Plivo New Recording Trigger in a real n8n ${version} on ${databaseType}`, () => {
	let workflowId: string;
	/** Every recording added after the first activation, in the order of its add_time. */
	const expected: string[] = [];

	/** A recording Plivo lists from now on, added `agoMs` before now. */
	function add(agoMs: number, fields: Record<string, unknown> = {}) {
		const recording = fake.addRecording({ addedAt: Date.now() - agoMs, ...fields });
		return recording.recordingId;
	}

	/** The list requests the fake received. */
	const listRequests = () =>
		fake.requests.filter((request) => request.method === 'GET' && /\/Recording\/$/.test(request.path));

	/** Every execution of the workflow, oldest first, once `count` have finished. */
	async function executions(count: number): Promise<Execution[]> {
		const found = await n8n.waitForExecutions(workflowId, count, { timeoutMs: 60_000 });
		return found.sort((a, b) => Number(a.id) - Number(b.id));
	}

	/** Publishes again: n8n polls at once. */
	async function republish() {
		await n8n.deactivateWorkflow(workflowId);
		return await n8n.publish(workflowId);
	}

	/** No execution beyond `count` appears within a moment after a poll (its execution would start at once). */
	async function expectNoNewExecution(count: number) {
		await new Promise((resolve) => setTimeout(resolve, 2000));
		expect(await n8n.executions({ workflowId, includeData: false })).toHaveLength(count);
	}

	beforeAll(async () => {
		workflowId = (await n8n.createWorkflow(newRecordingWorkflow(credential, { pollTimes: ONLY_WHEN_PUBLISHED }))).id;
	});

	afterAll(async () => {
		if (workflowId) await n8n.deactivateWorkflow(workflowId);
	});

	it('the first activation emits nothing that existed before, in one request', async () => {
		add(3 * 60 * MINUTE);
		add(2 * MINUTE);
		expect(await n8n.publish(workflowId)).toEqual({ ok: true });
		await expectNoNewExecution(0);
		expect(listRequests()).toHaveLength(1);
	});

	it('recordings added since are emitted once, oldest first, typed as Recording → Get; a poll with nothing new is one request and emits nothing', async () => {
		expected.push(add(40_000, { conferenceName: 'Support' }), add(20_000), add(10_000));
		expect(await republish()).toEqual({ ok: true });
		const [execution] = await executions(1);
		const items = emitted(execution);
		expect(items.map((item) => item.recording_id)).toEqual(expected.slice(0, 3));
		expect(items[0]).toMatchObject({
			recording_id: expected[0],
			conference_name: 'Support',
			recording_format: 'mp3',
			recording_duration_ms: expect.any(Number),
			add_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
		});

		const before = listRequests().length;
		expect(await republish()).toEqual({ ok: true });
		await expectNoNewExecution(1);
		expect(listRequests().length - before).toBe(1);
	});

	it('a recording Plivo lists late, with an add_time before those already emitted, is emitted once', async () => {
		const late = add(60_000);
		expected.push(late);
		expect(await republish()).toEqual({ ok: true });
		const all = await executions(2);
		expect(emitted(all[1]).map((item) => item.recording_id)).toEqual([late]);
		expect(await republish()).toEqual({ ok: true });
		await expectNoNewExecution(2);
	});

	it('a poll that meets a 5xx fails visibly and emits nothing; the next one emits what it could not, once', async () => {
		const missed = [add(5_000), add(4_000)];
		expected.push(...missed);
		fake.injectFault({ status: 503, count: 1000, match: (request) => request.method === 'GET' });
		await n8n.deactivateWorkflow(workflowId);
		const failed = await n8n.publish(workflowId);
		expect(failed).toEqual({ ok: false, error: expect.stringContaining('503') });
		await expectNoNewExecution(2);

		fake.clearFaults();
		// 2.41 keeps a failed publication and retries it by itself; publishing again is the user's way on both lines.
		if (version.startsWith('1.')) expect(await n8n.publish(workflowId)).toEqual({ ok: true });
		else expect(await republish()).toEqual({ ok: true });
		const all = await executions(3);
		expect(all).toHaveLength(3);
		expect(emitted(all[2]).map((item) => item.recording_id)).toEqual(missed);
	});

	it('recordings added while n8n is stopped are emitted once when it starts, oldest first, nothing earlier again', async () => {
		const { userFolder } = n8n;
		await n8n.stop();
		const whileDown = [add(3_000), add(2_000), add(1_000)];
		expected.push(...whileDown);
		n8n = await startOurN8n(userFolder);
		await n8n.setupOwner();
		await n8n.createApiKey();
		const all = await executions(4);
		expect(emitted(all[3]).map((item) => item.recording_id)).toEqual(whileDown);

		expect(await republish()).toEqual({ ok: true });
		await expectNoNewExecution(4);
	});

	it('over all of it, every recording added after the first activation was emitted exactly once', async () => {
		const all = await executions(4);
		const ids = all.flatMap(emitted).map((item) => item.recording_id);
		expect(ids).toEqual(expected);
		expect(new Set(ids).size).toBe(ids.length);
	});
});

describe('the "Every recording, once" example: the callback and the poll both hear a recording, its branch runs once', () => {
	let workflowId: string;
	let callbackUrl: string;

	/** The executions of the example, oldest first, once `count` have finished. */
	async function runs(count: number): Promise<Execution[]> {
		const found = await n8n.waitForExecutions(workflowId, count, { timeoutMs: 60_000 });
		return found.sort((a, b) => Number(a.id) - Number(b.id));
	}
	/** What a node of the example output in one execution (none when it did not run). */
	const output = (execution: Execution, node: string): Item[] =>
		(execution.data.resultData.runData[node]?.[0]?.data?.main?.[0] ?? []).map((item: { json: Item }) => item.json);

	beforeAll(async () => {
		const example = withCredential(loadExample(EVERY_RECORDING_ONCE_FILE), credential);
		const save = example.nodes.find((node) => node.type === 'n8n-nodes-base.readWriteFile');
		save!.parameters.fileName = `=${saveDir}/{{ $binary.data.fileName }}`;
		workflowId = (await n8n.createWorkflow(example)).id;
		callbackUrl = n8n.webhookUrl(`${callbackTrigger(example).webhookId}/webhook`);
		expect(await n8n.publish(workflowId)).toEqual({ ok: true });
	});

	afterAll(async () => {
		if (workflowId) await n8n.deactivateWorkflow(workflowId);
	});

	it('a recording reported by its callback is saved; the poll then finds it and one whose callback never came, and saves only the second', async () => {
		const heard = fake.addRecording({ conferenceName: 'Heard', callbackUrl });
		expect((await fake.finishRecording(heard.recordingId)).recording?.status).toBe(200);
		const [byCallback] = await runs(1);
		expect(output(byCallback, 'Once per recording').map((item) => item.recording_id)).toEqual([heard.recordingId]);
		expect(fs.existsSync(path.join(saveDir, `${heard.recordingId}.mp3`))).toBe(true);

		// Plivo lists this one too, but its callback never reached n8n (n8n was unreachable, say).
		const missed = fake.addRecording({ conferenceName: 'Missed' });
		await n8n.deactivateWorkflow(workflowId);
		expect(await n8n.publish(workflowId)).toEqual({ ok: true });
		const [, byPoll] = await runs(2);
		expect(output(byPoll, 'New recording (safety net)').map((item) => item.recording_id)).toEqual([
			heard.recordingId,
			missed.recordingId,
		]);
		expect(output(byPoll, 'Once per recording').map((item) => item.recording_id)).toEqual([missed.recordingId]);
		expect(output(byPoll, 'Save to disk').map((item) => item.recording_id)).toEqual([missed.recordingId]);
		expect(fs.existsSync(path.join(saveDir, `${missed.recordingId}.mp3`))).toBe(true);

		// Over both runs, each recording was saved once.
		const all = await n8n.executions({ workflowId });
		const saved = all.flatMap((execution) => output(execution, 'Save to disk')).map((item) => item.recording_id);
		expect(saved.sort()).toEqual([heard.recordingId, missed.recordingId].sort());
	});
});
