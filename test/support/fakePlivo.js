// @ts-check
'use strict';

/**
 * Fake Plivo REST API (conference recording subset) for jest tests, the standalone CLI,
 * `npm start` and benchmarks. Listens on 127.0.0.1 only; uses Node built-ins only.
 *
 * Processing order of every request: record it → the next matching injected fault (if any)
 * → Basic auth (401) → rate limit (429) → route. Faulted, 401 and 429 requests do not count
 * toward the rate limit; every other authenticated API request does (accepted requests only,
 * counted on arrival). Media downloads (`Recording/{id}.mp3|.wav`) need Basic auth but are not
 * rate limited (real media lives on media.plivo.com, outside the API limit).
 * The window is sliding: a request at time t is accepted when fewer than `max` accepted
 * requests arrived in (t - windowMs, t].
 *
 * Paths must end with `/` as in Plivo's API (media URLs excepted); others get 404.
 */

const http = require('http');
const crypto = require('crypto');
const { URLSearchParams } = require('url');

/**
 * @typedef {{ max: number, windowMs: number }} RateLimit
 * @typedef {{
 *   port?: number, authId?: string, authToken?: string, latencyMs?: number,
 *   rateLimit?: RateLimit | null, autoFinishMs?: number | null, log?: (line: string) => void
 * }} FakeOptions
 * @typedef {{
 *   method: string, path: string, conferenceName?: string, query: Record<string, string>,
 *   headers: http.IncomingHttpHeaders, body: any, rawBody: string, authOk: boolean,
 *   status: number | null, at: number
 * }} RecordedRequest
 * @typedef {{
 *   recordingId: string, conferenceName: string, fileFormat: 'mp3' | 'wav',
 *   callbackUrl: string | null, callbackMethod: 'GET' | 'POST',
 *   transcriptionUrl: string | null, transcriptionMethod: string | null,
 *   transcriptionType: string | null, timeLimit: number | null, params: Record<string, any>,
 *   startedAt: number, stoppedAt?: number
 * }} Recording
 * @typedef {{
 *   status?: number, body?: string | object, nonJson?: boolean, reset?: boolean,
 *   latencyMs?: number, retryAfter?: number, count?: number,
 *   match?: (req: RecordedRequest) => boolean
 * }} Fault
 * @typedef {'v3' | 'v2' | 'both' | 'none'} SignatureKind
 * @typedef {Record<string, string | number | boolean | Array<string | number>>} Params
 * @typedef {Record<string, string | string[]>} StringParams
 * @typedef {{
 *   url: string, method?: 'GET' | 'POST', params?: Params, signature?: SignatureKind,
 *   authToken?: string, tamper?: (params: StringParams) => StringParams, nonce?: string,
 *   headers?: Record<string, string>, timeoutMs?: number, signedUrl?: string
 * }} CallbackOptions
 *   signedUrl: sign for this URL instead of `url` (a callback meant for another address)
 * @typedef {{ status: number, body: string, headers: http.IncomingHttpHeaders }} CallbackResponse
 * @typedef {{
 *   url: string, method: string, params: StringParams, headers: Record<string, string>,
 *   at: number, status?: number, error?: string
 * }} SentCallback
 */

const DEFAULT_AUTH_ID = 'MAXXXXXXXXXXXXXXXXXX';
const DEFAULT_AUTH_TOKEN = 'ZmFrZVBsaXZvQXV0aFRva2VuMDAwMDAwMDAwMDAw';
const PLIVO_RATE_LIMIT = { max: 300, windowMs: 5000 };

// ---------------------------------------------------------------- signatures (own implementation)

/** @param {string} token @param {string} data */
function hmacBase64(token, data) {
	return crypto.createHmac('sha256', token).update(data, 'utf8').digest('base64');
}

