/**
 * The workflow engine layer: n8n-core's WorkflowExecute runs a real workflow JSON with this
 * package's nodes, over real HTTP, against the project's fake Plivo on 127.0.0.1.
 */
import { runWorkflow } from '../support/engine';
import { startFakePlivo } from '../../tools/fakePlivo';
import workflow from './workflows/start-recording-3-items.json';

const AUTH_ID = 'MAENGINETEST00000001';
const AUTH_TOKEN = 'engine-test-token-0123456789abcdef';
const conferences = ['Daily Standup', 'Board / Q3 #2', 'Équipe 会議'];

describe('Manual Trigger → Start Conference Recording (3 items) in n8n-core', () => {
	let fake: Awaited<ReturnType<typeof startFakePlivo>>;

	beforeAll(async () => {
		fake = await startFakePlivo({ port: 0, authId: AUTH_ID, authToken: AUTH_TOKEN });
	});
	afterAll(async () => await fake.close());

	it('starts three recordings with the exact requests and outputs Plivo’s answers', async () => {
		const result = await runWorkflow(workflow, {
			credentials: { plivoRecordingApi: { authId: AUTH_ID, authToken: AUTH_TOKEN, baseUrl: fake.baseUrl } },
			triggerItems: conferences.map((conference) => ({ conference })),
		});

		expect(result.error()).toBeUndefined();
		const starts = fake.requests.filter((request: { method: string }) => request.method === 'POST');
		expect(starts).toHaveLength(3);
		expect(starts.map((request: { authOk: boolean }) => request.authOk)).toEqual([true, true, true]);
		expect(starts.map((request: { path: string }) => request.path).sort()).toEqual(
			conferences.map((name) => `/v1/Account/${AUTH_ID}/Conference/${encodeURIComponent(name)}/Record/`).sort(),
		);
		for (const request of starts) {
			expect(request.body).toEqual({
				file_format: 'mp3',
				callback_url: 'https://n8n.example.com/webhook/5b2d/webhook#rc=3&rp=5xx,ct',
				callback_method: 'POST',
				transcription_type: 'auto',
				transcription_url: 'https://n8n.example.com/webhook/5b2d/webhook#rc=3&rp=5xx,ct',
			});
		}

		const output = result.output('Start Conference Recording');
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		output.forEach((item, index) => {
			const recording = fake.recordings.find((candidate) => candidate.conferenceName === conferences[index])!;
			expect(item.json).toEqual({
				api_id: expect.any(String),
				message: 'conference recording started',
				recording_id: recording.recordingId,
				url: expect.stringMatching(new RegExp(`/Recording/${recording.recordingId}\\.mp3$`)),
				conference_name: conferences[index],
			});
		});
	});

	it('a wrong token fails with the credential message and starts nothing', async () => {
		fake.reset();
		const result = await runWorkflow(workflow, {
			credentials: { plivoRecordingApi: { authId: AUTH_ID, authToken: 'wrong', baseUrl: fake.baseUrl } },
			triggerItems: [{ conference: 'Daily Standup' }],
		});

		expect(result.error()?.message).toBe('Plivo rejected the credentials (401)');
		expect(fake.recordings).toHaveLength(0);
	});
});
