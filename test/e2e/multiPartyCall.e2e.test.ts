/**
 * Multi-Party Calls in a real n8n against the fake Plivo, as a contact centre uses them:
 * - "Wait for Recording to Finish": the execution waits through the MPC recording's started /
 *   paused / resumed steps and resumes on the finished file; a failed MPC recording fails the
 *   execution at the node, saying so; a call's recording resumes it as a conference's does, and
 *   a Number Masking session's next recorded call resumes Enable Recording (its start does not);
 * - the example "Keep card numbers out of the recording", imported as a user imports it: the
 *   agent's desktop pauses and resumes the recording, the finished file is downloaded and saved.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startFakePlivo } from '../../tools/fakePlivo';
import type { FakePlivo } from '../../tools/fakePlivo/types';
import { DEFAULT_VERSION, packPackage, startN8n, type N8n } from '../../tools/n8n';
import { loadExample, PCI_FILE, webhookNode, withCredential } from '../../tools/workflows';
import { createActive, expectWaiting, setUpWithPlivoCredential, until, type Execution } from './steps';
import { PACKAGE } from './workflows';

const AUTH_ID = 'MAWAITING00000000001';
const AUTH_TOKEN = 'waiting-auth-token-0123456789abcdef';
const NODE = 'Record and wait';

describe(`Wait for Recording to Finish on a Multi-Party Call, a call and a Number Masking session, real n8n ${DEFAULT_VERSION}`, () => {
	let n8n: N8n;
	let fake: FakePlivo;
	let credential: { id: string; name: string };
	let archiveDir: string;

	beforeAll(async () => {
		fake = await startFakePlivo({ port: 0, authId: AUTH_ID, authToken: AUTH_TOKEN });
		archiveDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plivo-pci-'));
		// The example saves files: n8n 2.x allows that only where this says.
		n8n = await startN8n({
			version: DEFAULT_VERSION,
			port: 0,
			tarball: await packPackage(),
			database: 'sqlite',
			env: { N8N_RESTRICT_FILE_ACCESS_TO: archiveDir },
		});
		credential = await setUpWithPlivoCredential(n8n, fake, { authId: AUTH_ID, authToken: AUTH_TOKEN });
	});
	afterAll(async () => {
		await n8n?.stop();
		await fake?.close();
		if (archiveDir) fs.rmSync(archiveDir, { recursive: true, force: true });
	});

	/** Webhook (answers at once) → Plivo Recording with `parameters` (Start Recording unless they say) and the wait on; runs it once. */
	async function startWaiting(parameters: Record<string, unknown>): Promise<string> {
		const path = `wait-${randomUUID()}`;
		const workflowId = await createActive(n8n, {
			name: `wait ${String(parameters.resource)} ${path.slice(5, 13)}`,
			nodes: [
				webhookNode(path, { responseMode: 'onReceived' }),
				{
					id: randomUUID(),
					name: NODE,
					type: `${PACKAGE}.plivoRecording`,
					typeVersion: 1,
					position: [220, 0],
					parameters: { operation: 'startRecording', ...parameters, waitForRecording: true, maxWaitMinutes: 30 },
					credentials: { plivoRecordingApi: credential },
				},
			],
			connections: { Webhook: { main: [[{ node: NODE, type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		});
		const response = await fetch(n8n.webhookUrl(path), { method: 'POST' });
		expect(response.status).toBe(200);
		return workflowId;
	}

	const executionIdOf = (callbackUrl: string | null) =>
		/\/webhook-waiting\/(\d+)/.exec(callbackUrl ?? '')?.[1] as string;
	const lastOutput = (execution: Execution) => {
		const runs = execution.data.resultData.runData[NODE];
		return runs[runs.length - 1].data.main[0].map((item: { json: Record<string, unknown> }) => item.json);
	};

	it('a Multi-Party Call: waits through its steps, resumes on the finished file', async () => {
		const mpc = fake.startMpc({ name: 'Support 42' });
		fake.addMpcParticipant(mpc);
		const workflowId = await startWaiting({
			resource: 'multiPartyCall',
			mpc: { __rl: true, mode: 'name', value: 'Support 42' },
		});
		const recording = await until(() => [...fake.mpcRecordings.values()].find((r) => r.mpc === mpc));
		const executionId = executionIdOf(recording.callbackUrl);
		await expectWaiting(n8n, executionId);

		// Started (sent by the start itself), paused, resumed: still waiting.
		for (const step of ['Pause', 'Resume']) {
			const answer = await fetch(
				`${fake.baseUrl}/v1/Account/${AUTH_ID}/MultiPartyCall/name_Support%2042/Record/${step}/`,
				{
					method: 'POST',
					headers: { authorization: `Basic ${Buffer.from(`${AUTH_ID}:${AUTH_TOKEN}`).toString('base64')}` },
				},
			);
			expect(answer.status).toBe(204);
		}
		await fake.idle();
		await expectWaiting(n8n, executionId);

		await fake.endMpc(mpc);
		const [finished] = await n8n.waitForExecutions(workflowId, 1, { status: 'success' });
		expect(finished.id).toBe(executionId);
		expect(lastOutput(finished)).toEqual([
			expect.objectContaining({
				event: 'recording',
				source: 'multiPartyCall',
				recording_id: recording.recordingId,
				mpc_name: 'Support 42',
				record_url: expect.stringContaining(recording.recordingId),
			}),
		]);
	});

	it('a Multi-Party Call recording that fails: the execution fails at the node, saying so', async () => {
		const mpc = fake.startMpc({ name: 'Support 43' });
		fake.addMpcParticipant(mpc);
		const workflowId = await startWaiting({
			resource: 'multiPartyCall',
			mpc: { __rl: true, mode: 'name', value: 'Support 43' },
		});
		const recording = await until(() => [...fake.mpcRecordings.values()].find((r) => r.mpc === mpc));
		await expectWaiting(n8n, executionIdOf(recording.callbackUrl));

		await fake.failRecording(recording.recordingId);
		const [failed] = await n8n.waitForExecutions(workflowId, 1, { status: 'error' });
		expect(failed.id).toBe(executionIdOf(recording.callbackUrl));
		expect(JSON.stringify(failed.data.resultData.error)).toContain(
			`Plivo reports that recording \\"${recording.recordingId}\\" failed`,
		);
	});

	it("a call: resumes on the Call API's callback", async () => {
		const call = fake.startCall({});
		const workflowId = await startWaiting({
			resource: 'call',
			callUuid: { __rl: true, mode: 'id', value: call.callUuid },
		});
		const recording = await until(() => fake.recordings.find((r) => r.callUuid === call.callUuid));
		await expectWaiting(n8n, executionIdOf(recording.callbackUrl));

		await fake.finishRecording(recording.recordingId);
		const [finished] = await n8n.waitForExecutions(workflowId, 1, { status: 'success' });
		expect(lastOutput(finished)).toEqual([
			expect.objectContaining({
				event: 'recording',
				source: 'call',
				call_uuid: call.callUuid,
				recording_id: recording.recordingId,
			}),
		]);
	});

	it("a Number Masking session: Enable Recording waits; the session's next call resumes it when its recording is finished, not when it starts", async () => {
		const session = fake.createMaskingSession({ firstParty: '14155550131', secondParty: '14155550132' });
		const workflowId = await startWaiting({
			resource: 'maskingSession',
			operation: 'enableRecording',
			sessionUuid: { __rl: true, mode: 'id', value: session.uuid },
		});
		const update = await until(() =>
			fake.requests.find(
				(request) => request.path.endsWith(`/Masking/Session/${session.uuid}`) && request.status === 200,
			),
		);
		expect(update.body).toMatchObject({ record: true, recording_callback_method: 'POST' });
		const executionId = executionIdOf(update.body.recording_callback_url);
		await expectWaiting(n8n, executionId);

		const call = fake.startMaskingCall(session);
		await fake.idle();
		// n8n took the recording's start at the resume URL, and the execution waits on.
		const sentToResume = () =>
			fake.callbacks
				.filter((callback) => callback.url === update.body.recording_callback_url)
				.map((callback) => [callback.params.EventName, callback.status]);
		expect(sentToResume()).toEqual([['SessionRecordingInitiated', 200]]);
		await expectWaiting(n8n, executionId);

		await fake.endMaskingCall(call);
		const [finished] = await n8n.waitForExecutions(workflowId, 1, { status: 'success' });
		expect(finished.id).toBe(executionId);
		expect(sentToResume()).toEqual([
			['SessionRecordingInitiated', 200],
			['SessionRecordingCompleted', 200],
		]);
		expect(lastOutput(finished)).toEqual([
			expect.objectContaining({
				event: 'recording',
				source: 'maskingSession',
				recording_id: call.recordingId,
				session_uuid: session.uuid,
				from_number: '14155550131',
				to_number: '14155550132',
			}),
		]);
	});

	it('the card-number example: the agent pauses and resumes the recording, the finished file is saved', async () => {
		type Node = { name: string; type: string; webhookId?: string; parameters: Record<string, unknown> };
		const example = withCredential(loadExample(PCI_FILE), credential) as { nodes: Node[] };
		const save = example.nodes.find((node) => node.type === 'n8n-nodes-base.readWriteFile')!;
		save.parameters.fileName = `=${archiveDir}/{{ $binary.data.fileName }}`;
		const workflowId = await createActive(n8n, example);
		const desktop = example.nodes.find((node) => node.name === 'Agent desktop')!;
		const trigger = example.nodes.find((node) => node.name === 'Recording finished')!;
		const recordingFinished = n8n.webhookUrl(`${trigger.webhookId}/webhook`);

		// A contact centre's MPC, recorded with its callback going to the example's trigger.
		const mpc = fake.startMpc({ name: 'Card payments' });
		fake.addMpcParticipant(mpc);
		const start = await fetch(`${fake.baseUrl}/v1/Account/${AUTH_ID}/MultiPartyCall/name_Card%20payments/Record/`, {
			method: 'POST',
			headers: {
				authorization: `Basic ${Buffer.from(`${AUTH_ID}:${AUTH_TOKEN}`).toString('base64')}`,
				'content-type': 'application/json',
			},
			body: JSON.stringify({ recording_callback_url: recordingFinished }),
		});
		expect(start.status).toBe(200);

		const agent = async (action: string) =>
			await fetch(n8n.webhookUrl(String(desktop.parameters.path)), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ action, mpc: 'Card payments' }),
			});
		// What Plivo received for this MPC's recording, and how it answered.
		const steps = () =>
			fake.requests
				.filter((request) => /\/MultiPartyCall\/name_Card%20payments\/Record\/(Pause|Resume)\/$/.test(request.path))
				.map((request) => [request.path.split('/Record/')[1], request.status]);
		expect((await agent('pause')).status).toBe(200);
		await until(() => (steps().length === 1 && steps()[0][1] !== null ? true : undefined));
		expect((await agent('resume')).status).toBe(200);
		await until(() => (steps().length === 2 && steps()[1][1] !== null ? true : undefined));
		expect(steps()).toEqual([
			['Pause/', 204],
			['Resume/', 204],
		]);

		await fake.endMpc(mpc);
		const recording = [...fake.mpcRecordings.values()].find((r) => r.mpc === mpc)!;
		// Two agent posts, one finished recording: three runs, all successful.
		expect(await n8n.waitForExecutions(workflowId, 3, { status: 'success' })).toHaveLength(3);
		expect(fs.readdirSync(archiveDir)).toEqual([`${recording.recordingId}.mp3`]);
	});
});
