// @ts-check
'use strict';
/**
 * The fake Plivo server for the tests, the standalone CLI, `npm start` and the benchmarks.
 * Listens on 127.0.0.1 only; Node built-ins only.
 *
 * Processing order of every request: record it → the next matching injected fault (if any)
 * → Basic auth (401) → rate limit (429) → route (routes.js). Faulted, 401 and 429 requests do
 * not count toward the rate limit; every other authenticated API request does (accepted
 * requests only, counted on arrival). Media downloads (`Recording/{id}.mp3|.wav`) need Basic
 * auth but are not rate limited (real media lives on media.plivo.com, outside the API limit).
 * The window is sliding: a request at time t is accepted when fewer than `max` accepted
 * requests arrived in (t - windowMs, t].
 */
const http = require('node:http');
const { URLSearchParams } = require('node:url');

const { register } = require('../cleanup');

const {
	deliverCallback,
	recordActionParams,
	recordCallbackParams,
	recordingCallbackParams,
	transcriptionCallbackParams,
	xmlConferenceEventParams,
	xmlRecordingCallbackParams,
} = require('./callbacks');
const { createFaults, faultAnswer } = require('./faults');
const { MEDIA } = require('./media');
const { createCallApi } = require('./calls');
const { createMaskingApi } = require('./masking');
const { createMpcApi } = require('./mpc');
const { newRecording } = require('./recordings');
const { apiId, createRoutes } = require('./routes');
const { stringParams } = require('./signing');
const { createTranscriptionApi } = require('./transcriptions');

/** @typedef {import('./types').FakeOptions} FakeOptions */
/** @typedef {import('./types').RateLimit} RateLimit */
/** @typedef {import('./types').RecordedRequest} RecordedRequest */
/** @typedef {import('./types').Recording} Recording */
/** @typedef {import('./types').NewRecording} NewRecording */
/** @typedef {import('./types').Fault} Fault */
/** @typedef {import('./types').SignatureKind} SignatureKind */
/** @typedef {import('./types').CallbackOptions} CallbackOptions */
/** @typedef {import('./types').CallbackResponse} CallbackResponse */
/** @typedef {import('./types').SentCallback} SentCallback */

const DEFAULT_AUTH_ID = 'MAXXXXXXXXXXXXXXXXXX';
const DEFAULT_AUTH_TOKEN = 'ZmFrZVBsaXZvQXV0aFRva2VuMDAwMDAwMDAwMDAw';
const PLIVO_RATE_LIMIT = { max: 300, windowMs: 5000 };

