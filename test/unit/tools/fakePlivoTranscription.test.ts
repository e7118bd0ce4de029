import { startFakePlivo } from '../../../tools/fakePlivo';
import { ACCT, AUTH_ID, AUTH_TOKEN, arrivalsOf, call, useFakePlivo, validV3 } from './fakePlivoSupport';

describe('fake Plivo: transcriptions ordered after the fact', () => {
	const rig = useFakePlivo();

	const path = (id: string, slash = '') => `${ACCT}Transcription/${id}${slash}`;

	it('orders (201), is in progress (404), gets ready with a signed callback, then serves each type (200)', async () => {
		const rec = rig.fake.addRecording({ startedAt: 1_764_080_000_000, stoppedAt: 1_764_080_022_780 });
		const cb = `${rig.receiver.url}/transcribed?k=v`;
		const order = await call(rig.fake.baseUrl, 'POST', path(rec.recordingId), {
			transcription_callback_url: `${cb}#rc=1`,
		});
		expect(order.status).toBe(201);
		expect(order.json).toEqual({ api_id: expect.any(String), message: 'transcription in progress' });
		const early = await call(rig.fake.baseUrl, 'GET', path(rec.recordingId));
		expect([early.status, early.json.error]).toEqual([404, 'transcription in progress']);

		const out = await rig.fake.finishTranscription(rec.recordingId);
		expect(out.transcription?.status).toBe(200);
		const [arrival] = await arrivalsOf(rig.receiver, 1);
		expect(arrival.method).toBe('POST');
		expect(arrival.url).toBe('/transcribed?k=v');
		expect(arrival.params).toEqual({
			transcription_charge: expect.any(String),
			transcription: expect.any(String),
			duration: '23',
			call_uuid: rec.callUuid,
			transcription_rate: expect.any(String),
			recording_id: rec.recordingId,
			error: '',
		});
		expect(validV3(arrival, rig.receiver.url, cb)).toBe(true);

		const got = await call(rig.fake.baseUrl, 'GET', path(rec.recordingId));
		expect(got.status).toBe(200);
		expect(got.json).toEqual({
			api_id: expect.any(String),
			cost: 0.05,
			rate: 0.05,
			recording_duration_ms: 22780,
			recording_start_ms: 1_764_080_000_000,
			status: 'success',
			transcription: arrival.params.transcription,
		});
		const diarized = await call(rig.fake.baseUrl, 'GET', path(rec.recordingId, '/') + '?type=diarized');
		expect(diarized.json.transcription).toMatch(/^\nSpeaker 0: /);
		const raw = await call(rig.fake.baseUrl, 'GET', path(rec.recordingId) + '?type=raw');
		expect(raw.json.transcription).not.toBe(got.json.transcription);
		expect((await call(rig.fake.baseUrl, 'GET', path(rec.recordingId) + '?type=summary')).status).toBe(400);
	});

	it('deletes (202, then 404); accepts the path with or without the trailing slash (the SDKs differ)', async () => {
		const rec = rig.fake.addRecording({});
		expect((await call(rig.fake.baseUrl, 'POST', path(rec.recordingId, '/'), {})).status).toBe(201);
		const dup = await call(rig.fake.baseUrl, 'POST', path(rec.recordingId), {});
		expect([dup.status, dup.json.error]).toEqual([400, 'a transcription of this recording already exists']);
		await rig.fake.finishTranscription(rec.recordingId);
		expect(rig.receiver.arrivals).toHaveLength(0); // no callback URL, no callback
		const del = await call(rig.fake.baseUrl, 'DELETE', path(rec.recordingId));
		expect([del.status, del.json]).toEqual([202, { api_id: expect.any(String), message: 'request accepted' }]);
		for (const [method, p] of [
			['GET', path(rec.recordingId)],
			['DELETE', path(rec.recordingId, '/')],
		]) {
			const r = await call(rig.fake.baseUrl, method, p);
			expect([method, r.status, r.json]).toEqual([
				method,
				404,
				{ api_id: expect.any(String), error: 'transcription not found' },
			]);
		}
	});

	it('answers 404 for an unknown recording, 400 for unknown parameters, and knows transcriptions made with the recording', async () => {
		const unknown = await call(rig.fake.baseUrl, 'POST', path('nope'), {});
		expect([unknown.status, unknown.json]).toEqual([404, { api_id: expect.any(String), error: 'recording not found' }]);
		const rec = rig.fake.addRecording({});
		for (const body of [{ callback_url: `${rig.receiver.url}/x` }, { transcription_callback_url: 'nope' }]) {
			const r = await call(rig.fake.baseUrl, 'POST', path(rec.recordingId), body);
			expect([body, r.status]).toEqual([body, 400]);
		}
		expect((await call(rig.fake.baseUrl, 'PUT', path(rec.recordingId), {})).status).toBe(405);
		expect((await call(rig.fake.baseUrl, 'GET', `${ACCT}Transcription/`)).status).toBe(404);

		// a call recorded with transcription_url: its transcription is there once the recording finished
		const live = rig.fake.startCall();
		const start = await call(rig.fake.baseUrl, 'POST', `${ACCT}Call/${live.callUuid}/Record/`, {
			transcription_type: 'auto',
			transcription_url: `${rig.receiver.url}/tr`,
		});
		await rig.fake.endCall(live);
		const got = await call(rig.fake.baseUrl, 'GET', path(start.json.recording_id));
		expect([got.status, got.json.status]).toEqual([200, 'success']);
	});

	it('autoTranscribeMs makes an ordered transcription ready by itself', async () => {
		const auto = await startFakePlivo({ authId: AUTH_ID, authToken: AUTH_TOKEN, autoTranscribeMs: 10 });
		try {
			const rec = auto.addRecording({});
			await call(auto.baseUrl, 'POST', path(rec.recordingId), {
				transcription_callback_url: `${rig.receiver.url}/auto`,
			});
			const [arrival] = await arrivalsOf(rig.receiver, 1);
			expect(arrival.params.recording_id).toBe(rec.recordingId);
			await auto.idle();
			expect(auto.transcriptions.get(rec.recordingId)?.state).toBe('ready');
		} finally {
			await auto.close();
		}
	});
});
