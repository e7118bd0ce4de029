// @ts-check
'use strict';
/**
 * Transcriptions ordered after the fact, under `/v1/Account/{auth_id}/` (plivo-python
 * transcription.py and tests, plivo-go transcription.go, transcription_test.go and fixtures;
 * assumptions in ASSUMPTIONS.md). The transcription's id is its recording's id.
 *   POST   Transcription/{recording_id}[/]           order: 201 `{ api_id, message: 'transcription in progress' }`
 *   GET    Transcription/{recording_id}[/]?type=…    200 `{ api_id, cost, rate, recording_duration_ms, recording_start_ms, status, transcription }`
 *   DELETE Transcription/{recording_id}[/]           202 `{ api_id, message: 'request accepted' }`
 * The trailing `/` is optional here only: plivo-python sends it, plivo-go does not.
 */
const { apiId, fail, notAllowed, notFound, isHttpUrl, readParams, decodeSegment } = require('./params');

/** @typedef {import('./types').Transcription} Transcription */
/** @typedef {import('./types').Recording} Recording */
/** @typedef {import('./types').RecordedRequest} RecordedRequest */
/** @typedef {[number, any]} Answer */

const TEXT = 'This is a test transcription from the fake Plivo server.';
const TYPES = /** @type {const} */ ({
	transcription: TEXT,
	raw: TEXT.toLowerCase().replace(/[.,]/g, ''),
	diarized: `\nSpeaker 0: ${TEXT}`,
});

/** @param {{ recordings: Recording[], ordered: (t: Transcription) => void }} context */
function createTranscriptionApi(context) {
	/** @type {Map<string, Transcription>} */
	const transcriptions = new Map();
	/** @param {string} id */
	const recordingOf = (id) => context.recordings.find((r) => r.recordingId === id);

	/** @param {RecordedRequest} entry @param {string} id @returns {Answer} */
	function order(entry, id) {
		const read = readParams(entry, ['transcription_callback_url']);
		if (read.error) return read.error;
		const url = read.values.transcription_callback_url;
		if (url !== undefined && !isHttpUrl(url)) return fail(400, 'transcription_callback_url is not a valid URL');
		const rec = recordingOf(id);
		if (!rec || rec.stoppedAt === undefined) return fail(404, 'recording not found');
		if (transcriptions.has(id)) return fail(400, 'a transcription of this recording already exists');
		/** @type {Transcription} */
		const t = { recordingId: id, state: 'in-progress', callbackUrl: url || null, orderedAt: Date.now(), readyAt: null };
		transcriptions.set(id, t);
		context.ordered(t);
		return [201, { api_id: apiId(), message: 'transcription in progress' }];
	}

	/** @param {RecordedRequest} entry @param {string} id @returns {Answer} */
	function get(entry, id) {
		const read = readParams(entry, ['type']);
		if (read.error) return read.error;
		const type = read.values.type === undefined ? 'transcription' : read.values.type;
		if (!Object.prototype.hasOwnProperty.call(TYPES, type))
			return fail(400, 'type must be transcription, raw or diarized');
		const t = transcriptions.get(id);
		const rec = recordingOf(id);
		if (!t || !rec) return fail(404, 'transcription not found');
		if (t.state !== 'ready') return fail(404, 'transcription in progress');
		return [
			200,
			{
				api_id: apiId(),
				cost: 0.05,
				rate: 0.05,
				recording_duration_ms: Math.max(0, (rec.stoppedAt ?? Date.now()) - rec.startedAt),
				recording_start_ms: rec.startedAt,
				status: 'success',
				transcription: TYPES[/** @type {keyof typeof TYPES} */ (type)],
			},
		];
	}

	return {
		transcriptions,
		TEXT,

		/** A recording transcribed as it was made (transcription_url, transcript): GET finds it ready. @param {Recording} rec */
		madeWith(rec) {
			const now = Date.now();
			transcriptions.set(rec.recordingId, {
				recordingId: rec.recordingId,
				state: 'ready',
				callbackUrl: null,
				orderedAt: now,
				readyAt: now,
			});
		},

		reset() {
			transcriptions.clear();
		},

		/**
		 * Routes `Transcription/{id}` and `Transcription/{id}/`; null for other paths.
		 * @param {RecordedRequest} entry @param {string[]} rest @returns {Answer | null}
		 */
		route(entry, rest) {
			if (rest[0] !== 'Transcription') return null;
			const shape = (rest.length === 2 || (rest.length === 3 && rest[2] === '')) && rest[1] !== '';
			if (!shape) return notFound();
			const id = decodeSegment(rest[1]);
			if (id === undefined) return fail(404, 'recording not found');
			if (entry.method === 'POST') return order(entry, id);
			if (entry.method === 'GET') return get(entry, id);
			if (entry.method !== 'DELETE') return notAllowed();
			const read = readParams(entry, []);
			if (read.error) return read.error;
			if (!transcriptions.delete(id)) return fail(404, 'transcription not found');
			return [202, { api_id: apiId(), message: 'request accepted' }];
		},
	};
}

module.exports = { createTranscriptionApi };
