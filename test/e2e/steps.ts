/**
 * Steps the end-to-end suites share: run a workflow, activate one, read what an execution's
 * trigger output, wait for something to happen.
 */
import zlib from 'node:zlib';

import { signatureV3 } from '../../tools/fakePlivo';
import type { CallbackOptions, FakePlivo, Recording, StringParams } from '../../tools/fakePlivo/types';
import type { N8n } from '../../tools/n8n';
import { recordWorkflow, TRIGGER_NAME } from './workflows';

export type Item = Record<string, unknown>;
export type Execution = Awaited<ReturnType<N8n['executions']>>[number];

/** Polls `probe` until it gives a value. */
export async function until<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`gave up waiting for ${probe.toString()}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** Runs a Record workflow at its webhook `url`: one item per conference name; returns the node's output items. */
export async function runRecordWorkflow(url: string, names: string[]): Promise<{ status: number; items: Item[] }> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ conferences: names.map((name) => ({ name })) }),
	});
	const text = await response.text();
	const parsed = text ? JSON.parse(text) : [];
	return { status: response.status, items: Array.isArray(parsed) ? parsed : [parsed] };
}

/**
 * A fresh n8n made ready for a suite: its owner, an API key, and the Plivo credential of the
 * fake Plivo's account (the user's first steps).
 */
export async function setUpWithPlivoCredential(
	n8n: N8n,
	fake: { baseUrl: string },
	account: { authId: string; authToken: string },
): Promise<{ id: string; name: string }> {
	await n8n.setupOwner();
	await n8n.createApiKey();
	return await n8n.createCredential({
		name: 'Plivo (fake)',
		type: 'plivoRecordingApi',
		data: { ...account, baseUrl: fake.baseUrl },
	});
}

/** Creates and activates a workflow; resolves once its production webhooks are served. */
export async function createActive(n8n: N8n, workflow: Record<string, unknown>): Promise<string> {
	const created = await n8n.createWorkflow(workflow as never);
	await n8n.activateWorkflow(created.id);
	return created.id as string;
}

/** What the Plivo Recording Callback Trigger output in an execution. */
export const triggerOutput = (execution: Execution): Item =>
	execution.data.resultData.runData[TRIGGER_NAME][0].data.main[0][0].json;

type FakeRecording = Pick<Recording, 'recordingId' | 'conferenceName' | 'startedAt'>;

/**
 * The fake Plivo got one authenticated start request per conference name, each with the
 * callback settings of recordWorkflow(); the action output Plivo's answer for each, in order.
 */
export function expectStartedRecordings(
	fake: Pick<FakePlivo, 'requests' | 'recordings'>,
	authId: string,
	callbackUrl: string,
	names: string[],
	items: Item[],
) {
	const starts = fake.requests.filter((request) => request.method === 'POST');
	expect(starts.map((request) => request.path).sort()).toEqual(
		names.map((name) => `/v1/Account/${authId}/Conference/${encodeURIComponent(name)}/Record/`).sort(),
	);
	for (const request of starts) {
		expect(request.authOk).toBe(true);
		expect(request.headers['content-type']).toContain('application/json');
		expect(request.body).toEqual({
			file_format: 'mp3',
			callback_url: `${callbackUrl}#rc=2`,
			callback_method: 'POST',
			transcription_type: 'auto',
			transcription_url: `${callbackUrl}#rc=2`,
		});
	}
	expect(items.map((item) => item.conference_name)).toEqual(names);
	for (const item of items) {
		const recording = fake.recordings.find((candidate) => candidate.conferenceName === item.conference_name);
		expect(item).toEqual({
			api_id: expect.any(String),
			message: 'conference recording started',
			recording_id: recording?.recordingId,
			url: expect.stringContaining(`/Recording/${recording?.recordingId}.mp3`),
			conference_name: item.conference_name,
		});
	}
}

/** The trigger's output for the recording callback of `recording`: every field typed. */
export function expectRecordingEvent(output: Item | undefined, recording: FakeRecording) {
	expect(output).toMatchObject({
		event: 'recording',
		source: 'conference',
		recording_id: recording.recordingId,
		conference_name: recording.conferenceName,
		record_url: expect.stringContaining(recording.recordingId),
		recording_duration: expect.any(Number),
		recording_duration_ms: expect.any(Number),
		recording_start_ms: recording.startedAt,
		recording_end_ms: expect.any(Number),
		recording_start: new Date(recording.startedAt).toISOString(),
		recording_end: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
	});
}