/** @param {FakeOptions} [options] */
async function startFakePlivo(options = {}) {
	const authId = options.authId || DEFAULT_AUTH_ID;
	const authToken = options.authToken || DEFAULT_AUTH_TOKEN;
	const log = options.log || (() => {});
	let latencyMs = options.latencyMs || 0;
	/** @type {RateLimit | null} */
	let rateLimit = options.rateLimit === undefined ? { ...PLIVO_RATE_LIMIT } : options.rateLimit;
	const autoFinishMs = options.autoFinishMs == null ? null : options.autoFinishMs;

	/** @type {RecordedRequest[]} */
	const requests = [];
	/** @type {Recording[]} */
	const recordings = [];
	/** @type {SentCallback[]} */
	const callbacks = [];
	const faults = createFaults();
	/** @type {number[]} arrival times of accepted (rate-counted) requests inside the window */
	let accepted = [];
	let maxInWindow = 0;
	/** @type {Set<NodeJS.Timeout>} */
	const timers = new Set();
	/** @type {Set<Promise<unknown>>} callbacks the fake sends by itself (MPC events, time limits…), until settled */
	const inFlight = new Set();

	/** @template T @param {Promise<T>} promise @returns {Promise<T | undefined>} */
	function track(promise) {
		const p = promise.catch((/** @type {Error} */ err) => {
			log(`callback failed: ${err && err.message}`);
			return undefined;
		});
		inFlight.add(p);
		p.finally(() => inFlight.delete(p));
		return p;
	}

	/** @param {() => void} fn @param {number} ms */
	function later(fn, ms) {
		if (ms <= 0) return fn();
		const t = setTimeout(() => {
			timers.delete(t);
			fn();
		}, ms);
		timers.add(t);
	}

	const accountPath = `/v1/Account/${authId}/`;
	/** @param {Recording} rec */
	const mediaUrl = (rec) => `${fake.baseUrl}/v1/Account/${authId}/Recording/${rec.recordingId}.${rec.fileFormat}`;

	const mpcApi = createMpcApi({
		accountPath,
		recordings,
		mediaUrlOf: (id, fileFormat) => `${fake.baseUrl}${accountPath}Recording/${id}.${fileFormat}`,
		resourceUrlOf: (id) => `${fake.baseUrl}${accountPath}Recording/${id}/`,
		send: (opts) => track(fake.sendCallback({ signature: 'v3', ...opts })),
		completed: async (rec, transcription) => {
			if (!transcription) return;
			transcriptionApi.madeWith(rec);
			await track(
				fake.sendCallback({
					url: transcription.url,
					method: 'POST',
					signature: 'v3',
					params: fake.transcriptionCallbackParams(rec),
				}),
			);
		},
	});

	const maskingApi = createMaskingApi({
		accountPath,
		recordings,
		mediaUrlOf: (id, fileFormat) => `${fake.baseUrl}${accountPath}Recording/${id}.${fileFormat}`,
		resourceUrlOf: (id) => `${fake.baseUrl}${accountPath}Recording/${id}/`,
		send: (opts) => track(fake.sendCallback({ signature: 'v3', ...opts })),
	});

	const timeScale = options.timeScale ?? 1;
	/** A stop by the API: the callbacks follow autoFinishMs later (none when null). @param {Recording} rec */
	const stopped = (rec) => {
		if (autoFinishMs === null) return;
		const failed = (/** @type {Error} */ err) => log(`callback for ${rec.recordingId} failed: ${err.message}`);
		later(() => fake.finishRecording(rec.recordingId).catch(failed), autoFinishMs);
	};
	const callApi = createCallApi({
		recordings,
		mediaUrl: (rec) => mediaUrl(rec),
		later,
		timeScale: () => timeScale,
		finish: (rec) => track(fake.finishRecording(rec.recordingId)),
		stopped,
	});

	const autoTranscribeMs = options.autoTranscribeMs == null ? null : options.autoTranscribeMs;
	const transcriptionApi = createTranscriptionApi({
		recordings,
		ordered: (t) => {
			if (autoTranscribeMs === null) return;
			later(() => {
				if (transcriptionApi.transcriptions.get(t.recordingId) === t) track(fake.finishTranscription(t.recordingId));
			}, autoTranscribeMs);
		},
	});

	/** @param {string | undefined} header */
	function checkAuth(header) {
		const m = /^Basic\s+(.+)$/i.exec(header || '');
		if (!m) return false;
		const decoded = Buffer.from(m[1], 'base64').toString('utf8');
		const i = decoded.indexOf(':');
		return i >= 0 && decoded.slice(0, i) === authId && decoded.slice(i + 1) === authToken;
	}

	/** Counts the request against the sliding window; false when over the limit. */
	function admit() {
		const now = Date.now();
		const windowMs = rateLimit ? rateLimit.windowMs : PLIVO_RATE_LIMIT.windowMs;
		while (accepted.length && accepted[0] <= now - windowMs) accepted.shift();
		if (rateLimit && accepted.length >= rateLimit.max) return false;
		accepted.push(now);
		if (accepted.length > maxInWindow) maxInWindow = accepted.length;
		return true;
	}

	const route = createRoutes({
		authId,
		accountPath,
		recordings,
		liveConferences: () => fake.liveConferences,
		mediaUrl,
		stopped,
	});

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	async function handle(req, res) {
		/** @type {Buffer[]} */
		const chunks = [];
		for await (const c of req) chunks.push(c);
		const rawBody = Buffer.concat(chunks).toString('utf8');
		const rawUrl = req.url || '/';
		const q = rawUrl.indexOf('?');
		const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
		const query = Object.fromEntries(new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1)));
		const type = String(req.headers['content-type'] || '').toLowerCase();
		/** @type {any} */
		let body = rawBody;
		let badJson = false;
		if (rawBody && type.includes('application/json')) {
			try {
				body = JSON.parse(rawBody);
			} catch {
				badJson = true;
			}
		} else if (type.includes('application/x-www-form-urlencoded')) {
			body = Object.fromEntries(new URLSearchParams(rawBody));
		}

		const segments = path.split('/');
		const underAccount =
			segments.length >= 5 && segments[0] === '' && segments[1] === 'v1' && segments[2] === 'Account';
		const rest = underAccount ? segments.slice(4) : [];
		/** @type {RecordedRequest} */
		const entry = {
			method: req.method || 'GET',
			path,
			query,
			headers: req.headers,
			body,
			rawBody,
			authOk: checkAuth(req.headers.authorization) && (!underAccount || segments[3] === authId),
			status: null,
			at: Date.now(),
		};
		let badName = false;
		if (rest[0] === 'Conference' && rest.length >= 3) {
			try {
				entry.conferenceName = decodeURIComponent(rest[1]);
			} catch {
				badName = true;
			}
		}
		requests.push(entry);

		/** @param {number} status @param {any} [payload] @param {Record<string, string>} [headers] @param {number} [extraDelay] */
		const send = (status, payload, headers = {}, extraDelay = 0) => {
			entry.status = status;
			log(`${entry.method} ${path} → ${status}`);
			later(() => {
				if (res.destroyed) return;
				/** @type {string | Buffer} */
				let data = '';
				const h = { ...headers };
				if (Buffer.isBuffer(payload) || typeof payload === 'string') data = payload;
				else if (payload !== undefined) {
					data = JSON.stringify(payload);
					h['Content-Type'] = 'application/json';
				}
				if (status !== 204) h['Content-Length'] = String(Buffer.byteLength(data));
				res.writeHead(status, h);
				res.end(status === 204 ? undefined : data);
			}, latencyMs + extraDelay);
		};

		const fault = faults.take(entry);
		if (fault) {
			const answer = faultAnswer(fault, apiId);
			if ('reset' in answer) {
				entry.status = 0;
				log(`${entry.method} ${path} → socket reset`);
				later(() => req.socket.destroy(), latencyMs + answer.delayMs);
				return;
			}
			if ('proceedAfterMs' in answer) return proceed(answer.proceedAfterMs);
			send(answer.status, answer.payload, answer.headers, answer.delayMs);
			return;
		}
		return proceed(0);

		/** @param {number} extraDelay */
		function proceed(extraDelay) {
			if (!entry.authOk)
				return send(401, { api_id: apiId(), error: 'Authentication credentials invalid' }, {}, extraDelay);
			if (!underAccount) return send(404, { api_id: apiId(), error: 'not found' }, {}, extraDelay);
			const media = rest.length === 2 && rest[0] === 'Recording' ? /^([^/.]+)\.(mp3|wav)$/.exec(rest[1]) : null;
			if (media) {
				const rec = recordings.find((r) => r.recordingId === media[1]);
				if (!rec || entry.method !== 'GET') return send(404, { api_id: apiId(), error: 'not found' }, {}, extraDelay);
				const file = MEDIA[/** @type {'mp3' | 'wav'} */ (media[2])];
				return send(200, file.data, { 'Content-Type': file.type }, extraDelay);
			}
			if (!admit()) return send(429, { api_id: apiId(), error: 'Too many requests' }, {}, extraDelay);
			if (badJson) return send(400, { api_id: apiId(), error: 'invalid JSON body' }, {}, extraDelay);
			if (badName) return send(400, { api_id: apiId(), error: 'invalid conference name' }, {}, extraDelay);
			const [status, payload] =
				mpcApi.route(entry, rest) ||
				maskingApi.route(entry, rest) ||
				callApi.route(entry, rest) ||
				transcriptionApi.route(entry, rest) ||
				route(entry, rest);
			return send(status, payload, {}, extraDelay);
		}
	}

	const server = http.createServer((req, res) => {
		handle(req, res).catch((err) => {
			log(`fakePlivo handler error: ${err && err.stack}`);
			if (!res.headersSent && !res.destroyed) res.writeHead(500).end();
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port || 0, '127.0.0.1', () => resolve(undefined));
	});
	const address = server.address();
	const port = address && typeof address === 'object' ? address.port : 0;

	/** @param {Recording | string} recording */
	const findRecording = (recording) => {
		if (typeof recording !== 'string') return recording;
		const rec = recordings.find((r) => r.recordingId === recording);
		if (!rec) throw new Error(`fakePlivo: unknown recording ${recording}`);
		return rec;
	};

	const fake = {
		baseUrl: `http://127.0.0.1:${port}`,
		port,
		authId,
		authToken,
		requests,
		/** Every recording the account holds (deleted ones leave), in the order they were made. */
		recordings,
		/** Callbacks sent by sendCallback / finishRecording, with the status or error they got. */
		callbacks,
		/** @type {Set<string> | null} null = every conference name is live (and `GET Conference/` lists those recording) */
		liveConferences: /** @type {Set<string> | null} */ (null),

		/** @param {number} ms */
		setLatency(ms) {
			latencyMs = ms;
		},
		/** @param {RateLimit | null} limit */
		setRateLimit(limit) {
			rateLimit = limit;
		},
		/** @param {Fault} fault */
		injectFault(fault) {
			faults.inject(fault);
		},
		clearFaults() {
			faults.clear();
		},
		/** Clears requests, recordings, callbacks, faults, rate-limit window, stats and pending timers. */
		reset() {
			requests.length = 0;
			recordings.length = 0;
			callbacks.length = 0;
			faults.clear();
			accepted = [];
			maxInWindow = 0;
			for (const t of timers) clearTimeout(t);
			timers.clear();
			mpcApi.reset();
			maskingApi.reset();
			callApi.reset();
			transcriptionApi.reset();
		},
		/** total = recorded requests, byStatus (0 = socket reset), maxInWindow = most accepted requests seen in one window. */
		stats() {
			/** @type {Record<number, number>} */
			const byStatus = {};
			for (const r of requests) if (r.status !== null) byStatus[r.status] = (byStatus[r.status] || 0) + 1;
			return { total: requests.length, byStatus, maxInWindow };
		},

		/**
		 * Puts a finished recording in the account, as if it had been made earlier (for the list,
		 * get, download and delete calls). Defaults: an mp3 of 30 s that ended now.
		 * @param {NewRecording} [fields] @returns {Recording}
		 */
		addRecording(fields = {}) {
			const stoppedAt = fields.stoppedAt ?? fields.addedAt ?? Date.now();
			const rec = newRecording({ startedAt: stoppedAt - 30_000, stoppedAt, addedAt: stoppedAt, ...fields });
			recordings.push(rec);
			return rec;
		},

		/**
		 * A conference recorded by Conference XML (`record="true"`, `recordFileFormat`,
		 * `callbackUrl`, `callbackMethod`): the recording runs until finishRecording(), whose
		 * callback then carries the XML element's parameter names.
		 * @param {{ conferenceName: string, callbackUrl: string, callbackMethod?: 'GET' | 'POST', fileFormat?: 'mp3' | 'wav' }} xml
		 * @returns {Recording}
		 */
		recordConferenceByXml({ conferenceName, callbackUrl, callbackMethod = 'POST', fileFormat = 'mp3' }) {
			const rec = newRecording({ conferenceName, callbackUrl, callbackMethod, fileFormat, source: 'xml' });
			recordings.push(rec);
			return rec;
		},

		/** @param {CallbackOptions} opts @returns {Promise<CallbackResponse>} */
		async sendCallback(opts) {
			try {
				const { sent, ...response } = await deliverCallback(opts, authToken);
				callbacks.push(sent);
				log(`callback ${sent.method} ${opts.url} → ${response.status}`);
				return response;
			} catch (err) {
				const error = err instanceof Error ? err.message : String(err);
				callbacks.push({
					url: opts.url,
					method: opts.method || 'POST',
					params: stringParams(opts.params),
					headers: {},
					at: Date.now(),
					error,
				});
				throw err;
			}
		},

		/** The Record API's recording callback. @param {Recording | string} recording @param {Record<string, string>} [overrides] */
		recordingCallbackParams(recording, overrides = {}) {
			const rec = findRecording(recording);
			return recordingCallbackParams(rec, mediaUrl(rec), overrides);
		},

		/** @param {Recording | string} recording @param {Record<string, string>} [overrides] */
		transcriptionCallbackParams(recording, overrides = {}) {
			return transcriptionCallbackParams(findRecording(recording), overrides);
		},

		/** Conference XML's callback for the finished file. @param {Recording | string} recording @param {Record<string, string>} [overrides] */
		xmlRecordingCallbackParams(recording, overrides = {}) {
			const rec = findRecording(recording);
			return xmlRecordingCallbackParams(rec, mediaUrl(rec), overrides);
		},

		/**
		 * Conference XML's callback for a member event (`enter`, `exit`) of a conference that records.
		 * @param {Recording | string} recording @param {string} action @param {Record<string, string>} [overrides]
		 */
		xmlConferenceEventParams(recording, action, overrides = {}) {
			const rec = findRecording(recording);
			return xmlConferenceEventParams(rec, action, mediaUrl(rec), overrides);
		},

		/**
		 * Sends a Conference XML member event (`enter`, `exit`) to the recording's callbackUrl.
		 * @param {Recording | string} recording @param {string} action @param {{ signature?: SignatureKind }} [opts]
		 */
		async sendConferenceEvent(recording, action, opts = {}) {
			const rec = findRecording(recording);
			if (!rec.callbackUrl) throw new Error(`fakePlivo: recording ${rec.recordingId} has no callback URL`);
			return await fake.sendCallback({
				url: rec.callbackUrl,
				method: rec.callbackMethod,
				signature: opts.signature || 'v3',
				params: fake.xmlConferenceEventParams(rec, action),
			});
		},

		/**
		 * Ends a recording (sets stoppedAt if unset) and sends its callbacks: the recording one to
		 * callbackUrl with callbackMethod (Conference XML's names for a recording made by XML), then,
		 * if transcriptionUrl was given, the transcription one (always POST). Can be called again
		 * to simulate Plivo's duplicate deliveries.
		 * @param {string} recordingId
		 * @param {{ signature?: SignatureKind, recordingParams?: Record<string, string>, transcriptionParams?: Record<string, string> }} [opts]
		 */
		async finishRecording(recordingId, opts = {}) {
			const rec = findRecording(recordingId);
			if (rec.stoppedAt === undefined) rec.stoppedAt = Date.now();
			const signature = opts.signature || 'v3';
			/** @type {{ recording: CallbackResponse | null, transcription: CallbackResponse | null, action: CallbackResponse | null }} */
			const result = { recording: null, transcription: null, action: null };
			if (rec.recordingType === 'call' && rec.source === 'xml') {
				const call = callApi.findCall(rec.callUuid);
				if (rec.actionUrl && call) {
					result.action = await fake.sendCallback({
						url: rec.actionUrl,
						method: rec.actionMethod,
						signature,
						params: recordActionParams(rec, call, mediaUrl(rec), opts.recordingParams),
					});
				}
				if (rec.callbackUrl) {
					result.recording = await fake.sendCallback({
						url: rec.callbackUrl,
						method: rec.callbackMethod,
						signature,
						params: recordCallbackParams(rec, mediaUrl(rec), opts.recordingParams),
					});
				}
			} else if (rec.callbackUrl) {
				const params =
					rec.source === 'xml'
						? fake.xmlRecordingCallbackParams(rec, opts.recordingParams)
						: fake.recordingCallbackParams(rec, opts.recordingParams);
				result.recording = await fake.sendCallback({
					url: rec.callbackUrl,
					method: rec.callbackMethod,
					signature,
					params,
				});
			}
			if (rec.transcriptionUrl) {
				transcriptionApi.madeWith(rec);
				result.transcription = await fake.sendCallback({
					url: rec.transcriptionUrl,
					method: 'POST',
					signature,
					params: fake.transcriptionCallbackParams(rec, opts.transcriptionParams),
				});
			}
			return result;
		},

		/** Multi-Party Calls, newest last (mpc.js). */
		mpcs: mpcApi.mpcs,
		/** Their recordings by recording id, in progress or not (a completed one is also in `recordings`). */
		mpcRecordings: mpcApi.mpcRecordings,
		/** A live MPC (status 'active' unless 'initialized' is asked for). */
		startMpc: mpcApi.startMpc,
		/** A member joins (member ids 1001, 1002, … unless given). */
		addMpcParticipant: mpcApi.addMpcParticipant,
		/** Ends it (status 'ended'); recordings in progress complete and their callbacks are sent. */
		endMpc: mpcApi.endMpc,
		/** An MPC or participant recording in progress fails: …RecordingFailed is sent. */
		failRecording: mpcApi.failRecording,

		/** Number Masking sessions, newest last (masking.js). */
		maskingSessions: maskingApi.sessions,
		/** The calls of those sessions, newest last. */
		maskingCalls: maskingApi.maskingCalls,
		/** An active session (a virtual number of the fake's own unless given; `sessionExpiry` in seconds, default 3600). */
		createMaskingSession: maskingApi.createMaskingSession,
		/** Expires it now, as `DELETE Masking/Session/{uuid}` does. */
		expireMaskingSession: maskingApi.expireMaskingSession,
		/**
		 * A call of the session is answered: SessionRecordingInitiated if the session records (or
		 * SessionRecordingFailed with `recordingFails`), From / To unless `partyFields: 'firstSecond'`.
		 */
		startMaskingCall: maskingApi.startMaskingCall,
		/** It ends: a recording in progress completes (SessionRecordingCompleted, awaited) and enters the Recording list. */
		endMaskingCall: maskingApi.endMaskingCall,
		/** Sends one of the call's recording events again, as Plivo's retries do. */
		repeatMaskingEvent: maskingApi.repeatMaskingEvent,

		/** Calls, newest last (calls.js). */
		calls: callApi.calls,
		/** A live call (from 15555550100 to 15555550199, outbound, unless given). */
		startCall: callApi.startCall,
		/** Hangs up: its recordings in progress stop and their callbacks are sent. */
		endCall: callApi.endCall,
		/**
		 * The <Record> element on a live call (action, method, callbackUrl, callbackMethod,
		 * fileFormat): runs until finishRecording() or endCall(); then its fields go to action and callbackUrl.
		 */
		recordCallByXml: callApi.recordCallByXml,

		/** Transcriptions by recording id (ordered by `POST Transcription/…`, or made with their recording). */
		transcriptions: transcriptionApi.transcriptions,

		/** A recording transcribed as it was made: `GET Transcription/{id}/` finds it ready. */
		transcribed: transcriptionApi.madeWith,

		/**
		 * An ordered transcription becomes ready (GET finds it) and, if the order named a
		 * transcription_callback_url, the transcription callback is POSTed there (V3-signed). Can be
		 * called again to simulate a duplicate delivery.
		 * @param {string} recordingId
		 * @param {{ signature?: SignatureKind, params?: Record<string, string> }} [opts]
		 */
		async finishTranscription(recordingId, opts = {}) {
			const t = transcriptionApi.transcriptions.get(recordingId);
			if (!t) throw new Error(`fakePlivo: no transcription ordered for ${recordingId}`);
			if (t.state !== 'ready') {
				t.state = 'ready';
				t.readyAt = Date.now();
			}
			/** @type {{ transcription: CallbackResponse | null }} */
			const result = { transcription: null };
			if (t.callbackUrl) {
				result.transcription = await fake.sendCallback({
					url: t.callbackUrl,
					method: 'POST',
					signature: opts.signature || 'v3',
					params: fake.transcriptionCallbackParams(recordingId, opts.params),
				});
			}
			return result;
		},

		/** Waits until every callback the fake sent by itself so far (MPC events, time limits, transcriptions) is answered. */
		async idle() {
			await mpcApi.idle();
			await maskingApi.idle();
			while (inFlight.size) await Promise.all([...inFlight]);
		},

		async close() {
			unregister();
			for (const t of timers) clearTimeout(t);
			timers.clear();
			if (!server.listening) return;
			await new Promise((resolve) => {
				server.close(() => resolve(undefined));
				server.closeAllConnections();
			});
		},
	};
	// A suite's hook that gives up before its afterAll knows of the fake still closes it (tools/cleanup).
	const unregister = register({ name: `the fake Plivo on port ${port}`, stop: () => fake.close() });
	return fake;
}

module.exports = { startFakePlivo, DEFAULT_AUTH_ID, DEFAULT_AUTH_TOKEN };
