/**
 * A Number Masking session's recording callbacks (shapes.ts): the fields of Plivo's "Session
 * recording callback" page, in its current spelling (From / To) and its older one (FirstParty /
 * SecondParty).
 */
import { classifyCallback, typeCallback } from '../../../../nodes/shared/callbacks/shapes';

const event = (EventName: string, extra: Record<string, string> = {}): Record<string, string> => ({
	EventName,
	EventTimestamp: '2024-11-25 12:41:01 +0000 UTC',
	SessionUUID: 'bc0a20bb-9f09-4116-b3f8-709def3a89df',
	From: '917708772011',
	To: '919976106830',
	VirtualNumber: '916361728680',
	RecordingUUID: 'r-mask-1',
	SequenceNumber: '1',
	...extra,
});

describe('a Number Masking session recording: one callback per event', () => {
	it.each([
		['SessionRecordingInitiated', 'recordingStarted'],
		['SessionRecordingCompleted', 'recording'],
		['SessionRecordingFailed', 'recordingFailed'],
		[' SessionRecordingCompleted ', 'recording'],
	])('%s is the event %s of a maskingSession recording', (name, expected) => {
		expect(classifyCallback(event(name))).toEqual({ event: expected, source: 'maskingSession' });
	});

	it('knows no other session EventName (a masking recording is never paused)', () => {
		for (const name of [
			'SessionRecordingPaused',
			'SessionRecordingResumed',
			'SessionCreated',
			'sessionrecordingcompleted',
		]) {
			expect([name, classifyCallback(event(name))]).toEqual([name, undefined]);
		}
	});

	it('the finished file: core names, numbers, ISO times, the session’s fields, the original fields kept', () => {
		const fields = event('SessionRecordingCompleted', {
			RecordingURL: 'https://media.plivo.com/v1/Account/MA/Recording/r-mask-1.mp3',
			RecordingResourceURL: 'https://api.plivo.com/v1/Account/MA/Recording/r-mask-1/',
			RecordingDuration: '42',
			RecordingFormat: 'mp3',
			RecordingStartTime: '2024-11-25 12:40:19 +0000 UTC',
			RecordingEndTime: '2024-11-25 12:41:01 +0000 UTC',
			SequenceNumber: '2',
		});
		expect(typeCallback(classifyCallback(fields)!, fields)).toEqual({
			event: 'recording',
			source: 'maskingSession',
			...fields,
			RecordingDuration: 42,
			SequenceNumber: 2,
			recording_id: 'r-mask-1',
			record_url: fields.RecordingURL,
			recording_duration: 42,
			sequence_number: 2,
			recording_start: '2024-11-25T12:40:19.000Z',
			recording_end: '2024-11-25T12:41:01.000Z',
			session_uuid: 'bc0a20bb-9f09-4116-b3f8-709def3a89df',
			virtual_number: '916361728680',
			from_number: '917708772011',
			to_number: '919976106830',
		});
	});

	it('reads the older page’s FirstParty / SecondParty as first_party / second_party', () => {
		const fields = event('SessionRecordingInitiated', { FirstParty: '917708772011', SecondParty: '919976106830' });
		delete fields.From;
		delete fields.To;
		const typed = typeCallback(classifyCallback(fields)!, fields);
		expect(typed).toMatchObject({
			event: 'recordingStarted',
			source: 'maskingSession',
			FirstParty: '917708772011',
			first_party: '917708772011',
			second_party: '919976106830',
			session_uuid: fields.SessionUUID,
			sequence_number: 1,
		});
		expect(typed).not.toHaveProperty('from_number');
	});

	it('a failed recording: no file, empty URL and times left as sent, no ISO time made up', () => {
		const fields = event('SessionRecordingFailed', {
			RecordingURL: '',
			RecordingResourceURL: '',
			RecordingDuration: '0',
			RecordingStartTime: '',
			RecordingEndTime: '',
		});
		const typed = typeCallback(classifyCallback(fields)!, fields);
		expect(typed).toMatchObject({
			event: 'recordingFailed',
			recording_id: 'r-mask-1',
			record_url: '',
			recording_duration: 0,
		});
		expect(typed).not.toHaveProperty('recording_start');
		expect(typed).not.toHaveProperty('recording_end');
	});

	it('a field Plivo also sent under the core name wins; From / To get no alias outside a masking session', () => {
		const fields = event('SessionRecordingCompleted', { session_uuid: 'as-sent' });
		expect(typeCallback(classifyCallback(fields)!, fields).session_uuid).toBe('as-sent');
		const xml = {
			RecordUrl: 'https://media.plivo.com/r.mp3',
			RecordingID: 'r',
			RecordingDuration: '3',
			From: '1',
			To: '2',
		};
		expect(typeCallback(classifyCallback(xml)!, xml)).not.toHaveProperty('from_number');
	});
});
