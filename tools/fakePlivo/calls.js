// @ts-check
'use strict';
/**
 * Calls and their recordings, under `/v1/Account/{auth_id}/` (Plivo's "Start recording a call"
 * page, plivo-python calls.py, plivo-go calls.go and fixtures; assumptions in ASSUMPTIONS.md):
 *   GET    Call/?status=live          live call uuids: 200 `{ api_id, calls }`
 *   POST   Call/{call_uuid}/Record/   start: 202 `{ api_id, message: 'call recording started', recording_id, url }`
 *   DELETE Call/{call_uuid}/Record/   stop all, or only the one whose media URL is `URL`: 204
 * A recording stops by itself after time_limit seconds (× the fake's timeScale) and then sends
 * its callbacks; one stopped by the API sends them as a conference one does (finishRecording,
 * or autoFinishMs). `recordCallByXml` simulates the <Record> element.
 */
const crypto = require('node:crypto');

const { newRecording } = require('./recordings');
const { apiId, fail, notAllowed, notFound, isHttpUrl, readParams, decodeSegment, httpMethod } = require('./params');

/** @typedef {import('./types').Call} Call */
/** @typedef {import('./types').Recording} Recording */
/** @typedef {import('./types').RecordedRequest} RecordedRequest */
/** @typedef {[number, any]} Answer */
/**
 * @typedef {{
 *   recordings: Recording[], mediaUrl: (rec: Recording) => string,
 *   later: (fn: () => void, ms: number) => void, timeScale: () => number,
 *   finish: (rec: Recording) => Promise<unknown>, stopped: (rec: Recording) => void,
 * }} CallContext
 *   finish: sends the finished recording's callbacks; stopped: a stop by the API (autoFinishMs)
 */

/** Plivo documents no maximum for time_limit: 4 hours, the Make Call API's default call length. */
const MAX_TIME_LIMIT = 14400;
const RECORD_PARAMS = [
	'time_limit',
	'file_format',
	'transcription_type',
	'transcription_url',
	'transcription_method',
	'transcription_report_type',
	'callback_url',
	'callback_method',
	'record_channel_type',
];
const LIVE_FILTERS = ['status', 'call_direction', 'from_number', 'to_number'];

