import { simplify } from '../../../../../nodes/PlivoRecording/actions/transcription/get';

it('a simplified transcription: the text and which recording it is of', () => {
	expect(
		simplify({
			recording_id: 'r1',
			type: 'diarized',
			api_id: 'a',
			cost: 0.05,
			rate: 0.05,
			recording_duration_ms: 312480,
			recording_start_ms: 1764080000000,
			status: 'success',
			transcription: 'Speaker 1: Hello.',
		}),
	).toEqual({
		recording_id: 'r1',
		type: 'diarized',
		status: 'success',
		transcription: 'Speaker 1: Hello.',
		recording_start: '2025-11-25T14:13:20.000Z',
		recording_duration_ms: 312480,
	});
});
