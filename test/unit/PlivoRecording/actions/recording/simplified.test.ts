import { pick, simplifyRecording } from '../../../../../nodes/PlivoRecording/actions/recording/simplified';

it('a simplified recording: which, when, how long, of what, between whom, its file; no storage or cost', () => {
	const typed = {
		add_time: '2025-11-25T14:18:32.480Z',
		call_uuid: 'c1',
		conference_name: '',
		conference_uuid: '',
		from_number: '14155550100',
		to_number: '14155550199',
		monthly_recording_storage_amount: 0.0024,
		recording_duration_ms: 312480,
		recording_end_ms: 1764080312480,
		recording_format: 'mp3',
		recording_id: 'r1',
		recording_start_ms: 1764080000000,
		recording_storage_duration: 3,
		recording_storage_rate: 0.0004,
		recording_type: 'call',
		recording_url: 'https://media.plivo.com/r1.mp3',
		resource_uri: '/v1/Account/MA/Recording/r1/',
		rounded_recording_duration: 360,
		recording_start: '2025-11-25T14:13:20.000Z',
		recording_end: '2025-11-25T14:18:32.480Z',
	};
	expect(simplifyRecording(typed)).toEqual({
		recording_id: 'r1',
		recording_type: 'call',
		add_time: '2025-11-25T14:18:32.480Z',
		recording_start: '2025-11-25T14:13:20.000Z',
		recording_end: '2025-11-25T14:18:32.480Z',
		recording_duration_ms: 312480,
		call_uuid: 'c1',
		from_number: '14155550100',
		to_number: '14155550199',
		recording_format: 'mp3',
		recording_url: 'https://media.plivo.com/r1.mp3',
	});
});

it('pick keeps the order asked for and leaves out missing, null and empty fields; 0 and false stay', () => {
	expect(pick({ b: 0, a: 'x', c: null, d: '', e: false }, ['e', 'a', 'b', 'c', 'd', 'f'])).toEqual({
		e: false,
		a: 'x',
		b: 0,
	});
	expect(Object.keys(pick({ b: 1, a: 2 }, ['a', 'b']))).toEqual(['a', 'b']);
});