/** @param {CallContext} context */
function createCallApi(context) {
	const { recordings } = context;
	/** @type {Call[]} */
	const calls = [];

	/** @param {string} uuid */
	const liveCall = (uuid) => calls.find((c) => c.callUuid === uuid && c.status === 'live');
	/** @param {Call} call */
	const runningOf = (call) =>
		recordings.filter((r) => r.callUuid === call.callUuid && r.recordingType === 'call' && r.stoppedAt === undefined);

	/** @param {Record<string, string>} query @returns {Answer} */
	function liveList(query) {
		for (const key of Object.keys(query))
			if (!LIVE_FILTERS.includes(key)) return fail(400, `unknown parameter: ${key}`);
		if (query.status !== 'live' && query.status !== 'queued') {
			return fail(400, 'the fake lists calls by status=live (or status=queued) only');
		}
		if (
			query.call_direction !== undefined &&
			query.call_direction !== 'inbound' &&
			query.call_direction !== 'outbound'
		) {
			return fail(400, 'call_direction must be inbound or outbound');
		}
		const uuids =
			query.status === 'queued'
				? []
				: calls
						.filter(
							(c) =>
								c.status === 'live' &&
								(query.call_direction === undefined || c.direction === query.call_direction) &&
								(query.from_number === undefined || c.from === query.from_number) &&
								(query.to_number === undefined || c.to === query.to_number),
						)
						.map((c) => c.callUuid);
		return [200, { api_id: apiId(), calls: uuids }];
	}

	/** @param {RecordedRequest} entry @param {Call} call @returns {Answer} */
	function start(entry, call) {
		const read = readParams(entry, RECORD_PARAMS);
		if (read.error) return read.error;
		const p = read.values;
		let timeLimit = 60;
		if (p.time_limit !== undefined) {
			const text = String(p.time_limit);
			timeLimit = Number(text);
			if (!/^\d+$/.test(text) || timeLimit < 1 || timeLimit > MAX_TIME_LIMIT) {
				return fail(400, `time_limit must be an integer from 1 to ${MAX_TIME_LIMIT} (seconds)`);
			}
		}
		const fileFormat = p.file_format === undefined ? 'mp3' : p.file_format;
		if (fileFormat !== 'mp3' && fileFormat !== 'wav') return fail(400, 'file_format must be mp3 or wav');
		const callbackMethod = httpMethod(p.callback_method, 'POST');
		if (!callbackMethod) return fail(400, 'callback_method must be GET or POST');
		const transcriptionMethod = httpMethod(p.transcription_method, 'POST');
		if (!transcriptionMethod) return fail(400, 'transcription_method must be GET or POST');
		if (p.transcription_type !== undefined && p.transcription_type !== 'auto' && p.transcription_type !== 'hybrid') {
			return fail(400, 'transcription_type must be auto');
		}
		const channel = p.record_channel_type === undefined ? 'mono' : p.record_channel_type;
		if (channel !== 'mono' && channel !== 'stereo') return fail(400, 'record_channel_type must be mono or stereo');
		if (p.transcription_report_type !== undefined && typeof p.transcription_report_type !== 'string') {
			return fail(400, 'transcription_report_type must be text');
		}
		for (const key of ['callback_url', 'transcription_url']) {
			if (p[key] !== undefined && !isHttpUrl(p[key])) return fail(400, `${key} is not a valid URL`);
		}
		const rec = newRecording({
			recordingType: 'call',
			conferenceName: '',
			conferenceUuid: '',
			callUuid: call.callUuid,
			fromNumber: call.from,
			toNumber: call.to,
			fileFormat,
			callbackUrl: p.callback_url || null,
			callbackMethod,
			transcriptionUrl: p.transcription_url || null,
			transcriptionMethod: p.transcription_method === undefined ? null : transcriptionMethod,
			transcriptionType: p.transcription_type || null,
			timeLimit,
			recordChannelType: channel,
			params: p,
		});
		recordings.push(rec);
		context.later(
			() => {
				if (rec.stoppedAt !== undefined || !recordings.includes(rec)) return;
				rec.stoppedAt = rec.startedAt + timeLimit * 1000;
				context.finish(rec);
			},
			timeLimit * 1000 * context.timeScale(),
		);
		return [
			202,
			{ api_id: apiId(), message: 'call recording started', recording_id: rec.recordingId, url: context.mediaUrl(rec) },
		];
	}

	/** @param {RecordedRequest} entry @param {Call} call @returns {Answer} */
	function stop(entry, call) {
		const read = readParams(entry, ['URL']);
		if (read.error) return read.error;
		const url = read.values.URL;
		const running = runningOf(call).filter((r) => url === undefined || context.mediaUrl(r) === url);
		if (url !== undefined && running.length === 0) return fail(404, 'no recording in progress with that URL');
		const now = Date.now();
		for (const rec of running) {
			rec.stoppedAt = now;
			context.stopped(rec);
		}
		return [204, undefined];
	}

	return {
		calls,

		/** @param {{ callUuid?: string, from?: string, to?: string, direction?: 'inbound' | 'outbound' }} [options] @returns {Call} */
		startCall({ callUuid, from = '15555550100', to = '15555550199', direction = 'outbound' } = {}) {
			const uuid = callUuid || crypto.randomUUID();
			if (liveCall(uuid)) throw new Error(`fakePlivo: call ${uuid} is already live`);
			/** @type {Call} */
			const call = { callUuid: uuid, from, to, direction, status: 'live', startedAt: Date.now(), endedAt: null };
			calls.push(call);
			return call;
		},

		/** Hangs up: its recordings in progress stop and their callbacks are sent (awaited). @param {Call} call */
		async endCall(call) {
			if (call.status === 'ended') return;
			const now = Date.now();
			call.status = 'ended';
			call.endedAt = now;
			const running = runningOf(call);
			for (const rec of running) rec.stoppedAt = now;
			await Promise.all(running.map((rec) => context.finish(rec)));
		},

		/**
		 * The <Record> element on a live call: the recording runs until finishRecording() or
		 * endCall(), then its callbacks go to `action` (with the call's fields) and `callbackUrl`.
		 * @param {{ callUuid: string, action: string, callbackUrl: string, method?: 'GET' | 'POST',
		 *   callbackMethod?: 'GET' | 'POST', fileFormat?: 'mp3' | 'wav' }} xml
		 * @returns {Recording}
		 */
		recordCallByXml({ callUuid, action, callbackUrl, method = 'POST', callbackMethod = 'POST', fileFormat = 'mp3' }) {
			const call = liveCall(callUuid);
			if (!call) throw new Error(`fakePlivo: no live call ${callUuid}`);
			const rec = newRecording({
				recordingType: 'call',
				source: 'xml',
				conferenceName: '',
				conferenceUuid: '',
				callUuid,
				fromNumber: call.from,
				toNumber: call.to,
				fileFormat,
				actionUrl: action,
				actionMethod: method,
				callbackUrl,
				callbackMethod,
			});
			recordings.push(rec);
			return rec;
		},

		/** @param {string} uuid */
		findCall: (uuid) => calls.find((c) => c.callUuid === uuid),

		reset() {
			calls.length = 0;
		},

		/**
		 * Routes `Call/…`; null for other paths.
		 * @param {RecordedRequest} entry @param {string[]} rest @returns {Answer | null}
		 */
		route(entry, rest) {
			if (rest[0] !== 'Call') return null;
			const m = entry.method;
			if (rest.length === 2 && rest[1] === '') return m === 'GET' ? liveList(entry.query) : notAllowed();
			if (!(rest.length === 4 && rest[2] === 'Record' && rest[3] === '')) return notFound();
			if (m !== 'POST' && m !== 'DELETE') return notAllowed();
			const uuid = decodeSegment(rest[1]);
			const call = uuid === undefined ? undefined : liveCall(uuid);
			if (!call) return fail(404, 'call not found');
			return m === 'POST' ? start(entry, call) : stop(entry, call);
		},
	};
}

module.exports = { createCallApi, MAX_TIME_LIMIT };
