// @ts-check
'use strict';
/**
 * The fake's API under `/v1/Account/{auth_id}/`, answered as Plivo answers (shapes from Plivo's
 * API reference and the SDKs' fixtures; errors `{ api_id, error }`):
 *   GET    ''                              the account (the credential test)
 *   GET    Conference/                     live conference names `{ api_id, conferences }`
 *   GET    Conference/{name}/              one live conference (404 when not live)
 *   POST   Conference/{name}/Record/       start recording: 202
 *   DELETE Conference/{name}/Record/       stop recording: 204
 *   GET    Recording/                      list (recordings.js: filters, paging)
 *   GET    Recording/{id}/                 one recording
 *   DELETE Recording/{id}/                 delete it: 204, then 404 for everything about it
 * Multi-Party Calls (mpc.js), calls (calls.js), transcriptions (transcriptions.js) and Number
 * Masking sessions (masking.js) have their own modules, tried first (server.js).
 * Paths end with `/` as in Plivo's API; others get 404. Only authenticated, admitted requests
 * get here (server.js).
 */
const crypto = require('node:crypto');

const { listRecordings, newRecording, recordingObject } = require('./recordings');

/** @typedef {import('./types').Recording} Recording */
/** @typedef {import('./types').RecordedRequest} RecordedRequest */
/** @typedef {[number, any]} Answer status and JSON body (undefined: empty) */
/**
 * @typedef {{
 *   authId: string, accountPath: string, recordings: Recording[],
 *   liveConferences: () => Set<string> | null, mediaUrl: (rec: Recording) => string,
 *   stopped: (rec: Recording) => void,
 * }} RouteContext
 *   liveConferences: null when every name is live; stopped: called for each recording a stop ended
 */

const apiId = () => crypto.randomUUID();
/** @param {string | null | undefined} url */
const isHttpUrl = (url) => typeof url === 'string' && /^https?:\/\/[^\s/]+/i.test(url);
/** @returns {Answer} */
const notAllowed = () => [405, { api_id: apiId(), error: 'method not allowed' }];
/** @returns {Answer} */
const notFound = () => [404, { api_id: apiId(), error: 'not found' }];

