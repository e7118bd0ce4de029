// @ts-check
'use strict';
/**
 * The callbacks Plivo sends about a recording, and sending them as Plivo does (signed, form
 * fields or a query string). Two vocabularies:
 *   - the Record API's callback_url (and the transcription_url): snake_case, record_url, …
 *   - the Conference XML element's callbackUrl: Plivo's XML names (ConferenceAction,
 *     RecordUrl, RecordingID, RecordingDurationMs, …). Every conference event (a member
 *     entering, leaving…) carries RecordUrl and RecordingID once the conference records;
 *     the finished file is the one with ConferenceAction=record and the durations.
 * Only http targets on loopback are expected.
 */
const crypto = require('node:crypto');
const http = require('node:http');

const { encodeParams, makeNonce, signatureV2, signatureV3, splitUrl, stringParams } = require('./signing');

/** @typedef {import('./types').CallbackOptions} CallbackOptions */
/** @typedef {import('./types').CallbackResponse} CallbackResponse */
/** @typedef {import('./types').SentCallback} SentCallback */
/** @typedef {import('./types').Recording} Recording */

/** When the recording ended (now, if it still runs) and how long it is. @param {Recording} rec */
function span(rec) {
	const end = rec.stoppedAt === undefined ? Date.now() : rec.stoppedAt;
	return { end, ms: Math.max(0, end - rec.startedAt) };
}

/**
 * The Record API's recording callback (callback_url): a call's recording names its call_uuid
 * where a conference's names its conference_name.
 * @param {Recording} rec @param {string} mediaUrl @param {Record<string, string>} [overrides]
 */
function recordingCallbackParams(rec, mediaUrl, overrides = {}) {
	const { end, ms } = span(rec);
	return {
		api_id: crypto.randomUUID(),
		record_url: mediaUrl,
		recording_id: rec.recordingId,
		...(rec.recordingType === 'call' ? { call_uuid: rec.callUuid } : { conference_name: rec.conferenceName }),
		recording_duration: String(Math.round(ms / 1000)),
		recording_duration_ms: String(ms),
		recording_start_ms: String(rec.startedAt),
		recording_end_ms: String(end),
		...overrides,
	};
}

/**
 * The transcription callback (transcription_url; always POST).
 * @param {Recording} rec @param {Record<string, string>} [overrides]
 */
function transcriptionCallbackParams(rec, overrides = {}) {
	return {
		transcription_charge: '0.05000',
		transcription: 'This is a test transcription from the fake Plivo server.',
		duration: String(Math.round(span(rec).ms / 1000)),
		call_uuid: rec.callUuid,
		transcription_rate: '0.05000',
		recording_id: rec.recordingId,
		error: '',
		...overrides,
	};
}

/**
 * A Conference XML callbackUrl event about a member (`enter`, `exit`): it names the recording
 * in progress, but its file is not ready.
 * @param {Recording} rec @param {string} action @param {string} mediaUrl @param {Record<string, string>} [overrides]
 */
function xmlConferenceEventParams(rec, action, mediaUrl, overrides = {}) {
	return {
		ConferenceAction: action,
		ConferenceName: rec.conferenceName,
		ConferenceUUID: rec.conferenceUuid,
		ConferenceMemberID: '4387',
		CallUUID: rec.callUuid,
		RecordUrl: mediaUrl,
		RecordingID: rec.recordingId,
		...overrides,
	};
}

/**
 * The Conference XML callbackUrl event for the finished recording (ConferenceAction=record).
 * @param {Recording} rec @param {string} mediaUrl @param {Record<string, string>} [overrides]
 */
function xmlRecordingCallbackParams(rec, mediaUrl, overrides = {}) {
	return {
		ConferenceAction: 'record',
		ConferenceName: rec.conferenceName,
		ConferenceUUID: rec.conferenceUuid,
		...recordElementFields(rec, mediaUrl),
		...overrides,
	};
}

/**
 * The <Record> element's fields about the finished file (RecordUrl, RecordingID, durations).
 * @param {Recording} rec @param {string} mediaUrl
 */
function recordElementFields(rec, mediaUrl) {
	const { end, ms } = span(rec);
	return {
		RecordUrl: mediaUrl,
		RecordingID: rec.recordingId,
		RecordingDuration: String(Math.round(ms / 1000)),
		RecordingDurationMs: String(ms),
		RecordingStartMs: String(rec.startedAt),
		RecordingEndMs: String(end),
	};
}

