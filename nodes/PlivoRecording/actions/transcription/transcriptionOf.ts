import type { PlivoRequest } from '../../../shared/transport/request';

/**
 * A transcription is addressed by its recording's ID (Plivo's transcription has no ID of its own):
 * the call about it, with what a 404 means.
 */
export function transcriptionRequest(
	method: PlivoRequest['method'],
	recording: { id: string; pathSegment: string },
	notFound: { message: string; description: string },
): PlivoRequest {
	return { method, path: `Transcription/${recording.pathSegment}/`, startsRecording: false, notFound };
}

export const noTranscription = (id: string) => ({
	message: `Plivo has no transcription of recording "${id}" (404)`,
	description:
		'It was never ordered, is still in progress, or was deleted: order one with Create (Plivo reports it to the callback URL when it is ready), or check the Recording ID.',
});