/** The trigger's output for the transcription callback of `recording`. */
export function expectTranscriptionEvent(output: Item | undefined, recording: FakeRecording) {
	expect(output).toMatchObject({
		event: 'transcription',
		recording_id: recording.recordingId,
		transcription: expect.any(String),
		transcription_charge: 0.05,
		transcription_rate: 0.05,
		duration: expect.any(Number),
		error: '',
	});
}

/** A recording callback's fields, and every way a caller without the Auth Token might try to pass it off. */
export const FORGED: { params: Record<string, string>; attempts: Array<Omit<CallbackOptions, 'url' | 'params'>> } = {
	params: {
		api_id: 'a1',
		record_url: 'https://media.plivo.com/v1/Account/x/Recording/r.mp3',
		recording_id: 'forged-1',
		conference_name: 'c',
		recording_duration: '3',
	},
	attempts: [
		{ signature: 'none' },
		{ signature: 'v3', authToken: 'guessed-token' },
		{ signature: 'v2', authToken: 'guessed-token' },
		{ signature: 'v3', tamper: (sent: StringParams) => ({ ...sent, recording_id: 'other' }) },
		{ signature: 'v3', headers: { 'X-Plivo-Signature-V3': 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' } },
	],
};

/** What the forged-callback steps need of the fake Plivo: sending a callback, signed or not. */
type CallbackSender = Pick<FakePlivo, 'sendCallback'>;

/** Sends each forged attempt to `url`: every one must get 401. */
export async function expectForgedRefused(fake: CallbackSender, url: string) {
	for (const attempt of FORGED.attempts) {
		const response = await fake.sendCallback({ url, method: 'POST', params: FORGED.params, ...attempt });
		expect([attempt.signature, response.status]).toEqual([attempt.signature, 401]);
	}
}

/**
 * Every forged attempt gets 401 and starts nothing (`executionCount` unchanged: pass one that
 * counts every status where the suite can); then one genuine callback starts exactly one more
 * execution, the proof that none of the forged ones ran.
 */
export async function expectOnlyGenuineCallbackRuns(
	n8n: N8n,
	fake: CallbackSender,
	callback: { url: string; workflowId: string },
	executionCount: () => Promise<number> = async () =>
		(await n8n.executions({ workflowId: callback.workflowId, includeData: false })).length,
) {
	const before = await executionCount();
	await expectForgedRefused(fake, callback.url);
	expect(await executionCount()).toBe(before);

	const genuine = await fake.sendCallback({
		url: callback.url,
		method: 'POST',
		params: FORGED.params,
		signature: 'v3',
	});
	expect(genuine.status).toBe(200);
	const executions = await n8n.waitForExecutions(callback.workflowId, before + 1, {
		status: 'success',
		timeoutMs: 60_000,
	});
	expect(executions).toHaveLength(before + 1);
	const newest = executions.reduce((a, b) => (Number(b.id) > Number(a.id) ? b : a));
	expect(triggerOutput(newest)).toMatchObject({ recording_id: 'forged-1', recording_duration: 3 });
}

/** What the action output in its last run of an execution (after a wait, the resumed one). */
export function startNodeOutput(execution: Execution): Item[] {
	const runs = execution.data.resultData.runData['Start Conference Recording'];
	return runs[runs.length - 1].data.main[0].map((item: { json: Item }) => item.json);
}

/**
 * Creates and activates a Record workflow with "Wait for Recording to Finish" (its Webhook
 * answers at once) and runs it at the URL `webhookUrl(path)` gives for one item per name.
 */
export async function startWaitingWorkflow(
	n8n: N8n,
	credential: { id: string; name: string },
	webhookUrl: (path: string) => string,
	names: string[],
	maxWaitMinutes = 60,
): Promise<string> {
	const { path, workflow } = recordWorkflow(
		credential,
		{ waitForRecording: true, maxWaitMinutes },
		{ respondAtOnce: true },
	);
	const workflowId = await createActive(n8n, workflow);
	const { status } = await runRecordWorkflow(webhookUrl(path), names);
	expect(status).toBe(200);
	return workflowId;
}

/** The id of the execution whose resume URL Plivo was given as the recording's callback URL. */
export const waitingExecutionId = (callbackUrl: string): string =>
	/\/webhook-waiting\/(\d+)/.exec(callbackUrl)?.[1] as string;

// Asked for by id: n8n 1.x's public API does not list waiting executions.
const executionStatus = async (n8n: N8n, executionId: string) =>
	(await n8n.api('GET', `/executions/${executionId}`)).status;

/** The execution reaches "waiting" (its wait began). */
export async function expectWaiting(n8n: N8n, executionId: string, timeoutMs?: number) {
	const waiting = async () => ((await executionStatus(n8n, executionId)) === 'waiting' ? 'waiting' : undefined);
	expect(await until(waiting, timeoutMs)).toBe('waiting');
}

/**
 * At the resume URL Plivo was given: a forged callback gets 401 and leaves the execution
 * waiting; Plivo's own callback finishes it, with the recording's typed fields as the action's output.
 */
export async function expectResumedOnlyByPlivo(
	n8n: N8n,
	fake: Pick<FakePlivo, 'sendCallback' | 'recordingCallbackParams' | 'finishRecording'>,
	recording: Recording,
	workflowId: string,
	{ timeoutMs, foreignUrl }: { timeoutMs?: number; foreignUrl?: string } = {},
) {
	const executionId = waitingExecutionId(recording.callbackUrl!);
	const forged = await fake.sendCallback({
		url: recording.callbackUrl!,
		method: 'POST',
		signature: 'v3',
		authToken: 'guessed-token',
		params: fake.recordingCallbackParams(recording),
	});
	expect(forged.status).toBe(401);
	if (foreignUrl) {
		// A callback Plivo signed for another URL (a trigger's), sent to the resume URL with an
		// X-Forwarded-Host that once turned the real path into a fragment ("<host>/<path>#").
		const foreign = new URL(foreignUrl);
		const tricked = await fake.sendCallback({
			url: recording.callbackUrl!,
			signedUrl: foreignUrl,
			method: 'POST',
			signature: 'v3',
			params: fake.recordingCallbackParams(recording),
			headers: {
				'X-Forwarded-Host': `${foreign.host}${foreign.pathname}#`,
				'X-Forwarded-Proto': foreign.protocol.replace(':', ''),
			},
		});
		expect(tricked.status).toBe(401);
	}
	expect(await executionStatus(n8n, executionId)).toBe('waiting');

	const sent = await fake.finishRecording(recording.recordingId);
	expect(sent.recording?.status).toBe(200);
	const [finished] = await n8n.waitForExecutions(workflowId, 1, { status: 'success', timeoutMs });
	expect(finished.id).toBe(executionId);
	expect(startNodeOutput(finished)).toEqual([
		expect.objectContaining({
			event: 'recording',
			recording_id: recording.recordingId,
			conference_name: recording.conferenceName,
			recording_duration_ms: expect.any(Number),
			recording_start: new Date(recording.startedAt).toISOString(),
		}),
	]);
}

type AttackFake = Pick<FakePlivo, 'sendCallback' | 'callbacks'>;

/** Sends a hand-made request (what an attacker writes); resolves with its status and how long the answer took. */
async function sendRaw(url: string, init: { method: string; headers: Record<string, string>; body?: Buffer | string }) {
	const started = Date.now();
	const response = await fetch(url, init);
	await response.arrayBuffer();
	return { status: response.status, ms: Date.now() - started };
}

/**
 * While `attack` runs, n8n keeps answering /healthz; the attack gets an answer quickly. The
 * bound is ten times the 0.5 s target, so that a stall (53 s before the fix) fails and a busy
 * machine does not.
 */
async function expectNoStall(healthzUrl: string, attack: () => Promise<{ status: number; ms: number }>) {
	const healthz: number[] = [];
	let done = false;
	const probing = (async () => {
		while (!done) {
			const started = Date.now();
			const response = await fetch(healthzUrl);
			await response.arrayBuffer();
			healthz.push(Date.now() - started);
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
	})();
	const result = await attack().finally(() => (done = true));
	await probing;
	expect(result.ms).toBeLessThan(5000);
	expect(healthz.length).toBeGreaterThan(0);
	expect(Math.max(...healthz)).toBeLessThan(5000);
	return result;
}

/**
 * The attacks on "only Plivo can start this workflow", sent to the trigger at `url` as an
 * attacker sends them: a V2 signature alone, replays of captured callbacks re-cut so the
 * recording-id filter misses them (POST fields, a JSON list, a GET with an encoded '&'), and
 * 1 MB text / 16 MB gzip bodies meant to stall n8n. None starts an execution; the genuine
 * callbacks around them each start exactly one.
 */
export async function expectAttacksRefused(
	n8n: N8n,
	fake: AttackFake,
	url: string,
	workflowId: string,
	// The process that receives the webhooks (queue mode: a webhook processor).
	healthzUrl = `${n8n.baseUrl}/healthz`,
) {
	const before = (await n8n.executions({ workflowId })).length;
	const id = `attack-${Date.now()}`;
	// Sorted as Plivo sorts them, so the re-cuts below keep the signed string.
	const params = {
		conference_name: 'Board',
		record_url: `https://media.plivo.com/${id}.mp3`,
		recording_duration: '17',
		recording_id: id,
	};
	const lastHeaders = () => fake.callbacks[fake.callbacks.length - 1].headers;

	expect(
		(await fake.sendCallback({ url, method: 'POST', signature: 'v2', params: { ...params, recording_id: 'ATTACKER' } }))
			.status,
	).toBe(401);

	// A genuine POST, then its headers with the fields re-cut ("recording_duration" swallowing recording_id).
	const nonce = '71234567890123456789'.slice(0, 12) + String(Date.now()).slice(-8);
	expect((await fake.sendCallback({ url, method: 'POST', signature: 'v3', params, nonce })).status).toBe(200);
	const signature = lastHeaders();
	const recut = await fake.sendCallback({
		url,
		method: 'POST',
		signature: 'v3',
		params,
		nonce,
		tamper: (sent: StringParams) => ({
			conference_name: sent.conference_name,
			record_url: sent.record_url,
			recording_duration: `17recording_id${id}-x`,
		}),
	});
	expect(recut.status).toBeLessThan(500);
	const asJsonList = await sendRaw(url, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			'x-plivo-signature-v3': signature['X-Plivo-Signature-V3'],
			'x-plivo-signature-v3-nonce': signature['X-Plivo-Signature-V3-Nonce'],
		},
		body: JSON.stringify({ ...params, recording_id: [id] }),
	});
	expect(asJsonList.status).toBeLessThan(500);

	// A genuine GET, then the same signature with an encoded '&' moving every field into conference_name.
	const getNonce = nonce.replace(/^7/, '8');
	const getParams = { ...params, recording_id: `${id}-get` };
	expect(
		(await fake.sendCallback({ url, method: 'GET', signature: 'v3', params: getParams, nonce: getNonce })).status,
	).toBe(200);
	const glued = `Board&record_url=${getParams.record_url}&recording_duration=17&recording_id=${getParams.recording_id}`;
	const getRecut = await fake.sendCallback({
		url,
		method: 'GET',
		signature: 'v3',
		params: getParams,
		nonce: getNonce,
		tamper: () => ({ conference_name: glued }),
	});
	expect(getRecut.status).toBeLessThan(500);

	// Bodies meant to stall n8n, unsigned and with a forged signature.
	const forged = {
		'x-plivo-signature-v3': 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
		'x-plivo-signature-v3-nonce': '1',
	};
	const text = 'x'.repeat(1_000_000);
	const gzip = zlib.gzipSync(Buffer.alloc(16_000_000, 'a'));
	for (const headers of [{}, forged]) {
		const plain = await expectNoStall(healthzUrl, () =>
			sendRaw(url, { method: 'POST', headers: { 'content-type': 'text/plain', ...headers }, body: text }),
		);
		const inflating = await expectNoStall(healthzUrl, () =>
			sendRaw(url, {
				method: 'POST',
				headers: { 'content-type': 'text/plain', 'content-encoding': 'gzip', ...headers },
				body: gzip,
			}),
		);
		for (const result of [plain, inflating]) expect(result.status).toBeGreaterThanOrEqual(400);
	}

	// A genuine callback still works. Executions start in the order callbacks arrive, so once
	// this last one has run, any attack that had started one would be counted too.
	expect(
		(
			await fake.sendCallback({
				url,
				method: 'POST',
				signature: 'v3',
				params: { ...params, recording_id: `${id}-after` },
			})
		).status,
	).toBe(200);
	await n8n.waitForExecutions(workflowId, before + 3, { status: 'success' });
	const all = await n8n.executions({ workflowId });
	expect(
		all
			.slice(0, all.length - before)
			.map(triggerOutput)
			.map((output) => output.recording_id)
			.sort(),
	).toEqual([id, `${id}-after`, `${id}-get`]);
}

/**
 * The credential's Test button (the editor's /rest/credentials/test): the right token passes
 * with one GET of the account, a wrong one fails saying what to fix (n8n 1.x answers every 401
 * with its own words; 2.x shows the credential's rule).
 */
export async function expectCredentialTestButton(
	n8n: N8n,
	fake: { requests: Array<{ method: string; path: string }> },
	credential: { id: string; name: string },
	account: { authId: string; authToken: string; baseUrl: string },
) {
	const test = (authToken: string) =>
		n8n.testCredential({
			id: credential.id,
			name: credential.name,
			type: 'plivoRecordingApi',
			data: { ...account, authToken },
		});
	const passed = await test(account.authToken);
	expect(passed.status).toBe('OK');
	expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
		`GET /v1/Account/${account.authId}/`,
	]);

	const failed = await test('not-the-token');
	expect(failed.status).toBe('Error');
	expect(failed.message).toContain(
		n8n.version.startsWith('1.')
			? 'Authorization failed - please check your credentials'
			: 'Plivo rejected this Auth ID or Auth Token',
	);
}

