import { ACCT, arrivalsOf, call, useFakePlivo, validV3 } from './fakePlivoSupport';

describe('fake Plivo: calls', () => {
	// a call recording's time_limit runs 1000 times faster
	const rig = useFakePlivo({ timeScale: 0.01 });

	const recordPath = (uuid: string) => `${ACCT}Call/${uuid}/Record/`;

	it('lists the live calls’ uuids, with the SDKs’ filters', async () => {
		const a = rig.fake.startCall({ callUuid: 'call-a', from: '111', to: '222' });
		const b = rig.fake.startCall({ direction: 'inbound' });
		const c = rig.fake.startCall();
		await rig.fake.endCall(c);
		expect(a.status).toBe('live');
		const r = await call(rig.fake.baseUrl, 'GET', `${ACCT}Call/?status=live`);
		expect(r.status).toBe(200);
		expect(r.json).toEqual({ api_id: expect.any(String), calls: ['call-a', b.callUuid] });
		expect((await call(rig.fake.baseUrl, 'GET', `${ACCT}Call/?status=live&from_number=111`)).json.calls).toEqual([
			'call-a',
		]);
		expect((await call(rig.fake.baseUrl, 'GET', `${ACCT}Call/?status=live&call_direction=inbound`)).json.calls).toEqual(
			[b.callUuid],
		);
		expect((await call(rig.fake.baseUrl, 'GET', `${ACCT}Call/?status=queued`)).json.calls).toEqual([]);
		for (const bad of ['', '?status=live&limit=5', '?status=done', '?status=live&call_direction=up']) {
			const res = await call(rig.fake.baseUrl, 'GET', `${ACCT}Call/${bad}`);
			expect([bad, res.status, res.json]).toEqual([
				bad,
				400,
				{ api_id: expect.any(String), error: expect.any(String) },
			]);
		}
		expect((await call(rig.fake.baseUrl, 'GET', `${ACCT}Call`)).status).toBe(404);
	});

	it('records a call: 202, stop 204, callbacks as the conference ones with call_uuid, transcription, Recording list', async () => {
		const live = rig.fake.startCall({ from: '15550001', to: '15550002' });
		const start = await call(rig.fake.baseUrl, 'POST', recordPath(live.callUuid), {
			time_limit: 3600,
			file_format: 'wav',
			record_channel_type: 'stereo',
			callback_url: `${rig.receiver.url}/rec#rc=2`,
			callback_method: 'GET',
			transcription_type: 'auto',
			transcription_url: `${rig.receiver.url}/tr`,
			transcription_method: 'POST',
		});
		expect(start.status).toBe(202);
		const rid = start.json.recording_id;
		expect(start.json).toEqual({
			api_id: expect.any(String),
			message: 'call recording started',
			recording_id: expect.any(String),
			url: `${rig.fake.baseUrl}${ACCT}Recording/${rid}.wav`,
		});
		expect(rig.fake.recordings[0]).toMatchObject({
			recordingType: 'call',
			timeLimit: 3600,
			recordChannelType: 'stereo',
		});
		const stop = await call(rig.fake.baseUrl, 'DELETE', recordPath(live.callUuid));
		expect([stop.status, stop.text]).toEqual([204, '']);
		expect(rig.receiver.arrivals).toHaveLength(0); // as for conferences: sent by finishRecording (or autoFinishMs)
		await rig.fake.finishRecording(rid);

		const [rec, tr] = await arrivalsOf(rig.receiver, 2);
		expect(rec.method).toBe('GET');
		expect(rec.params).toEqual({
			api_id: expect.any(String),
			record_url: start.json.url,
			recording_id: rid,
			call_uuid: live.callUuid,
			recording_duration: expect.stringMatching(/^\d+$/),
			recording_duration_ms: expect.stringMatching(/^\d+$/),
			recording_start_ms: expect.stringMatching(/^\d{13}$/),
			recording_end_ms: expect.stringMatching(/^\d{13}$/),
		});
		expect(validV3(rec, rig.receiver.url, `${rig.receiver.url}/rec`)).toBe(true);
		expect(tr.method).toBe('POST');
		expect(tr.params).toMatchObject({ recording_id: rid, call_uuid: live.callUuid, error: '' });
		expect(validV3(tr, rig.receiver.url, `${rig.receiver.url}/tr`)).toBe(true);

		const listed = await call(rig.fake.baseUrl, 'GET', `${ACCT}Recording/?call_uuid=${live.callUuid}`);
		expect(listed.json.objects).toEqual([
			expect.objectContaining({
				recording_id: rid,
				recording_type: 'call',
				conference_name: '',
				from_number: '15550001',
				to_number: '15550002',
			}),
		]);
	});

	it('stops by itself after time_limit (default 60 s) and sends its callback; DELETE with URL stops only that one', async () => {
		const live = rig.fake.startCall();
		const short = await call(rig.fake.baseUrl, 'POST', recordPath(live.callUuid), {
			time_limit: '2',
			callback_url: `${rig.receiver.url}/short`,
		});
		const long = await call(rig.fake.baseUrl, 'POST', recordPath(live.callUuid), {
			callback_url: `${rig.receiver.url}/long`,
		});
		const third = await call(rig.fake.baseUrl, 'POST', recordPath(live.callUuid), {});
		const [arrival] = await arrivalsOf(rig.receiver, 1);
		expect(arrival.params).toMatchObject({
			recording_id: short.json.recording_id,
			recording_duration: '2',
			recording_duration_ms: '2000',
		});
		expect(validV3(arrival, rig.receiver.url, `${rig.receiver.url}/short`)).toBe(true);

		const one = await call(rig.fake.baseUrl, 'DELETE', recordPath(live.callUuid), { URL: third.json.url });
		expect(one.status).toBe(204);
		const byId = (id: string) => rig.fake.recordings.find((r) => r.recordingId === id)!;
		expect(byId(third.json.recording_id).stoppedAt).toEqual(expect.any(Number));
		expect(byId(long.json.recording_id).stoppedAt).toBeUndefined();
		const again = await call(rig.fake.baseUrl, 'DELETE', recordPath(live.callUuid), { URL: third.json.url });
		expect([again.status, again.json.error]).toEqual([404, 'no recording in progress with that URL']);

		await arrivalsOf(rig.receiver, 2); // the default 60 s × 0.01: long enough that the steps above run while it records
		expect(rig.receiver.arrivals.map((a) => a.url)).toEqual(['/short', '/long']);
		expect(rig.receiver.arrivals[1].params.recording_duration).toBe('60');
	});

	it('endCall stops its recordings and sends their callbacks; an unknown or ended call is 404', async () => {
		const live = rig.fake.startCall();
		const start = await call(rig.fake.baseUrl, 'POST', recordPath(live.callUuid), {
			callback_url: `${rig.receiver.url}/end`,
		});
		await rig.fake.endCall(live);
		expect(live.status).toBe('ended');
		expect(rig.receiver.arrivals.map((a) => a.params.recording_id)).toEqual([start.json.recording_id]);
		for (const [method, path] of [
			['POST', recordPath(live.callUuid)],
			['DELETE', recordPath(live.callUuid)],
			['POST', recordPath('nope')],
		]) {
			const r = await call(rig.fake.baseUrl, method, path, {});
			expect([method, path, r.status, r.json]).toEqual([
				method,
				path,
				404,
				{ api_id: expect.any(String), error: 'call not found' },
			]);
		}
		expect((await call(rig.fake.baseUrl, 'GET', `${ACCT}Call/?status=live`)).json.calls).toEqual([]);
	});

	it('rejects bad parameters with a Plivo-shaped 400', async () => {
		const live = rig.fake.startCall();
		for (const body of [
			{ time_limit: 0 },
			{ time_limit: 14401 },
			{ time_limit: 1.5 },
			{ time_limit: 'soon' },
			{ file_format: 'ogg' },
			{ record_channel_type: 'quad' },
			{ callback_method: 'PUT' },
			{ transcription_type: 'manual' },
			{ callback_url: 'nope' },
			{ conference_name: 'x' },
		]) {
			const r = await call(rig.fake.baseUrl, 'POST', recordPath(live.callUuid), body);
			expect([body, r.status, r.json]).toEqual([body, 400, { api_id: expect.any(String), error: expect.any(String) }]);
		}
		expect((await call(rig.fake.baseUrl, 'POST', recordPath(live.callUuid), { time_limit: 14400 })).status).toBe(202);
		expect((await call(rig.fake.baseUrl, 'GET', recordPath(live.callUuid))).status).toBe(405);
		expect((await call(rig.fake.baseUrl, 'POST', recordPath(live.callUuid).slice(0, -1), {})).status).toBe(404);
		expect(rig.fake.requests.map((r) => r.status)).toEqual([...Array(10).fill(400), 202, 405, 404]);
	});

	it('<Record> XML: the finished file goes to action (with the call’s fields) and to callbackUrl, both signed', async () => {
		const live = rig.fake.startCall({ from: '15551234', to: '15555678' });
		const rec = rig.fake.recordCallByXml({
			callUuid: live.callUuid,
			action: `${rig.receiver.url}/action`,
			callbackUrl: `${rig.receiver.url}/ready`,
			callbackMethod: 'GET',
			fileFormat: 'wav',
		});
		const out = await rig.fake.finishRecording(rec.recordingId);
		expect([out.action?.status, out.recording?.status, out.transcription]).toEqual([200, 200, null]);
		const [action, ready] = rig.receiver.arrivals;
		const fields = {
			RecordUrl: `${rig.fake.baseUrl}${ACCT}Recording/${rec.recordingId}.wav`,
			RecordingID: rec.recordingId,
			RecordingDuration: expect.stringMatching(/^\d+$/),
			RecordingDurationMs: expect.stringMatching(/^\d+$/),
			RecordingStartMs: String(rec.startedAt),
			RecordingEndMs: String(rec.stoppedAt),
		};
		expect(action.method).toBe('POST');
		expect(action.params).toEqual({
			CallUUID: live.callUuid,
			From: '15551234',
			To: '15555678',
			Direction: 'outbound',
			CallStatus: 'in-progress',
			ALegUUID: live.callUuid,
			ALegRequestUUID: live.callUuid,
			RequestUUID: live.callUuid,
			...fields,
		});
		expect(ready.method).toBe('GET');
		expect(ready.params).toEqual({ CallUUID: live.callUuid, ...fields });
		expect(validV3(action, rig.receiver.url, `${rig.receiver.url}/action`)).toBe(true);
		expect(validV3(ready, rig.receiver.url, `${rig.receiver.url}/ready`)).toBe(true);
		expect(() => rig.fake.recordCallByXml({ callUuid: 'nope', action: 'http://x/', callbackUrl: 'http://x/' })).toThrow(
			/no live call/,
		);
	});
});
