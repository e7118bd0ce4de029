import { ACCT, arrivalsOf, call, useFakePlivo, validV3 } from './fakePlivoSupport';

const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\+00:00$/;

describe('fake Plivo: Multi-Party Calls', () => {
	const rig = useFakePlivo();

	const mpcPath = (id: string, tail = '') => `${ACCT}MultiPartyCall/${encodeURIComponent(id)}/${tail}`;

	it('lists MPCs newest first with Plivo’s meta (count, not total_count), filters and paging', async () => {
		const made = Array.from({ length: 23 }, (_, i) => rig.fake.startMpc({ name: `Room ${i}` }));
		made.forEach((mpc, i) => (mpc.createdAt -= (23 - i) * 1000));
		await rig.fake.endMpc(made[0]);
		rig.fake.startMpc({ name: 'Waiting', status: 'initialized' });

		const first = await call(rig.fake.baseUrl, 'GET', `${ACCT}MultiPartyCall/`);
		expect(first.status).toBe(200);
		expect(first.json.meta).toEqual({
			count: 24,
			limit: 20,
			next: `${ACCT}MultiPartyCall/?limit=20&offset=20`,
			offset: 0,
			previous: null,
		});
		expect(first.json.objects).toHaveLength(20);
		expect(first.json.objects[0].friendly_name).toBe('Waiting');
		const live = first.json.objects[1];
		expect(live).toEqual({
			billed_amount: null,
			billed_duration: null,
			creation_time: expect.stringMatching(TIME),
			duration: null,
			end_time: null,
			friendly_name: 'Room 22',
			mpc_uuid: made[22].uuid,
			participants: `${ACCT}MultiPartyCall/uuid_${made[22].uuid}/Participant/`,
			recording: 'not-recording',
			resource_uri: `${ACCT}MultiPartyCall/uuid_${made[22].uuid}/`,
			start_time: expect.stringMatching(TIME),
			status: 'Active',
			stay_alone: false,
			sub_account: null,
			termination_cause: null,
			termination_cause_code: null,
		});

		const page2 = await call(rig.fake.baseUrl, 'GET', `${ACCT}MultiPartyCall/?limit=20&offset=20`);
		expect(page2.json.meta).toMatchObject({ next: null, previous: `${ACCT}MultiPartyCall/?limit=20&offset=0` });
		expect(page2.json.objects.map((o: any) => o.friendly_name)).toEqual(['Room 3', 'Room 2', 'Room 1', 'Room 0']);

		const ended = await call(rig.fake.baseUrl, 'GET', `${ACCT}MultiPartyCall/?status=ended`);
		expect(ended.json.objects).toEqual([
			expect.objectContaining({
				friendly_name: 'Room 0',
				status: 'Ended',
				end_time: expect.stringMatching(TIME),
				duration: expect.any(Number),
				billed_amount: expect.stringMatching(/^\d+\.\d{5}$/),
				termination_cause_code: 3000,
			}),
		]);
		const byName = await call(
			rig.fake.baseUrl,
			'GET',
			`${ACCT}MultiPartyCall/?friendly_name=${encodeURIComponent('Room 5')}&status=Active`,
		);
		expect(byName.json.objects.map((o: any) => o.mpc_uuid)).toEqual([made[5].uuid]);
		expect((await call(rig.fake.baseUrl, 'GET', `${ACCT}MultiPartyCall/?status=initialized`)).json.meta.count).toBe(1);

		for (const bad of ['limit=21', 'limit=0', 'offset=-1', 'status=live', 'name=x', 'creation_time__gt=yesterday']) {
			const r = await call(rig.fake.baseUrl, 'GET', `${ACCT}MultiPartyCall/?${bad}`);
			expect([bad, r.status, r.json]).toEqual([bad, 400, { api_id: expect.any(String), error: expect.any(String) }]);
		}
		expect((await call(rig.fake.baseUrl, 'POST', `${ACCT}MultiPartyCall/`, {})).status).toBe(405);
		expect(rig.fake.requests.every((r) => r.path.startsWith(`${ACCT}MultiPartyCall/`))).toBe(true);
	});

	it('records an MPC: start 200, pause, resume, stop 204, one signed callback per event in order', async () => {
		const mpc = rig.fake.startMpc({ name: 'Sales / Q3 #1' });
		const cb = `${rig.receiver.url}/mpc?x=1`;
		const start = await call(rig.fake.baseUrl, 'POST', mpcPath(`name_${mpc.name}`, 'Record/'), {
			file_format: 'wav',
			recording_callback_url: `${cb}#ct=2000`,
			recording_callback_method: 'POST',
		});
		expect(start.status).toBe(200);
		const rid = start.json.recording_id;
		expect(start.json).toEqual({
			api_id: expect.any(String),
			message: `MPC: ${mpc.name} record started`,
			recording_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
			recording_url: `${rig.fake.baseUrl}${ACCT}Recording/${rid}.wav`,
		});
		const listed = await call(
			rig.fake.baseUrl,
			'GET',
			`${ACCT}MultiPartyCall/?friendly_name=${encodeURIComponent(mpc.name)}`,
		);
		expect(listed.json.objects[0].recording).toBe('recording');

		for (const tail of ['Record/Pause/', 'Record/Resume/']) {
			const r = await call(rig.fake.baseUrl, 'POST', mpcPath(`uuid_${mpc.uuid}`, tail));
			expect([tail, r.status, r.text]).toEqual([tail, 204, '']);
		}
		const stop = await call(rig.fake.baseUrl, 'DELETE', mpcPath(`name_${mpc.name}`, 'Record/'));
		expect([stop.status, stop.text]).toEqual([204, '']);
		await rig.fake.idle();

		const arrivals = await arrivalsOf(rig.receiver, 4);
		expect(arrivals.map((a) => [a.method, a.url, a.params.EventName, a.params.SequenceNumber])).toEqual([
			['POST', '/mpc?x=1', 'MPCRecordingInitiated', '1'],
			['POST', '/mpc?x=1', 'MPCRecordingPaused', '2'],
			['POST', '/mpc?x=1', 'MPCRecordingResumed', '3'],
			['POST', '/mpc?x=1', 'MPCRecordingCompleted', '4'],
		]);
		const completed = arrivals[3].params;
		expect(completed).toEqual({
			EventName: 'MPCRecordingCompleted',
			EventTimestamp: expect.stringMatching(TIME),
			MPCName: mpc.name,
			MPCUUID: mpc.uuid,
			RecordingDuration: expect.stringMatching(/^\d+$/),
			RecordingEndTime: expect.stringMatching(TIME),
			RecordingFormat: 'wav',
			RecordingResourceURL: `${rig.fake.baseUrl}${ACCT}Recording/${rid}/`,
			RecordingStartTime: expect.stringMatching(TIME),
			RecordingURL: `${rig.fake.baseUrl}${ACCT}Recording/${rid}.wav`,
			RecordingUUID: rid,
			SequenceNumber: '4',
		});
		expect(arrivals[0].params.RecordingEndTime).toBe('');
		for (const a of arrivals) expect(validV3(a, rig.receiver.url, cb)).toBe(true);

		// the finished recording is in the Recording list, found by the MPC filters
		const recs = await call(rig.fake.baseUrl, 'GET', `${ACCT}Recording/?mpc_uuid=${mpc.uuid}`);
		expect(recs.json.objects).toEqual([
			expect.objectContaining({
				recording_id: rid,
				recording_type: 'mpc',
				recording_format: 'wav',
				conference_name: '',
			}),
		]);
		const byName = await call(rig.fake.baseUrl, 'GET', `${ACCT}Recording/?mpc_name=${encodeURIComponent(mpc.name)}`);
		expect(byName.json.meta.total_count).toBe(1);
		expect((await call(rig.fake.baseUrl, 'GET', `${ACCT}Recording/?mpc_name=other`)).json.meta.total_count).toBe(0);
	});

	it('records a participant (GET callbacks with MemberID; record_track_type must match to stop)', async () => {
		const mpc = rig.fake.startMpc({ name: 'Support' });
		const member = rig.fake.addMpcParticipant(mpc, { memberId: 355 });
		expect(member.memberId).toBe('355');
		const cb = `${rig.receiver.url}/participant`;
		const path = mpcPath(`name_${mpc.name}`, `Participant/${member.memberId}/Record/`);
		const start = await call(rig.fake.baseUrl, 'POST', path, {
			recording_callback_url: cb,
			recording_callback_method: 'GET',
			record_track_type: 'participant',
		});
		expect(start.status).toBe(200);
		expect(start.json).toMatchObject({
			message: 'MPC: Support record started',
			recording_url: expect.stringMatching(/\.mp3$/),
		});
		expect(rig.fake.mpcRecordings.get(start.json.recording_id)).toMatchObject({
			memberId: '355',
			trackType: 'participant',
		});

		const wrongTrack = await call(rig.fake.baseUrl, 'DELETE', path);
		expect(wrongTrack.status).toBe(400);
		expect(wrongTrack.json.error).toMatch(/record_track_type all/);
		const paused = await call(rig.fake.baseUrl, 'POST', `${path}Pause/`, { record_track_type: 'participant' });
		expect([paused.status, paused.text]).toEqual([204, '']);
		const stopped = await call(rig.fake.baseUrl, 'DELETE', path, { record_track_type: 'participant' });
		expect([stopped.status, stopped.text]).toEqual([204, '']);
		await rig.fake.idle();

		const arrivals = await arrivalsOf(rig.receiver, 3);
		expect(arrivals.map((a) => [a.method, a.params.EventName, a.params.MemberID, a.params.SequenceNumber])).toEqual([
			['GET', 'ParticipantRecordingInitiated', '355', '1'],
			['GET', 'ParticipantRecordingPaused', '355', '2'],
			['GET', 'ParticipantRecordingCompleted', '355', '3'],
		]);
		for (const a of arrivals) expect(validV3(a, rig.receiver.url, cb)).toBe(true);
		const rec = rig.fake.recordings.find((r) => r.recordingId === start.json.recording_id);
		expect(rec).toMatchObject({ recordingType: 'mpc', mpcName: 'Support', callUuid: member.callUuid });
	});

	it('answers Plivo-shaped errors: unknown, ended or idle MPC, unknown member, wrong state, bad parameters', async () => {
		rig.fake.startMpc({ name: 'Errors' });
		const idle = rig.fake.startMpc({ name: 'Idle', status: 'initialized' });
		const gone = rig.fake.startMpc({ name: 'Gone' });
		await rig.fake.endMpc(gone);
		const rec = mpcPath('name_Errors', 'Record/');
		const cases: Array<[string, string, string, unknown, number, RegExp]> = [
			['unknown name', 'POST', mpcPath('name_Nope', 'Record/'), {}, 404, /not found/],
			['ended, by uuid', 'POST', mpcPath(`uuid_${gone.uuid}`, 'Record/'), {}, 404, /not found/],
			['ended, by name', 'DELETE', mpcPath('name_Gone', 'Record/'), undefined, 404, /not found/],
			['bad id', 'POST', mpcPath('Errors', 'Record/'), {}, 400, /name_.*uuid_/],
			['not active', 'POST', mpcPath(`uuid_${idle.uuid}`, 'Record/'), {}, 400, /not active/],
			['unknown member', 'POST', mpcPath('name_Errors', 'Participant/9/Record/'), {}, 404, /participant not found/],
			['stop none', 'DELETE', rec, undefined, 400, /no recording/],
			['pause none', 'POST', `${rec}Pause/`, undefined, 400, /no recording/],
			[
				'unknown parameter',
				'POST',
				rec,
				{ callback_url: 'http://127.0.0.1:1/x' },
				400,
				/unknown parameter: callback_url/,
			],
			['file_format', 'POST', rec, { file_format: 'ogg' }, 400, /file_format/],
			['method', 'POST', rec, { recording_callback_method: 'PUT' }, 400, /recording_callback_method/],
			['url', 'POST', rec, { recording_callback_url: 'nope' }, 400, /not a valid URL/],
			['track type on the MPC', 'POST', rec, { record_track_type: 'both' }, 400, /participant recording only/],
		];
		for (const [what, method, path, body, status, error] of cases) {
			const r = await call(rig.fake.baseUrl, method, path, body);
			expect([what, r.status, r.json?.api_id]).toEqual([what, status, expect.any(String)]);
			expect([what, r.json.error]).toEqual([what, expect.stringMatching(error)]);
		}
		expect((await call(rig.fake.baseUrl, 'POST', rec, {})).status).toBe(200);
		expect((await call(rig.fake.baseUrl, 'POST', rec, {})).json.error).toMatch(/already in progress/);
		expect((await call(rig.fake.baseUrl, 'POST', `${rec}Resume/`)).json.error).toMatch(/not paused/);
		expect((await call(rig.fake.baseUrl, 'POST', `${rec}Pause/`)).status).toBe(204);
		expect((await call(rig.fake.baseUrl, 'POST', `${rec}Pause/`)).json.error).toMatch(/already paused/);
		expect((await call(rig.fake.baseUrl, 'POST', rec.slice(0, -1), {})).status).toBe(404);
		expect((await call(rig.fake.baseUrl, 'GET', rec)).status).toBe(405);
		expect((await call(rig.fake.baseUrl, 'DELETE', `${rec}Pause/`)).status).toBe(405);
	});

	it('endMpc completes the recordings in progress (callbacks sent); failRecording sends …Failed and lists nothing', async () => {
		const mpc = rig.fake.startMpc({ name: 'Ending' });
		rig.fake.addMpcParticipant(mpc);
		const member = rig.fake.addMpcParticipant(mpc);
		expect(member.memberId).toBe('1002');
		const own = await call(rig.fake.baseUrl, 'POST', mpcPath('name_Ending', 'Record/'), {
			recording_callback_url: `${rig.receiver.url}/own`,
			transcription_url: `${rig.receiver.url}/tr`,
			transcript: true,
		});
		const part = await call(rig.fake.baseUrl, 'POST', mpcPath('name_Ending', 'Participant/1002/Record/'), {
			recording_callback_url: `${rig.receiver.url}/part`,
		});
		await rig.fake.failRecording(part.json.recording_id);
		await rig.fake.endMpc(mpc);
		await rig.fake.idle();
		expect(mpc.status).toBe('ended');

		const byPath = (p: string) => rig.receiver.arrivals.filter((a) => a.url === p);
		expect(byPath('/part').map((a) => a.params.EventName)).toEqual([
			'ParticipantRecordingInitiated',
			'ParticipantRecordingFailed',
		]);
		expect(byPath('/part')[1].params.RecordingEndTime).toMatch(TIME);
		expect(byPath('/own').map((a) => a.params.EventName)).toEqual(['MPCRecordingInitiated', 'MPCRecordingCompleted']);
		const [tr] = byPath('/tr');
		expect(tr.params).toMatchObject({
			recording_id: own.json.recording_id,
			transcription: expect.any(String),
			error: '',
		});
		expect(validV3(tr, rig.receiver.url, `${rig.receiver.url}/tr`)).toBe(true);
		expect(rig.fake.recordings.map((r) => r.recordingId)).toEqual([own.json.recording_id]);
		await expect(rig.fake.failRecording(own.json.recording_id)).rejects.toThrow(/not in progress/);
		expect(() => rig.fake.addMpcParticipant(mpc)).toThrow(/ended/);
		expect(() => rig.fake.startMpc({ name: 'Live' }) && rig.fake.startMpc({ name: 'Live' })).toThrow(/already named/);
	});
});
