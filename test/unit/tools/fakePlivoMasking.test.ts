import { ACCT, arrivalsOf, call, sleep, useFakePlivo, validV3 } from './fakePlivoSupport';

const SESSION_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6} \+0000 UTC$/;
const EVENT_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+0000 UTC$/;
const LIST = `${ACCT}Masking/Session/`;
const ERROR = { api_id: expect.any(String), error: expect.any(String) };

describe('fake Plivo: Number Masking sessions', () => {
	const rig = useFakePlivo();
	const base = () => rig.fake.baseUrl;

	it('creates a session (201, Plivo’s answer) and refuses what Plivo refuses', async () => {
		const made = await call(base(), 'POST', LIST, {
			first_party: '+14155550111',
			second_party: '14155550122',
			record: true,
			recording_callback_url: 'https://example.com/rec',
		});
		expect(made.status).toBe(201);
		const session = rig.fake.maskingSessions[0];
		expect(made.json).toEqual({
			api_id: expect.any(String),
			session_uuid: session.uuid,
			virtual_number: `+${session.virtualNumber}`,
			message: 'Session created',
			session: expect.objectContaining({
				first_party: '14155550111',
				second_party: '14155550122',
				status: 'active',
				record: true,
				record_file_format: 'mp3',
				recording_callback_url: 'https://example.com/rec',
				recording_callback_method: 'POST',
				created_time: expect.stringMatching(SESSION_TIME),
				duration: 3600,
				interaction: null,
			}),
		});
		expect(made.json.session.resource_uri).toBeUndefined();

		for (const [body, error] of [
			[{ second_party: '14155550122' }, 'Mandatory parameter missing. first_party must be present.'],
			[{ first_party: '14155550111' }, 'Mandatory parameter missing. second_party must be present.'],
			[
				{ first_party: 'abc', second_party: '14155550122' },
				'Invalid parameter. first_party is not a valid phone number.',
			],
			[
				{ first_party: '14155550111', second_party: '14155550122', record: 'yes' },
				'Invalid parameter. record allowed values are true or false.',
			],
			[
				{ first_party: '14155550111', second_party: '1415', recordFileFormat: 'mp3' },
				'unknown parameter: recordFileFormat',
			],
		] as const) {
			const r = await call(base(), 'POST', LIST, body);
			expect([body, r.status, r.json]).toEqual([body, 400, { api_id: expect.any(String), error }]);
		}
		const single = await call(base(), 'POST', LIST, {
			first_party: '14155550111',
			create_session_with_single_party: true,
		});
		expect(single.status).toBe(201);
		expect(single.json.session.second_party).toBe('');
	});

	it('gets a session with or without the trailing slash (plivo-python / plivo-go and plivo-node); 404 for none', async () => {
		const s = rig.fake.createMaskingSession({ firstParty: '14155550111' });
		for (const path of [`${LIST}${s.uuid}/`, `${LIST}${s.uuid}`, `${LIST}${s.uuid}?`]) {
			const r = await call(base(), 'GET', path);
			expect([path, r.status]).toEqual([path, 200]);
			expect(r.json).toEqual({
				api_id: expect.any(String),
				response: expect.objectContaining({ session_uuid: s.uuid, first_party: '14155550111', status: 'active' }),
			});
		}
		expect(await call(base(), 'GET', `${LIST}no-such-session/`)).toMatchObject({
			status: 404,
			json: { api_id: expect.any(String), error: 'Session not found' },
		});
		expect((await call(base(), 'GET', `${LIST}${s.uuid}/Recording/`)).status).toBe(404);
		expect((await call(base(), 'GET', `${ACCT}Masking/Session`)).status).toBe(404);
		expect((await call(base(), 'PUT', `${LIST}${s.uuid}/`, {})).status).toBe(405);
		expect((await call(base(), 'DELETE', LIST)).status).toBe(405);
	});

	it('lists sessions newest first under `response`, with the SDKs’ filters, paging and the 7-day window', async () => {
		const made = Array.from({ length: 22 }, (_, i) =>
			rig.fake.createMaskingSession({
				firstParty: `1415555${String(1000 + i)}`,
				virtualNumber: `1202555${1000 + (i % 2)}`,
			}),
		);
		made.forEach((s, i) => (s.createdAt -= (22 - i) * 1000));
		rig.fake.expireMaskingSession(made[0]);
		const old = rig.fake.createMaskingSession();
		old.createdAt -= 8 * 24 * 3600 * 1000;

		const first = await call(base(), 'GET', LIST);
		expect(first.status).toBe(200);
		expect(first.json.response.meta).toEqual({
			limit: 20,
			next: `${LIST}?limit=20&offset=20`,
			offset: 0,
			previous: null,
			total_count: 22,
		});
		expect(first.json.response.objects[0]).toMatchObject({
			session_uuid: made[21].uuid,
			resource_uri: `${LIST}${made[21].uuid}/`,
		});
		const active = await call(base(), 'GET', `${LIST}?status=active&limit=20&offset=20`);
		expect(active.json.response.objects.map((o: any) => o.session_uuid)).toEqual([made[1].uuid]);
		const expired = await call(base(), 'GET', `${LIST}?status=expired`);
		expect(expired.json.response.objects).toEqual([
			expect.objectContaining({ session_uuid: made[0].uuid, status: 'expired' }),
		]);
		expect((await call(base(), 'GET', `${LIST}?status=all`)).json.response.meta.total_count).toBe(22);
		const byNumber = await call(base(), 'GET', `${LIST}?virtual_number=%2B12025551001&status=active`);
		expect(byNumber.json.response.meta.total_count).toBe(11);
		const byParty = await call(base(), 'GET', `${LIST}?first_party=14155551005`);
		expect(byParty.json.response.objects.map((o: any) => o.session_uuid)).toEqual([made[5].uuid]);
		const since = new Date(old.createdAt - 1000).toISOString().slice(0, 19).replace('T', ' ');
		const withOld = await call(base(), 'GET', `${LIST}?created_time__gte=${encodeURIComponent(since)}`);
		expect(withOld.json.response.meta.total_count).toBe(23);
		expect((await call(base(), 'GET', `${LIST}?duration__gte=3600`)).json.response.meta.total_count).toBe(21);

		for (const bad of [
			'status=live',
			'limit=21',
			'offset=x',
			'session_uuid=x',
			'created_time__gt=yesterday',
			'duration=1h',
		]) {
			const r = await call(base(), 'GET', `${LIST}?${bad}`);
			expect([bad, r.status, r.json]).toEqual([bad, 400, ERROR]);
		}
		const wide = await call(
			base(),
			'GET',
			`${LIST}?created_time__gte=${encodeURIComponent('2024-01-01 00:00')}&created_time__lte=${encodeURIComponent('2024-03-01 00:00')}`,
		);
		expect(wide.status).toBe(400);
	});

	it('updates the recording settings (200, the session), as the three SDKs send them', async () => {
		const s = rig.fake.createMaskingSession();
		const cb = 'https://n8n.example.com/webhook/abc/webhook';
		const r = await call(base(), 'POST', `${LIST}${s.uuid}`, {
			session_uuid: s.uuid,
			record: true,
			record_file_format: 'wav',
			recording_callback_url: cb,
			recording_callback_method: 'get',
		});
		expect(r.status).toBe(200);
		expect(r.json).toEqual({
			api_id: expect.any(String),
			message: 'Session updated',
			session: expect.objectContaining({
				session_uuid: s.uuid,
				record: true,
				record_file_format: 'wav',
				recording_callback_url: cb,
				recording_callback_method: 'GET',
			}),
		});
		const off = await call(base(), 'POST', `${LIST}${s.uuid}/`, { record: 'false' });
		expect(off.json.session).toMatchObject({ record: false, record_file_format: 'wav' });
		expect((await call(base(), 'POST', `${LIST}${s.uuid}/`)).status).toBe(200);
		const later = await call(base(), 'POST', `${LIST}${s.uuid}/`, { session_expiry: 600 });
		expect(later.json.session.duration).toBeGreaterThanOrEqual(600);
		expect(later.json.session.duration).toBeLessThan(700);

		for (const [body, status] of [
			[{ record: 1 }, 400],
			[{ record_file_format: 'ogg' }, 400],
			[{ recording_callback_url: 'not a url' }, 400],
			[{ recording_callback_url: `https://x.example/${'a'.repeat(1000)}` }, 400],
			[{ recording_callback_method: 'PUT' }, 400],
			[{ session_uuid: 'another' }, 400],
			[{ first_party: '19999999999' }, 400],
			[{ initiate_call_to_first_party: true }, 400],
			[{ first_party: `+${s.firstParty}` }, 200],
		] as const) {
			const u = await call(base(), 'POST', `${LIST}${s.uuid}/`, body);
			expect([body, u.status]).toEqual([body, status]);
		}
		expect((await call(base(), 'POST', `${LIST}nope/`, { record: true })).status).toBe(404);
	});

	it('expires a session: 200 "Session expired", then 400 to expire or update it again', async () => {
		const s = rig.fake.createMaskingSession();
		const gone = await call(base(), 'DELETE', `${LIST}${s.uuid}/`, { session_uuid: s.uuid });
		expect(gone).toMatchObject({ status: 200, json: { api_id: expect.any(String), message: 'Session expired' } });
		expect((await call(base(), 'GET', `${LIST}${s.uuid}`)).json.response.status).toBe('expired');
		for (const [method, body] of [
			['DELETE', undefined],
			['POST', { record: true }],
		] as const) {
			const r = await call(base(), method, `${LIST}${s.uuid}`, body);
			expect([method, r.status, r.json.error]).toEqual([method, 400, 'Session already expired.']);
		}
		const lapsed = rig.fake.createMaskingSession({ sessionExpiry: 0 });
		expect((await call(base(), 'GET', `${LIST}${lapsed.uuid}`)).json.response.status).toBe('expired');
		expect(() => rig.fake.startMaskingCall(lapsed)).toThrow(/expired/);
		expect((await call(base(), 'DELETE', `${LIST}${s.uuid}/`, { record: true })).status).toBe(400);
	});

	it('records a call of a recording session: signed Initiated then Completed, the file in the Recording list', async () => {
		const s = rig.fake.createMaskingSession({ firstParty: '14155550111', secondParty: '14155550122' });
		const cb = `${rig.receiver.url}/masking?flow=1`;
		await call(base(), 'POST', `${LIST}${s.uuid}/`, { record: true, recording_callback_url: cb });

		const c = rig.fake.startMaskingCall(s, { caller: 'second' });
		await arrivalsOf(rig.receiver, 1);
		await sleep(20);
		await rig.fake.endMaskingCall(c);
		const arrivals = await arrivalsOf(rig.receiver, 2);
		expect(arrivals).toHaveLength(2);
		for (const a of arrivals) {
			expect(a.method).toBe('POST');
			expect(a.url).toBe('/masking?flow=1');
			expect(validV3(a, rig.receiver.url, cb)).toBe(true);
		}
		const [initiated, completed] = arrivals.map((a) => a.params);
		const common = {
			SessionUUID: s.uuid,
			From: '14155550122',
			To: '14155550111',
			VirtualNumber: s.virtualNumber,
			RecordingUUID: c.recordingId,
			RecordingFormat: 'mp3',
			RecordingURL: `${base()}${ACCT}Recording/${c.recordingId}.mp3`,
			RecordingResourceURL: `${base()}${ACCT}Recording/${c.recordingId}/`,
			RecordingStartTime: expect.stringMatching(EVENT_TIME),
			EventTimestamp: expect.stringMatching(EVENT_TIME),
		};
		expect(initiated).toEqual({
			...common,
			EventName: 'SessionRecordingInitiated',
			RecordingDuration: '0',
			RecordingEndTime: '',
			SequenceNumber: '1',
		});
		expect(completed).toEqual({
			...common,
			EventName: 'SessionRecordingCompleted',
			RecordingDuration: expect.stringMatching(/^\d+$/),
			RecordingEndTime: expect.stringMatching(EVENT_TIME),
			SequenceNumber: '2',
		});

		const listed = await call(base(), 'GET', `${ACCT}Recording/?to_number=${s.virtualNumber}`);
		expect(listed.json.objects).toEqual([
			expect.objectContaining({
				recording_id: c.recordingId,
				recording_type: 'call',
				call_uuid: c.callUuid,
				from_number: '14155550122',
				to_number: s.virtualNumber,
				conference_name: '',
				recording_format: 'mp3',
			}),
		]);
		expect((await call(base(), 'GET', `${ACCT}Recording/${c.recordingId}.mp3`)).status).toBe(200);
		const got = await call(base(), 'GET', `${LIST}${s.uuid}/`);
		expect(got.json.response).toMatchObject({
			total_call_count: 1,
			last_interaction_time: expect.stringMatching(SESSION_TIME),
			interaction: [expect.objectContaining({ recording_resource_url: common.RecordingResourceURL, type: 'call' })],
		});
		await expect(rig.fake.endMaskingCall(c)).rejects.toThrow(/ended/);
	});

	it('reads the recording settings when a call is answered: an update applies to the next call', async () => {
		const cb = `${rig.receiver.url}/m`;
		const s = rig.fake.createMaskingSession({ recordingCallbackUrl: cb });
		const unrecorded = rig.fake.startMaskingCall(s);
		await call(base(), 'POST', `${LIST}${s.uuid}/`, { record: true, record_file_format: 'wav' });
		await rig.fake.endMaskingCall(unrecorded);
		await sleep(30);
		expect(rig.receiver.arrivals).toEqual([]);
		expect(rig.fake.recordings).toEqual([]);

		const recorded = rig.fake.startMaskingCall(s);
		await rig.fake.endMaskingCall(recorded);
		expect((await arrivalsOf(rig.receiver, 2)).map((a) => a.params.RecordingFormat)).toEqual(['wav', 'wav']);
		expect(rig.fake.recordings.map((r) => r.recordingId)).toEqual([recorded.recordingId]);
	});

	it('a recording that cannot start: SessionRecordingFailed (no file), by GET when the session says so', async () => {
		const cb = `${rig.receiver.url}/failed`;
		const s = rig.fake.createMaskingSession({ record: true, recordingCallbackUrl: cb, recordingCallbackMethod: 'GET' });
		const c = rig.fake.startMaskingCall(s, { recordingFails: true });
		await rig.fake.idle();
		const [failed] = await arrivalsOf(rig.receiver, 1);
		expect(failed.method).toBe('GET');
		expect(validV3(failed, rig.receiver.url, cb)).toBe(true);
		expect(failed.params).toMatchObject({
			EventName: 'SessionRecordingFailed',
			RecordingUUID: c.recordingId,
			RecordingURL: '',
			RecordingResourceURL: '',
			SequenceNumber: '1',
		});
		await rig.fake.endMaskingCall(c);
		expect(rig.receiver.arrivals).toHaveLength(1);
		expect(rig.fake.recordings).toEqual([]);
	});

	it('sends the older page’s FirstParty / SecondParty when asked, and repeats an event as Plivo retries it', async () => {
		const cb = `${rig.receiver.url}/old`;
		const s = rig.fake.createMaskingSession({ record: true, recordingCallbackUrl: cb });
		const c = rig.fake.startMaskingCall(s, { partyFields: 'firstSecond' });
		await rig.fake.endMaskingCall(c);
		await rig.fake.repeatMaskingEvent(c, 'Completed');
		const arrivals = await arrivalsOf(rig.receiver, 3);
		expect(arrivals.map((a) => [a.params.EventName, a.params.SequenceNumber])).toEqual([
			['SessionRecordingInitiated', '1'],
			['SessionRecordingCompleted', '2'],
			['SessionRecordingCompleted', '2'],
		]);
		expect(arrivals[0].params).toMatchObject({ FirstParty: s.firstParty, SecondParty: s.secondParty });
		expect(arrivals[0].params.From).toBeUndefined();
		expect(arrivals[2].params.RecordingUUID).toBe(arrivals[1].params.RecordingUUID);
		expect(arrivals[2].headers['x-plivo-signature-v3-nonce']).not.toBe(
			arrivals[1].headers['x-plivo-signature-v3-nonce'],
		);
	});
});