/** @param {RouteContext} context */
function createRoutes(context) {
	const { authId, accountPath, recordings } = context;
	/** @param {string} name */
	const isLive = (name) => {
		const live = context.liveConferences();
		return live === null || live.has(name);
	};

	/** @returns {Answer} */
	function account() {
		return [
			200,
			{
				account_type: 'standard',
				address: '',
				api_id: apiId(),
				auth_id: authId,
				auto_recharge: false,
				billing_mode: 'prepaid',
				cash_credits: '100.00000',
				city: '',
				name: 'Fake Plivo Account',
				resource_uri: accountPath,
				state: '',
				timezone: 'UTC',
			},
		];
	}

	/** @returns {Answer} */
	function liveConferenceNames() {
		const live = context.liveConferences();
		const names =
			live !== null
				? [...live]
				: [...new Set(recordings.filter((r) => r.stoppedAt === undefined).map((r) => r.conferenceName))];
		return [200, { api_id: apiId(), conferences: names }];
	}

	/** @param {string} name @returns {Answer} */
	function conference(name) {
		return [
			200,
			{
				api_id: apiId(),
				conference_name: name,
				conference_run_time: '60',
				conference_member_count: '1',
				members: [
					{
						muted: false,
						member_id: '1',
						deaf: false,
						from: '15555550100',
						to: '15555550199',
						caller_name: '',
						direction: 'inbound',
						call_uuid: crypto.randomUUID(),
						join_time: '60',
					},
				],
			},
		];
	}

	/** @param {string} name @returns {Answer} */
	function stopRecording(name) {
		const now = Date.now();
		for (const rec of recordings) {
			if (rec.conferenceName !== name || rec.stoppedAt !== undefined) continue;
			rec.stoppedAt = now;
			context.stopped(rec);
		}
		return [204, undefined];
	}

	/** @param {string} name @param {any} requestBody @returns {Answer} */
	function startRecording(name, requestBody) {
		const body = requestBody && typeof requestBody === 'object' ? requestBody : {};
		const fileFormat = body.file_format === undefined ? 'mp3' : body.file_format;
		if (fileFormat !== 'mp3' && fileFormat !== 'wav')
			return [400, { api_id: apiId(), error: 'file_format must be mp3 or wav' }];
		const callbackMethod = body.callback_method === undefined ? 'POST' : body.callback_method;
		if (callbackMethod !== 'GET' && callbackMethod !== 'POST') {
			return [400, { api_id: apiId(), error: 'callback_method must be GET or POST' }];
		}
		if (
			body.transcription_method !== undefined &&
			body.transcription_method !== 'GET' &&
			body.transcription_method !== 'POST'
		) {
			return [400, { api_id: apiId(), error: 'transcription_method must be GET or POST' }];
		}
		if (
			body.transcription_type !== undefined &&
			body.transcription_type !== 'auto' &&
			body.transcription_type !== 'hybrid'
		) {
			return [400, { api_id: apiId(), error: 'transcription_type must be auto' }];
		}
		for (const key of ['callback_url', 'transcription_url']) {
			if (body[key] !== undefined && !isHttpUrl(body[key]))
				return [400, { api_id: apiId(), error: `${key} is not a valid URL` }];
		}
		const rec = newRecording({
			conferenceName: name,
			fileFormat,
			callbackUrl: body.callback_url || null,
			callbackMethod,
			transcriptionUrl: body.transcription_url || null,
			transcriptionMethod: body.transcription_method || null,
			transcriptionType: body.transcription_type || null,
			timeLimit: body.time_limit === undefined ? null : Number(body.time_limit),
			params: body,
		});
		recordings.push(rec);
		return [
			202,
			{
				api_id: apiId(),
				message: 'conference recording started',
				recording_id: rec.recordingId,
				url: context.mediaUrl(rec),
			},
		];
	}

	/** @param {RecordedRequest} entry @param {string} id @returns {Answer} */
	function recording(entry, id) {
		const index = recordings.findIndex((r) => r.recordingId === id);
		if (index < 0) return notFound();
		const rec = recordings[index];
		if (entry.method === 'DELETE') {
			recordings.splice(index, 1);
			return [204, undefined];
		}
		return [
			200,
			{ api_id: apiId(), ...recordingObject(rec, { accountPath, mediaUrl: context.mediaUrl(rec), now: Date.now() }) },
		];
	}

	/**
	 * Routes an authenticated, admitted request.
	 * @param {RecordedRequest} entry @param {string[]} rest path segments after /v1/Account/{authId}/
	 * @returns {Answer}
	 */
	return function route(entry, rest) {
		const m = entry.method;
		if (rest.length === 1 && rest[0] === '') return m === 'GET' ? account() : notAllowed();

		if (rest[0] === 'Conference' && rest.length === 2 && rest[1] === '')
			return m === 'GET' ? liveConferenceNames() : notAllowed();
		if (rest[0] === 'Conference' && entry.conferenceName !== undefined) {
			const name = entry.conferenceName;
			const isRecord = rest.length === 4 && rest[2] === 'Record' && rest[3] === '';
			if (!(rest.length === 3 && rest[2] === '') && !isRecord) return notFound();
			if (isRecord ? m !== 'POST' && m !== 'DELETE' : m !== 'GET') return notAllowed();
			if (!isLive(name)) return [404, { api_id: apiId(), error: 'conference not found' }];
			if (!isRecord) return conference(name);
			return m === 'DELETE' ? stopRecording(name) : startRecording(name, entry.body);
		}

		if (rest[0] === 'Recording' && rest.length === 2 && rest[1] === '') {
			if (m !== 'GET') return notAllowed();
			return listRecordings(recordings, entry.query, {
				accountPath,
				mediaUrl: context.mediaUrl,
				apiId,
				now: Date.now(),
			});
		}
		if (rest[0] === 'Recording' && rest.length === 3 && rest[2] === '') {
			return m === 'GET' || m === 'DELETE' ? recording(entry, rest[1]) : notAllowed();
		}
		return notFound();
	};
}

module.exports = { createRoutes, apiId };
