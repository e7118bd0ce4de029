import { classifyCallback, typeCallback } from '../../../../nodes/shared/callbacks/shapes';

describe('classifyCallback', () => {
	it('calls a callback with record_url a recording', () => {
		expect(classifyCallback({ record_url: 'https://media.plivo.com/r.mp3', conference_name: 'c' })).toEqual({
			event: 'recording',
			source: 'conference',
		});
		expect(classifyCallback({ record_url: 'https://media.plivo.com/r.mp3', call_uuid: 'u' })).toEqual({
			event: 'recording',
			source: 'call',
		});
	});

	it('calls a callback with transcription or transcription_charge a transcription', () => {
		const transcription = { event: 'transcription' };
		expect(classifyCallback({ transcription: 'Hello', recording_id: 'r1' })).toEqual(transcription);
		expect(classifyCallback({ transcription: '', error: 'Recording duration too long for transcription' })).toEqual(
			transcription,
		);
		expect(classifyCallback({ transcription_charge: '0.05', recording_id: 'r1' })).toEqual(transcription);
	});

	it('knows nothing else', () => {
		expect(classifyCallback({ recording_id: 'r1', api_id: 'a1' })).toBeUndefined();
		expect(classifyCallback({})).toBeUndefined();
		expect(classifyCallback({ constructor: 'x', toString: 'y' })).toBeUndefined();
	});

	it('works on an object without a prototype', () => {
		const fields: Record<string, unknown> = Object.create(null);
		fields.record_url = 'https://media.plivo.com/r.mp3';

		expect(classifyCallback(fields)).toEqual({ event: 'recording', source: 'call' });
	});
});