/**
 * The <Record> element's request to its `action` URL: the call's fields (as every XML request
 * carries them) and the recording's.
 * @param {Recording} rec @param {{ callUuid: string, from: string, to: string, direction: string }} call
 * @param {string} mediaUrl @param {Record<string, string>} [overrides]
 */
function recordActionParams(rec, call, mediaUrl, overrides = {}) {
	return {
		CallUUID: call.callUuid,
		From: call.from,
		To: call.to,
		Direction: call.direction,
		CallStatus: 'in-progress',
		ALegUUID: call.callUuid,
		ALegRequestUUID: call.callUuid,
		RequestUUID: call.callUuid,
		...recordElementFields(rec, mediaUrl),
		...overrides,
	};
}

/**
 * The <Record> element's callbackUrl request (the file is ready): the recording's fields and CallUUID.
 * @param {Recording} rec @param {string} mediaUrl @param {Record<string, string>} [overrides]
 */
function recordCallbackParams(rec, mediaUrl, overrides = {}) {
	return { CallUUID: rec.callUuid, ...recordElementFields(rec, mediaUrl), ...overrides };
}

/**
 * Sends a callback the way Plivo does.
 * @param {CallbackOptions} opts @param {string} defaultToken
 * @returns {Promise<CallbackResponse & { sent: SentCallback }>}
 */
function deliverCallback(opts, defaultToken) {
	const method = opts.method || 'POST';
	const token = opts.authToken !== undefined ? opts.authToken : defaultToken;
	const kind = opts.signature || 'v3';
	const nonce = opts.nonce || makeNonce();
	const params = stringParams(opts.params);
	const { noFragment } = splitUrl(opts.url);
	/** @type {Record<string, string>} */
	const headers = { 'User-Agent': 'PlivoHTTPClient', Accept: '*/*' };
	const signedUrl = opts.signedUrl || opts.url;
	if (kind === 'v3' || kind === 'both') {
		headers['X-Plivo-Signature-V3'] = signatureV3(method, signedUrl, params, nonce, token);
		headers['X-Plivo-Signature-V3-Nonce'] = nonce;
	}
	if (kind === 'v2' || kind === 'both') {
		headers['X-Plivo-Signature-V2'] = signatureV2(signedUrl, nonce, token);
		headers['X-Plivo-Signature-V2-Nonce'] = nonce;
	}
	const sentParams = opts.tamper ? opts.tamper({ ...params }) : params;
	const encoded = encodeParams(sentParams);
	let target = noFragment;
	/** @type {string | undefined} */
	let body;
	if (method === 'GET') {
		if (encoded)
			target += (target.includes('?') ? (target.endsWith('?') || target.endsWith('&') ? '' : '&') : '?') + encoded;
	} else {
		body = encoded;
		headers['Content-Type'] = 'application/x-www-form-urlencoded';
		headers['Content-Length'] = String(Buffer.byteLength(body));
	}
	Object.assign(headers, opts.headers || {});
	/** @type {SentCallback} */
	const sent = { url: opts.url, method, params: sentParams, headers, at: Date.now() };
	const u = new URL(target);
	if (u.protocol !== 'http:')
		return Promise.reject(new Error('fakePlivo: only http callback URLs are supported: ' + target));
	return new Promise((resolve, reject) => {
		const req = http.request(
			{
				method,
				host: u.hostname,
				port: u.port || 80,
				path: u.pathname + u.search,
				headers,
				agent: false,
				timeout: opts.timeoutMs || 10000,
			},
			(res) => {
				/** @type {Buffer[]} */
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => {
					sent.status = res.statusCode || 0;
					resolve({
						status: res.statusCode || 0,
						body: Buffer.concat(chunks).toString('utf8'),
						headers: res.headers,
						sent,
					});
				});
				res.on('error', reject);
			},
		);
		req.on('timeout', () => req.destroy(new Error('fakePlivo: callback timed out')));
		req.on('error', (err) => {
			sent.error = err.message;
			reject(err);
		});
		req.end(body);
	});
}

module.exports = {
	deliverCallback,
	recordActionParams,
	recordCallbackParams,
	recordingCallbackParams,
	transcriptionCallbackParams,
	xmlConferenceEventParams,
	xmlRecordingCallbackParams,
};