/** Splits a URL string as written: fragment dropped, base (scheme://host[:port]path) and raw query. @param {string} url */
function splitUrl(url) {
	const hash = url.indexOf('#');
	const noFragment = hash < 0 ? url : url.slice(0, hash);
	const q = noFragment.indexOf('?');
	return {
		noFragment,
		base: q < 0 ? noFragment : noFragment.slice(0, q),
		query: q < 0 ? '' : noFragment.slice(q + 1),
	};
}

/** @param {Params | StringParams | undefined} params @returns {StringParams} */
function stringParams(params) {
	/** @type {StringParams} */
	const out = {};
	for (const [key, value] of Object.entries(params || {})) {
		out[key] = Array.isArray(value) ? value.map(String) : String(value);
	}
	return out;
}

/** @param {Map<string, string[]>} map @param {string} key @param {string | string[]} value */
function addValues(map, key, value) {
	const list = map.get(key) || [];
	map.set(key, list.concat(value));
}

/** @param {Map<string, string[]>} map @param {string} sep */
function sortedPairs(map, sep) {
	return [...map.keys()].sort().flatMap((key) => [...(map.get(key) || [])].sort().map((v) => key + sep + v));
}

/** V2: base64(HMAC_SHA256(token, scheme://host[:port]path + nonce)). @param {string} url @param {string} nonce @param {string} authToken */
function signatureV2(url, nonce, authToken) {
	return hmacBase64(authToken, splitUrl(url).base + nonce);
}

/**
 * The string V3 signs (before `.nonce`), see plivo.md.
 * @param {'GET' | 'POST'} method @param {string} url @param {Params | StringParams} [params]
 */
function signatureV3Payload(method, url, params) {
	const { base, query } = splitUrl(url);
	/** @type {Map<string, string[]>} */
	const q = new Map();
	for (const [key, value] of new URLSearchParams(query)) addValues(q, key, value);
	const p = stringParams(params);
	const hasParams = Object.keys(p).length > 0;
	if (method === 'GET' || !hasParams) {
		for (const [key, value] of Object.entries(p)) addValues(q, key, value);
		const qs = sortedPairs(q, '=').join('&');
		return base + (qs ? '?' + qs : '');
	}
	const qs = sortedPairs(q, '=').join('&');
	/** @type {Map<string, string[]>} */
	const pm = new Map();
	for (const [key, value] of Object.entries(p)) addValues(pm, key, value);
	return base + '?' + (qs ? qs + '.' : '') + sortedPairs(pm, '').join('');
}

/**
 * V3: base64(HMAC_SHA256(token, payload + '.' + nonce)).
 * @param {'GET' | 'POST'} method @param {string} url @param {Params | StringParams | undefined} params
 * @param {string} nonce @param {string} authToken
 */
function signatureV3(method, url, params, nonce, authToken) {
	return hmacBase64(authToken, signatureV3Payload(method, url, params || {}) + '.' + nonce);
}

/** A 20-digit nonce like Plivo's. */
function makeNonce() {
	let s = String(crypto.randomInt(1, 10));
	while (s.length < 20) s += String(crypto.randomInt(0, 10));
	return s;
}

/** @param {StringParams} params */
function encodeParams(params) {
	const parts = [];
	for (const [key, value] of Object.entries(params)) {
		for (const v of Array.isArray(value) ? value : [value]) {
			parts.push(encodeURIComponent(key) + '=' + encodeURIComponent(v));
		}
	}
	return parts.join('&');
}