describe('typeCallback', () => {
	it('types a recording callback: numbers, ISO start and end, everything else kept', () => {
		expect(
			typeCallback(
				{ event: 'recording' },
				{
					api_id: 'a1',
					record_url: 'https://media.plivo.com/r.mp3',
					recording_id: 'r1',
					conference_name: 'My Conf Room',
					recording_duration: '17',
					recording_duration_ms: '17040.00000',
					recording_start_ms: '1732538400123.00000',
					recording_end_ms: '1732538417163.00000',
				},
			),
		).toEqual({
			event: 'recording',
			api_id: 'a1',
			record_url: 'https://media.plivo.com/r.mp3',
			recording_id: 'r1',
			conference_name: 'My Conf Room',
			recording_duration: 17,
			recording_duration_ms: 17040,
			recording_start_ms: 1732538400123,
			recording_end_ms: 1732538417163,
			recording_start: '2024-11-25T12:40:00.123Z',
			recording_end: '2024-11-25T12:40:17.163Z',
		});
	});

	it('types a transcription callback', () => {
		expect(
			typeCallback(
				{ event: 'transcription' },
				{
					transcription_charge: '0.05',
					transcription: 'Hello',
					duration: '17',
					call_uuid: 'c1',
					transcription_rate: '0.05',
					recording_id: 'r1',
					error: '',
				},
			),
		).toEqual({
			event: 'transcription',
			transcription_charge: 0.05,
			transcription: 'Hello',
			duration: 17,
			call_uuid: 'c1',
			transcription_rate: 0.05,
			recording_id: 'r1',
			error: '',
		});
	});

	it('leaves non-numeric strings and empty strings as they are', () => {
		expect(
			typeCallback(
				{ event: 'recording' },
				{
					record_url: 'u',
					recording_duration: 'n/a',
					recording_duration_ms: '',
					recording_start_ms: '   ',
					recording_end_ms: 'Infinity',
				},
			),
		).toEqual({
			event: 'recording',
			record_url: 'u',
			recording_duration: 'n/a',
			recording_duration_ms: '',
			recording_start_ms: '   ',
			recording_end_ms: 'Infinity',
		});
	});

	it('converts only the known numeric fields', () => {
		const fields = { record_url: 'u', recording_id: '123', conference_name: '42', api_id: '7' };

		expect(typeCallback({ event: 'recording' }, fields)).toEqual({
			event: 'recording',
			record_url: 'u',
			recording_id: '123',
			conference_name: '42',
			api_id: '7',
		});
	});

	it('adds no ISO fields when start and end are missing', () => {
		const typed = typeCallback({ event: 'recording' }, { record_url: 'u', recording_duration: '3' });

		expect(typed).toEqual({ event: 'recording', record_url: 'u', recording_duration: 3 });
		expect(typed).not.toHaveProperty('recording_start');
		expect(typed).not.toHaveProperty('recording_end');
	});

	it('adds only the ISO field whose epoch is present', () => {
		expect(typeCallback({ event: 'recording' }, { record_url: 'u', recording_end_ms: '0' })).toEqual({
			event: 'recording',
			record_url: 'u',
			recording_end_ms: 0,
			recording_end: '1970-01-01T00:00:00.000Z',
		});
	});

	it('adds no ISO field for an epoch out of the Date range', () => {
		expect(typeCallback({ event: 'recording' }, { record_url: 'u', recording_start_ms: '1e20' })).toEqual({
			event: 'recording',
			record_url: 'u',
			recording_start_ms: 1e20,
		});
	});

	it('keeps values that are already numbers, and repeated fields as arrays', () => {
		expect(
			typeCallback({ event: 'recording' }, { record_url: 'u', recording_duration: 17, recording_id: ['r1', 'r2'] }),
		).toEqual({
			event: 'recording',
			record_url: 'u',
			recording_duration: 17,
			recording_id: ['r1', 'r2'],
		});
	});

	it('does not change the fields it was given', () => {
		const fields = { record_url: 'u', recording_duration: '17' };
		typeCallback({ event: 'recording' }, fields);

		expect(fields).toEqual({ record_url: 'u', recording_duration: '17' });
	});

	// A plain `typed[key] = value` would run the __proto__ setter: the field would vanish, or a
	// JSON body's `"__proto__": {...}` would become the output's prototype.
	it('keeps a field named __proto__ as plain data', () => {
		const fields = JSON.parse('{"record_url":"u","__proto__":{"recording_start_ms":5}}') as Record<string, unknown>;
		const typed = typeCallback({ event: 'recording' }, fields);

		expect(Object.keys(typed)).toEqual(['event', 'record_url', '__proto__']);
		expect(typed).not.toHaveProperty('recording_start');
		expect(Object.getPrototypeOf(typed)).toBe(Object.prototype);
	});

	it('keeps the classified event and source even when fields are called so', () => {
		expect(
			typeCallback({ event: 'recording', source: 'call' }, { event: 'foo', source: 'bar', record_url: 'u' }),
		).toEqual({ event: 'recording', source: 'call', record_url: 'u' });
	});
});