/**
 * Genuine callbacks in every form Plivo sends them are accepted, each starting one execution:
 * a repeated field, a header with several signatures (one right), a GET, and, for a trigger
 * whose Public URL option names the address Plivo was given (a reverse proxy in front of n8n),
 * one signed for that address.
 */
export async function expectGenuineFormsAccepted(
	n8n: N8n,
	fake: AttackFake & { authToken: string },
	trigger: { url: string; workflowId: string },
	proxied: { url: string; publicUrl: string; workflowId: string },
) {
	const id = `genuine-${Date.now()}`;
	const params = { record_url: `https://media.plivo.com/${id}.mp3`, recording_id: id, tag: ['b', 'a'] };
	const before = (await n8n.executions({ workflowId: trigger.workflowId })).length;

	expect((await fake.sendCallback({ url: trigger.url, method: 'POST', signature: 'v3', params })).status).toBe(200);
	const nonce = `9${String(Date.now()).padStart(19, '0')}`;
	const right = signatureV3('POST', trigger.url, { ...params, recording_id: `${id}-several` }, nonce, fake.authToken);
	const several = await fake.sendCallback({
		url: trigger.url,
		method: 'POST',
		signature: 'v3',
		nonce,
		params: { ...params, recording_id: `${id}-several` },
		headers: { 'X-Plivo-Signature-V3': `bm90IHRoaXMgb25lIGVpdGhlciwgc29ycnkgYWJvdXQgdGhhdA==,${right}` },
	});
	expect(several.status).toBe(200);
	expect(
		(
			await fake.sendCallback({
				url: trigger.url,
				method: 'GET',
				signature: 'v3',
				params: { ...params, recording_id: `${id}-get` },
			})
		).status,
	).toBe(200);
	const outputs = (await n8n.waitForExecutions(trigger.workflowId, before + 3, { status: 'success' }))
		.slice(0, 3)
		.map(triggerOutput);
	expect(outputs.map((output) => output.recording_id).sort()).toEqual([id, `${id}-get`, `${id}-several`]);
	for (const output of outputs) expect(output.tag).toEqual(['b', 'a']);

	const viaProxy = await fake.sendCallback({
		url: proxied.url,
		signedUrl: proxied.publicUrl,
		method: 'POST',
		signature: 'v3',
		params: { ...params, recording_id: `${id}-proxy` },
	});
	expect(viaProxy.status).toBe(200);
	const [proxiedRun] = await n8n.waitForExecutions(proxied.workflowId, 1, { status: 'success' });
	expect(triggerOutput(proxiedRun).recording_id).toBe(`${id}-proxy`);
}