/**
 * Sends a callback the way Plivo does (only http, only loopback targets are expected).
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
		if (encoded) target += (target.includes('?') ? (target.endsWith('?') || target.endsWith('&') ? '' : '&') : '?') + encoded;
	} else {
		body = encoded;
		headers['Content-Type'] = 'application/x-www-form-urlencoded';
		headers['Content-Length'] = String(Buffer.byteLength(body));
	}
	Object.assign(headers, opts.headers || {});
	/** @type {SentCallback} */
	const sent = { url: opts.url, method, params: sentParams, headers, at: Date.now() };
	const u = new URL(target);
	if (u.protocol !== 'http:') return Promise.reject(new Error('fakePlivo: only http callback URLs are supported: ' + target));
	return new Promise((resolve, reject) => {
		const req = http.request(
			{ method, host: u.hostname, port: u.port || 80, path: u.pathname + u.search, headers, agent: false, timeout: opts.timeoutMs || 10000 },
			(res) => {
				/** @type {Buffer[]} */
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => {
					sent.status = res.statusCode || 0;
					resolve({ status: res.statusCode || 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers, sent });
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

// ---------------------------------------------------------------- media

/** 0.1 s of 8 kHz 16-bit mono silence. */
function tinyWav() {
	const dataLen = 1600;
	const b = Buffer.alloc(44 + dataLen);
	b.write('RIFF', 0, 'ascii');
	b.writeUInt32LE(36 + dataLen, 4);
	b.write('WAVE', 8, 'ascii');
	b.write('fmt ', 12, 'ascii');
	b.writeUInt32LE(16, 16);
	b.writeUInt16LE(1, 20); // PCM
	b.writeUInt16LE(1, 22); // mono
	b.writeUInt32LE(8000, 24);
	b.writeUInt32LE(16000, 28);
	b.writeUInt16LE(2, 32);
	b.writeUInt16LE(16, 34);
	b.write('data', 36, 'ascii');
	b.writeUInt32LE(dataLen, 40);
	return b;
}

/** Three silent MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, mono, 417 bytes each). */
function tinyMp3() {
	const frame = Buffer.alloc(417);
	frame.set([0xff, 0xfb, 0x90, 0xc0]);
	return Buffer.concat([frame, frame, frame]);
}

const MEDIA = { mp3: { type: 'audio/mpeg', data: tinyMp3() }, wav: { type: 'audio/x-wav', data: tinyWav() } };

// ---------------------------------------------------------------- server

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
	/** @type {Array<Fault & { remaining: number }>} */
	let faults = [];
	/** @type {number[]} arrival times of accepted (rate-counted) requests inside the window */
	let accepted = [];
	let maxInWindow = 0;
	/** @type {Set<NodeJS.Timeout>} */
	const timers = new Set();

	/** @param {() => void} fn @param {number} ms */
	function later(fn, ms) {
		if (ms <= 0) return fn();
		const t = setTimeout(() => {
			timers.delete(t);
			fn();
		}, ms);
		timers.add(t);
	}

	const apiId = () => crypto.randomUUID();
	const accountPath = `/v1/Account/${authId}/`;
	/** @param {Recording} rec */
	const mediaUrl = (rec) => `${fake.baseUrl}/v1/Account/${authId}/Recording/${rec.recordingId}.${rec.fileFormat}`;

	/** @param {string | undefined} header */
	function checkAuth(header) {
		const m = /^Basic\s+(.+)$/i.exec(header || '');
		if (!m) return false;
		const decoded = Buffer.from(m[1], 'base64').toString('utf8');
		const i = decoded.indexOf(':');
		return i >= 0 && decoded.slice(0, i) === authId && decoded.slice(i + 1) === authToken;
	}

	/** @param {string} name */
	const isLive = (name) => fake.liveConferences === null || fake.liveConferences.has(name);

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

	/** @param {string | null | undefined} url */
	const isHttpUrl = (url) => typeof url === 'string' && /^https?:\/\/[^\s/]+/i.test(url);

	/**
	 * Routes an authenticated, admitted request. Returns [status, body] (body undefined → empty).
	 * @param {RecordedRequest} entry @param {string[]} rest segments after /v1/Account/{authId}/
	 * @returns {[number, any]}
	 */
	function route(entry, rest) {
		const m = entry.method;
		const notAllowed = /** @type {[number, any]} */ ([405, { api_id: apiId(), error: 'method not allowed' }]);
		const notFound = /** @type {[number, any]} */ ([404, { api_id: apiId(), error: 'not found' }]);
		if (rest.length === 1 && rest[0] === '') {
			if (m !== 'GET') return notAllowed;
			return [200, {
				account_type: 'standard', address: '', api_id: apiId(), auth_id: authId, auto_recharge: false,
				billing_mode: 'prepaid', cash_credits: '100.00000', city: '', name: 'Fake Plivo Account',
				resource_uri: accountPath, state: '', timezone: 'UTC',
			}];
		}
		if (rest[0] === 'Conference' && rest.length === 2 && rest[1] === '') {
			if (m !== 'GET') return notAllowed;
			const names = fake.liveConferences !== null
				? [...fake.liveConferences]
				: [...new Set(recordings.filter((r) => r.stoppedAt === undefined).map((r) => r.conferenceName))];
			return [200, { api_id: apiId(), conferences: names }];
		}
		if (rest[0] === 'Conference' && entry.conferenceName !== undefined) {
			const name = entry.conferenceName;
			const isRecord = rest.length === 4 && rest[2] === 'Record' && rest[3] === '';
			if (!(rest.length === 3 && rest[2] === '') && !isRecord) return notFound;
			if (isRecord ? m !== 'POST' && m !== 'DELETE' : m !== 'GET') return notAllowed;
			if (!isLive(name)) return [404, { api_id: apiId(), error: 'conference not found' }];
			if (!isRecord) {
				return [200, {
					api_id: apiId(), conference_name: name, conference_run_time: '60', conference_member_count: '1',
					members: [{
						muted: false, member_id: '1', deaf: false, from: '15555550100', to: '15555550199', caller_name: '',
						direction: 'inbound', call_uuid: crypto.randomUUID(), join_time: '60',
					}],
				}];
			}
			if (m === 'DELETE') {
				const now = Date.now();
				for (const rec of recordings) {
					if (rec.conferenceName !== name || rec.stoppedAt !== undefined) continue;
					rec.stoppedAt = now;
					if (autoFinishMs !== null) {
						const failed = (/** @type {Error} */ err) => log(`callback for ${rec.recordingId} failed: ${err.message}`);
						later(() => fake.finishRecording(rec.recordingId).catch(failed), autoFinishMs);
					}
				}
				return [204, undefined];
			}
			const body = entry.body && typeof entry.body === 'object' ? entry.body : {};
			const fileFormat = body.file_format === undefined ? 'mp3' : body.file_format;
			if (fileFormat !== 'mp3' && fileFormat !== 'wav') return [400, { api_id: apiId(), error: 'file_format must be mp3 or wav' }];
			const callbackMethod = body.callback_method === undefined ? 'POST' : body.callback_method;
			if (callbackMethod !== 'GET' && callbackMethod !== 'POST') {
				return [400, { api_id: apiId(), error: 'callback_method must be GET or POST' }];
			}
			if (body.transcription_method !== undefined && body.transcription_method !== 'GET' && body.transcription_method !== 'POST') {
				return [400, { api_id: apiId(), error: 'transcription_method must be GET or POST' }];
			}
			if (body.transcription_type !== undefined && body.transcription_type !== 'auto' && body.transcription_type !== 'hybrid') {
				return [400, { api_id: apiId(), error: 'transcription_type must be auto' }];
			}
			for (const key of ['callback_url', 'transcription_url']) {
				if (body[key] !== undefined && !isHttpUrl(body[key])) return [400, { api_id: apiId(), error: `${key} is not a valid URL` }];
			}
			/** @type {Recording} */
			const rec = {
				recordingId: crypto.randomUUID(),
				conferenceName: name,
				fileFormat,
				callbackUrl: body.callback_url || null,
				callbackMethod,
				transcriptionUrl: body.transcription_url || null,
				transcriptionMethod: body.transcription_method || null,
				transcriptionType: body.transcription_type || null,
				timeLimit: body.time_limit === undefined ? null : Number(body.time_limit),
				params: body,
				startedAt: Date.now(),
			};
			recordings.push(rec);
			return [202, { api_id: apiId(), message: 'conference recording started', recording_id: rec.recordingId, url: mediaUrl(rec) }];
		}
		if (rest[0] === 'Recording' && rest.length === 3 && rest[2] === '') {
			if (m !== 'GET') return notAllowed;
			const rec = recordings.find((r) => r.recordingId === rest[1]);
			if (!rec) return notFound;
			const end = rec.stoppedAt === undefined ? Date.now() : rec.stoppedAt;
			return [200, {
				add_time: new Date(rec.startedAt).toISOString(), api_id: apiId(), call_uuid: '', conference_name: rec.conferenceName,
				recording_duration_ms: String(end - rec.startedAt), recording_end_ms: String(end), recording_format: rec.fileFormat,
				recording_id: rec.recordingId, recording_start_ms: String(rec.startedAt), recording_type: 'conference',
				recording_url: mediaUrl(rec), resource_uri: `${accountPath}Recording/${rec.recordingId}/`,
			}];
		}
		return notFound;
	}

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
		const underAccount = segments.length >= 5 && segments[0] === '' && segments[1] === 'v1' && segments[2] === 'Account';
		const rest = underAccount ? segments.slice(4) : [];
		/** @type {RecordedRequest} */
		const entry = {
			method: req.method || 'GET', path, query, headers: req.headers, body, rawBody,
			authOk: checkAuth(req.headers.authorization) && (!underAccount || segments[3] === authId),
			status: null, at: Date.now(),
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

		const faultIndex = faults.findIndex((f) => !f.match || f.match(entry));
		if (faultIndex >= 0) {
			const f = faults[faultIndex];
			if (--f.remaining <= 0) faults.splice(faultIndex, 1);
			const delay = latencyMs + (f.latencyMs || 0);
			if (f.reset) {
				entry.status = 0;
				log(`${entry.method} ${path} → socket reset`);
				later(() => req.socket.destroy(), delay);
				return;
			}
			const answers = f.status !== undefined || f.body !== undefined || f.nonJson || f.retryAfter !== undefined;
			if (answers) {
				const status = f.status || (f.nonJson ? 502 : f.retryAfter !== undefined ? 429 : 500);
				/** @type {Record<string, string>} */
				const headers = {};
				if (f.retryAfter !== undefined) headers['Retry-After'] = String(f.retryAfter);
				let payload = f.body;
				if (f.nonJson) {
					payload = typeof payload === 'string' ? payload : '<html><body><h1>502 Bad Gateway</h1></body></html>';
					headers['Content-Type'] = 'text/html';
				} else if (payload === undefined) {
					const error = status === 429 ? 'Too many requests' : status >= 500 ? 'Internal server error' : 'fault injected';
					payload = { api_id: apiId(), error };
				} else if (typeof payload === 'string') {
					headers['Content-Type'] = /^\s*[{[]/.test(payload) ? 'application/json' : 'text/plain';
				}
				send(status, payload, headers, f.latencyMs || 0);
				return;
			}
			// latency-only fault: answer normally, later
			return proceed(f.latencyMs || 0);
		}
		return proceed(0);

		/** @param {number} extraDelay */
		function proceed(extraDelay) {
			if (!entry.authOk) return send(401, { api_id: apiId(), error: 'Authentication credentials invalid' }, {}, extraDelay);
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
			const [status, payload] = route(entry, rest);
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
		recordings,
		/** Callbacks sent by sendCallback / finishRecording, with the status or error they got. */
		callbacks,
		/** @type {Set<string> | null} null = every conference name is live */
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
			faults.push({ ...fault, remaining: fault.count === undefined ? 1 : fault.count });
		},
		clearFaults() {
			faults = [];
		},
		/** Clears requests, recordings, callbacks, faults, rate-limit window, stats and pending timers. */
		reset() {
			requests.length = 0;
			recordings.length = 0;
			callbacks.length = 0;
			faults = [];
			accepted = [];
			maxInWindow = 0;
			for (const t of timers) clearTimeout(t);
			timers.clear();
		},
		/** total = recorded requests, byStatus (0 = socket reset), maxInWindow = most accepted requests seen in one window. */
		stats() {
			/** @type {Record<number, number>} */
			const byStatus = {};
			for (const r of requests) if (r.status !== null) byStatus[r.status] = (byStatus[r.status] || 0) + 1;
			return { total: requests.length, byStatus, maxInWindow };
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
				callbacks.push({ url: opts.url, method: opts.method || 'POST', params: stringParams(opts.params), headers: {}, at: Date.now(), error });
				throw err;
			}
		},

		/** @param {Recording | string} recording @param {Record<string, string>} [overrides] */
		recordingCallbackParams(recording, overrides = {}) {
			const rec = findRecording(recording);
			const end = rec.stoppedAt === undefined ? Date.now() : rec.stoppedAt;
			const ms = Math.max(0, end - rec.startedAt);
			return {
				api_id: apiId(),
				record_url: mediaUrl(rec),
				recording_id: rec.recordingId,
				conference_name: rec.conferenceName,
				recording_duration: String(Math.round(ms / 1000)),
				recording_duration_ms: String(ms),
				recording_start_ms: String(rec.startedAt),
				recording_end_ms: String(end),
				...overrides,
			};
		},

		/** @param {Recording | string} recording @param {Record<string, string>} [overrides] */
		transcriptionCallbackParams(recording, overrides = {}) {
			const rec = findRecording(recording);
			const end = rec.stoppedAt === undefined ? Date.now() : rec.stoppedAt;
			return {
				transcription_charge: '0.05000',
				transcription: 'This is a test transcription from the fake Plivo server.',
				duration: String(Math.round(Math.max(0, end - rec.startedAt) / 1000)),
				call_uuid: crypto.randomUUID(),
				transcription_rate: '0.05000',
				recording_id: rec.recordingId,
				error: '',
				...overrides,
			};
		},

		/**
		 * Ends a recording (sets stoppedAt if unset) and sends its callbacks: the recording one to
		 * callbackUrl with callbackMethod, then, if transcriptionUrl was given, the transcription one
		 * (always POST). Can be called again to simulate Plivo's duplicate deliveries.
		 * @param {string} recordingId
		 * @param {{ signature?: SignatureKind, recordingParams?: Record<string, string>, transcriptionParams?: Record<string, string> }} [opts]
		 */
		async finishRecording(recordingId, opts = {}) {
			const rec = findRecording(recordingId);
			if (rec.stoppedAt === undefined) rec.stoppedAt = Date.now();
			const signature = opts.signature || 'v3';
			/** @type {{ recording: CallbackResponse | null, transcription: CallbackResponse | null }} */
			const result = { recording: null, transcription: null };
			if (rec.callbackUrl) {
				result.recording = await fake.sendCallback({
					url: rec.callbackUrl, method: rec.callbackMethod, signature,
					params: fake.recordingCallbackParams(rec, opts.recordingParams),
				});
			}
			if (rec.transcriptionUrl) {
				result.transcription = await fake.sendCallback({
					url: rec.transcriptionUrl, method: 'POST', signature,
					params: fake.transcriptionCallbackParams(rec, opts.transcriptionParams),
				});
			}
			return result;
		},

		async close() {
			for (const t of timers) clearTimeout(t);
			timers.clear();
			await new Promise((resolve) => {
				server.close(() => resolve(undefined));
				server.closeAllConnections();
			});
		},
	};
	return fake;
}

module.exports = { startFakePlivo, signatureV2, signatureV3, signatureV3Payload, DEFAULT_AUTH_ID, DEFAULT_AUTH_TOKEN };