describe('a recording made by Conference XML', () => {
	// As Plivo's Conference XML element reports to its callbackUrl (the fake Plivo sends the same).
	const xmlRecording = {
		ConferenceAction: 'record',
		ConferenceName: 'Daily Standup',
		ConferenceUUID: 'conf-uuid-1',
		RecordUrl: 'https://media.plivo.com/v1/Account/MA/Recording/r9.mp3',
		RecordingID: 'r9',
		RecordingDuration: '17',
		RecordingDurationMs: '17040',
		RecordingStartMs: '1732538400123',
		RecordingEndMs: '1732538417163',
	};

	it('is a recording when ConferenceAction is record, or without one when it has the durations', () => {
		const xml = { event: 'recording', source: 'xml' };
		expect(classifyCallback(xmlRecording)).toEqual(xml);
		expect(classifyCallback({ ...xmlRecording, ConferenceAction: 'Record' })).toEqual(xml);
		const { ConferenceAction: _action, ...noAction } = xmlRecording;
		expect(classifyCallback(noAction)).toEqual(xml);
	});

	it('a member event of a conference that records is not: it names the recording, whose file is not ready', () => {
		for (const ConferenceAction of ['enter', 'exit', 'digits', 'floor', '']) {
			const event = {
				ConferenceAction,
				ConferenceName: 'Daily Standup',
				ConferenceUUID: 'c',
				ConferenceMemberID: '4387',
				CallUUID: 'u',
				RecordUrl: xmlRecording.RecordUrl,
				RecordingID: 'r9',
			};
			expect([ConferenceAction, classifyCallback(event)]).toEqual([ConferenceAction, undefined]);
		}
		expect(classifyCallback({ RecordUrl: xmlRecording.RecordUrl, RecordingID: 'r9' })).toBeUndefined();
		expect(classifyCallback({ ConferenceAction: 'record', ConferenceName: 'x' })).toBeUndefined();
	});

	it("is typed as the API's recording callback: the same event and names, numbers, ISO times, the XML names kept", () => {
		expect(typeCallback({ event: 'recording' }, xmlRecording)).toEqual({
			event: 'recording',
			...xmlRecording,
			RecordingDuration: 17,
			RecordingDurationMs: 17040,
			RecordingStartMs: 1732538400123,
			RecordingEndMs: 1732538417163,
			record_url: xmlRecording.RecordUrl,
			recording_id: 'r9',
			recording_duration: 17,
			recording_duration_ms: 17040,
			recording_start_ms: 1732538400123,
			recording_end_ms: 1732538417163,
			conference_name: 'Daily Standup',
			conference_uuid: 'conf-uuid-1',
			recording_start: '2024-11-25T12:40:00.123Z',
			recording_end: '2024-11-25T12:40:17.163Z',
		});
	});

	it("a field Plivo sent under the API's name is never overwritten by an XML one", () => {
		const typed = typeCallback({ event: 'recording' }, { ...xmlRecording, recording_id: 'sent-as-is' });
		expect(typed.recording_id).toBe('sent-as-is');
		expect(typed.RecordingID).toBe('r9');
	});
});

describe('a recording made by a Call: the Record API and the Record XML element', () => {
	it('the Call API reports as the Conference API does, with call_uuid: source call', () => {
		const fields = {
			api_id: 'a1',
			call_uuid: 'call-1',
			record_url: 'https://media.plivo.com/v1/Account/MA/Recording/r3.mp3',
			recording_id: 'r3',
			recording_duration: '61',
			recording_duration_ms: '61020',
			recording_start_ms: '1732538400000',
			recording_end_ms: '1732538461020',
		};
		const shape = classifyCallback(fields);
		expect(shape).toEqual({ event: 'recording', source: 'call' });
		expect(typeCallback(shape!, fields)).toEqual({
			event: 'recording',
			source: 'call',
			...fields,
			recording_duration: 61,
			recording_duration_ms: 61020,
			recording_start_ms: 1732538400000,
			recording_end_ms: 1732538461020,
			recording_start: '2024-11-25T12:40:00.000Z',
			recording_end: '2024-11-25T12:41:01.020Z',
		});
	});

	it('the Record element reports with CamelCase names: source xml, the core names beside them', () => {
		const fields = {
			CallUUID: 'call-2',
			RecordUrl: 'https://media.plivo.com/v1/Account/MA/Recording/r4.wav',
			RecordingID: 'r4',
			RecordingDuration: '5',
			RecordingDurationMs: '5000',
			RecordingStartMs: '1732538400000',
			RecordingEndMs: '1732538405000',
			From: '14155550100',
		};
		const shape = classifyCallback(fields);
		expect(shape).toEqual({ event: 'recording', source: 'xml' });
		expect(typeCallback(shape!, fields)).toMatchObject({
			event: 'recording',
			source: 'xml',
			call_uuid: 'call-2',
			record_url: fields.RecordUrl,
			recording_id: 'r4',
			recording_duration: 5,
			recording_duration_ms: 5000,
			recording_start: '2024-11-25T12:40:00.000Z',
			recording_end: '2024-11-25T12:40:05.000Z',
			From: '14155550100',
		});
	});
});

