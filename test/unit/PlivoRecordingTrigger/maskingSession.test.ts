/**
 * The trigger hears a Number Masking session's recordings end to end: the fake Plivo's session
 * records a call and sends its signed callbacks over HTTP to a stand-in for n8n's webhook
 * server, which hands each request to the trigger's webhook() (the callback gateway: signature,
 * replay, shape, duplicates) as n8n would.
 */
import http from 'http';
import { AddressInfo } from 'net';

import { startFakePlivo } from '../../../tools/fakePlivo';
import type { FakePlivo } from '../../../tools/fakePlivo/types';
import { AUTH_ID, AUTH_TOKEN, WEBHOOK_ID, runTrigger, type WebhookCall } from '../../support/webhookContext';

interface Delivery {
	status: number;
	/** The output item's json, when an execution started. */
	json?: Record<string, unknown>;
	binary?: Record<string, unknown>;
}

describe('PlivoRecordingTrigger: a Number Masking session’s recordings, sent by the fake Plivo', () => {
	let fake: FakePlivo;
	let server: http.Server;
	let webhookUrl: string;
	let parameters: Record<string, unknown>;
	const deliveries: Delivery[] = [];
	const nodeId = 'masking-trigger-node';

	beforeAll(async () => {
		fake = await startFakePlivo({ authId: AUTH_ID, authToken: AUTH_TOKEN, rateLimit: null });
		server = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				const url = req.url ?? '/';
				const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
				const call: WebhookCall = {
					method: req.method === 'GET' ? 'GET' : 'POST',
					originalUrl: url,
					headers: req.headers as Record<string, string>,
					body: req.method === 'GET' ? {} : form,
					query: Object.fromEntries(new URL(url, webhookUrl).searchParams),
					webhookUrl,
					nodeId,
					credentialId: 'masking-credential',
					credentials: { authId: AUTH_ID, authToken: AUTH_TOKEN, baseUrl: fake.baseUrl },
					parameters,
					media: (mediaUrl, withCredentials) => {
						expect([mediaUrl.startsWith(`${fake.baseUrl}/`), withCredentials]).toEqual([true, true]);
						return { statusCode: 200, headers: { 'content-type': 'audio/mpeg' }, body: Buffer.from('ID3 fake') };
					},
				};
				runTrigger(call).then(
					(run) => {
						const item = run.result.workflowData?.[0]?.[0];
						const status = run.response.status ?? 200;
						deliveries.push({ status, json: item?.json, binary: item?.binary });
						res.writeHead(status).end();
					},
					(error: Error) => {
						deliveries.push({ status: 500, json: { error: error.message } });
						res.writeHead(500).end();
					},
				);
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/${WEBHOOK_ID}/webhook`;
	});
	afterAll(async () => {
		await fake?.close();
		await new Promise<void>((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
		});
	});
	beforeEach(() => {
		fake.reset();
		deliveries.length = 0;
		parameters = { events: ['recordingStarted', 'recording', 'recordingFailed'], downloadRecording: false };
	});

	/** A session recording to the trigger, by the API as the action's Enable Recording would. */
	async function recordingSession(method: 'GET' | 'POST' = 'POST') {
		const session = fake.createMaskingSession({ firstParty: '917708772011', secondParty: '919976106830' });
		const response = await fetch(`${fake.baseUrl}/v1/Account/${AUTH_ID}/Masking/Session/${session.uuid}`, {
			method: 'POST',
			headers: {
				Authorization: 'Basic ' + Buffer.from(`${AUTH_ID}:${AUTH_TOKEN}`).toString('base64'),
				'Content-Type': 'application/json',
			},
			body: JSON.stringify({ record: true, recording_callback_url: webhookUrl, recording_callback_method: method }),
		});
		expect(response.status).toBe(200);
		return session;
	}

	it('starts the workflow for the started and the finished recording, typed with the core and the session’s names', async () => {
		const session = await recordingSession();
		const call = fake.startMaskingCall(session);
		await fake.endMaskingCall(call);

		expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
		const [started, finished] = deliveries.map((d) => d.json!);
		const sessionFields = {
			source: 'maskingSession',
			recording_id: call.recordingId,
			session_uuid: session.uuid,
			virtual_number: session.virtualNumber,
			from_number: '917708772011',
			to_number: '919976106830',
			SessionUUID: session.uuid,
			VirtualNumber: session.virtualNumber,
			RecordingUUID: call.recordingId,
		};
		expect(started).toMatchObject({
			event: 'recordingStarted',
			...sessionFields,
			EventName: 'SessionRecordingInitiated',
			sequence_number: 1,
			recording_duration: 0,
			recording_start: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/),
		});
		expect(finished).toMatchObject({
			event: 'recording',
			...sessionFields,
			EventName: 'SessionRecordingCompleted',
			sequence_number: 2,
			SequenceNumber: 2,
			record_url: `${fake.baseUrl}/v1/Account/${AUTH_ID}/Recording/${call.recordingId}.mp3`,
			RecordingResourceURL: `${fake.baseUrl}/v1/Account/${AUTH_ID}/Recording/${call.recordingId}/`,
			recording_duration: expect.any(Number),
			RecordingDuration: expect.any(Number),
			recording_start: expect.stringMatching(/Z$/),
			recording_end: expect.stringMatching(/Z$/),
		});
		expect(finished.recording_id).toBe(fake.recordings[0].recordingId);
	});

	it('a repeat of a callback Plivo sends again is answered 200 and starts nothing (event and sequence number)', async () => {
		const session = await recordingSession();
		const call = fake.startMaskingCall(session);
		await fake.endMaskingCall(call);
		await fake.repeatMaskingEvent(call, 'Completed');
		await fake.repeatMaskingEvent(call, 'Initiated');

		expect(deliveries.map((d) => [d.status, d.json?.event])).toEqual([
			[200, 'recordingStarted'],
			[200, 'recording'],
			[200, undefined],
			[200, undefined],
		]);
		const next = fake.startMaskingCall(session);
		await fake.endMaskingCall(next);
		expect(deliveries.slice(4).map((d) => d.json?.recording_id)).toEqual([next.recordingId, next.recordingId]);
	});

	it('a GET callback with the older party fields, and a failed recording, reach the trigger typed', async () => {
		const session = await recordingSession('GET');
		const old = fake.startMaskingCall(session, { partyFields: 'firstSecond' });
		await fake.endMaskingCall(old);
		fake.startMaskingCall(session, { recordingFails: true });
		await fake.idle();

		expect(deliveries.map((d) => [d.status, d.json?.event])).toEqual([
			[200, 'recordingStarted'],
			[200, 'recording'],
			[200, 'recordingFailed'],
		]);
		expect(deliveries[1].json).toMatchObject({ first_party: '917708772011', second_party: '919976106830' });
		expect(deliveries[2].json).toMatchObject({
			source: 'maskingSession',
			EventName: 'SessionRecordingFailed',
			record_url: '',
		});
	});

	it('only the chosen events start it, and Download Recording attaches the finished file', async () => {
		parameters = { events: ['recording'], downloadRecording: true };
		const session = await recordingSession();
		await fake.endMaskingCall(fake.startMaskingCall(session));

		expect(deliveries.map((d) => [d.status, d.json?.event])).toEqual([
			[200, undefined],
			[200, 'recording'],
		]);
		expect(deliveries[1].binary).toEqual({ data: expect.objectContaining({ mimeType: 'audio/mpeg' }) });
		expect(deliveries[1].json?.download_error).toBeUndefined();
	});

	it('refuses a masking callback signed with another token (401), and starts nothing', async () => {
		const session = await recordingSession();
		const params = { EventName: 'SessionRecordingCompleted', SessionUUID: session.uuid, RecordingUUID: 'forged' };
		const answer = await fake.sendCallback({ url: webhookUrl, params, authToken: 'another-token' });
		expect(answer.status).toBe(401);
		expect(deliveries).toEqual([{ status: 401, json: undefined, binary: undefined }]);
	});
});