describe('a Multi-Party Call recording: one callback per step', () => {
	const event = (EventName: string, extra: Record<string, string> = {}): Record<string, string> => ({
		EventName,
		EventTimestamp: '2024-11-25 12:41:01 +0000 UTC',
		MPCName: 'Support 42',
		MPCUUID: 'mpc-uuid-1',
		RecordingUUID: 'r5',
		SequenceNumber: '3',
		...extra,
	});

	it.each([
		['MPCRecordingInitiated', 'recordingStarted', 'multiPartyCall'],
		['MPCRecordingPaused', 'recordingPaused', 'multiPartyCall'],
		['MPCRecordingResumed', 'recordingResumed', 'multiPartyCall'],
		['MPCRecordingCompleted', 'recording', 'multiPartyCall'],
		['MPCRecordingFailed', 'recordingFailed', 'multiPartyCall'],
		['ParticipantRecordingInitiated', 'recordingStarted', 'participant'],
		['ParticipantRecordingPaused', 'recordingPaused', 'participant'],
		['ParticipantRecordingResumed', 'recordingResumed', 'participant'],
		['ParticipantRecordingCompleted', 'recording', 'participant'],
		['ParticipantRecordingFailed', 'recordingFailed', 'participant'],
	])('%s is the event %s of a %s recording', (name, expected, source) => {
		expect(classifyCallback(event(name))).toEqual({ event: expected, source });
	});

	it('knows no other EventName', () => {
		for (const name of ['MPCRecordingStopped', 'MPCInitialized', 'ParticipantJoined', 'mpcrecordinginitiated', '']) {
			expect([name, classifyCallback(event(name))]).toEqual([name, undefined]);
		}
	});

	it('the finished file: the core names, the duration a number, text times as ISO, the original fields kept', () => {
		const fields = event('MPCRecordingCompleted', {
			RecordingURL: 'https://media.plivo.com/v1/Account/MA/Recording/r5.mp3',
			RecordingResourceURL: 'https://api.plivo.com/v1/Account/MA/Recording/r5/',
			RecordingDuration: '42',
			RecordingFormat: 'mp3',
			RecordingStartTime: '2024-11-25 12:40:19 +0000 UTC',
			RecordingEndTime: '2024-11-25 12:41:01 +0000 UTC',
		});
		expect(typeCallback(classifyCallback(fields)!, fields)).toEqual({
			event: 'recording',
			source: 'multiPartyCall',
			...fields,
			RecordingDuration: 42,
			SequenceNumber: 3,
			recording_id: 'r5',
			record_url: fields.RecordingURL,
			recording_duration: 42,
			mpc_name: 'Support 42',
			mpc_uuid: 'mpc-uuid-1',
			sequence_number: 3,
			recording_start: '2024-11-25T12:40:19.000Z',
			recording_end: '2024-11-25T12:41:01.000Z',
		});
	});

	it("a participant's event names its member", () => {
		const fields = event('ParticipantRecordingPaused', { MemberID: '7' });
		expect(typeCallback(classifyCallback(fields)!, fields)).toMatchObject({
			event: 'recordingPaused',
			source: 'participant',
			member_id: '7',
			recording_id: 'r5',
			sequence_number: 3,
		});
	});

	it.each([
		['2024-11-25 12:40:19 +0000 UTC', '2024-11-25T12:40:19.000Z'],
		['2024-11-25 18:10:19 +0530', '2024-11-25T12:40:19.000Z'],
		['2024-11-25 12:40:19', '2024-11-25T12:40:19.000Z'],
		['not a time', undefined],
	])('reads the text time %p as %p', (text, iso) => {
		const fields = event('MPCRecordingCompleted', { RecordingStartTime: text });
		expect(typeCallback(classifyCallback(fields)!, fields).recording_start).toBe(iso);
	});
});
