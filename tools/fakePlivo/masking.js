// @ts-check
'use strict';
/**
 * Number Masking sessions and the recordings of their calls, under `/v1/Account/{auth_id}/`
 * (shapes from Plivo's Number Masking pages, plivo-python's maskingsession.py and fixtures,
 * plivo-go's maskingsession.go and fixtures, plivo-node's maskingSession.js and its test
 * answers; assumptions in ASSUMPTIONS.md):
 *   POST   Masking/Session/                    create: 201 `{ api_id, session_uuid, virtual_number, message, session }`
 *   GET    Masking/Session/                    list: 200 `{ api_id, response: { meta, objects } }`
 *   GET    Masking/Session/{session_uuid}[/]   get: 200 `{ api_id, response }`
 *   POST   Masking/Session/{session_uuid}[/]   update: 200 `{ api_id, message, session }`
 *   DELETE Masking/Session/{session_uuid}[/]   expire: 200 `{ api_id, message: "Session expired" }`
 * plivo-node sends a session's own paths without the trailing `/`, plivo-python and plivo-go
 * with it: both are accepted there (the list's path needs it, as all three send it).
 *
 * A call of a session is simulated by the tests (`startMaskingCall`, `endMaskingCall`): when
 * the session records at the moment both parties answered, the recording callbacks
 * (SessionRecordingInitiated, then …Completed, or …Failed when it cannot start) go to its
 * recording_callback_url, V3-signed, SequenceNumber 1, 2; a completed recording enters the
 * Recording list.
 */
const crypto = require('node:crypto');

const { parsePlivoTime, pagingParam, pageLinks, COMPARISONS, MAX_LIMIT } = require('./recordings');
const {
	apiId,
	fail,
	notAllowed,
	notFound,
	isHttpUrl,
	readParams,
	decodeSegment,
	httpMethod,
	booleanParam,
} = require('./params');

/** @typedef {import('./types').MaskingSession} MaskingSession */
/** @typedef {import('./types').MaskingCall} MaskingCall */
/** @typedef {import('./types').Recording} Recording */
/** @typedef {import('./types').RecordedRequest} RecordedRequest */
/** @typedef {import('./types').CallbackOptions} CallbackOptions */
/** @typedef {[number, any]} Answer */
/**
 * @typedef {{
 *   accountPath: string, recordings: Recording[],
 *   mediaUrlOf: (recordingId: string, fileFormat: string) => string,
 *   resourceUrlOf: (recordingId: string) => string,
 *   send: (opts: CallbackOptions) => Promise<unknown>,
 * }} MaskingContext
 *   send: a signed callback (errors are logged, never thrown)
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_WINDOW_MS = 7 * DAY_MS;
const MAX_WINDOW_MS = 30 * DAY_MS;
/** Plivo's update page: session_expiry and call_time_limit default to 3,600 s, ring_timeout to 120 s. */
const DEFAULT_EXPIRY_S = 3600;
const DEFAULT_CALL_TIME_LIMIT_S = 3600;
const DEFAULT_RING_TIMEOUT_S = 120;
const URL_MAX = 1000;

/** What both create and update take (the SDKs' update parameters). */
const UPDATE_PARAMS = [
	'session_uuid',
	'first_party',
	'second_party',
	'session_expiry',
	'call_time_limit',
	'record',
	'record_file_format',
	'recording_callback_url',
	'recording_callback_method',
	'callback_url',
	'callback_method',
	'ring_timeout',
	'first_party_play_url',
	'second_party_play_url',
	'subaccount',
	'geomatch',
	'create_session_with_single_party',
];
/** What only create takes (plivo-python's create_masking_session, plivo-go's CreateMaskingSessionParams). */
const CREATE_PARAMS = [
	...UPDATE_PARAMS.filter((p) => p !== 'session_uuid'),
	'initiate_call_to_first_party',
	'is_pin_authentication_required',
	'generate_pin',
	'generate_pin_length',
	'first_party_pin',
	'second_party_pin',
	'pin_prompt_play',
	'pin_retry',
	'pin_retry_wait',
	'incorrect_pin_play',
	'unknown_caller_play',
	'virtual_number_cooloff_period',
	'force_pin_authentication',
];
/** Plivo's page: these cannot be changed on an active session. */
const FIXED_ON_UPDATE = /** @type {const} */ ({ first_party: 'firstParty', second_party: 'secondParty' });
const LIST_EQUALITY = /** @type {const} */ ({
	first_party: 'firstParty',
	second_party: 'secondParty',
	virtual_number: 'virtualNumber',
});
const LIST_RANGE = /^(created_time|expiry_time|duration)(__gte?|__lte?)?$/;

const pad = (/** @type {number} */ n, width = 2) => String(n).padStart(width, '0');

/** Epoch ms as the masking API writes times: `2023-07-12 15:52:14.772699 +0000 UTC`. @param {number} ms */
function maskingTime(ms) {
	const d = new Date(ms);
	return (
		`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
		`${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}000 +0000 UTC`
	);
}

/** The recording callbacks' times: whole seconds, `2023-07-12 15:52:14 +0000 UTC`. @param {number} ms */
function callbackTime(ms) {
	return maskingTime(ms).replace(/\.\d{6} /, ' ');
}

/** A phone number as the session object writes it: digits only (the SDKs' fixtures). @param {string} n */
const digits = (n) => n.replace(/^\+/, '');

/** @param {MaskingContext} context */
function createMaskingApi(context) {
	const { accountPath } = context;
	/** @type {MaskingSession[]} */
	const sessions = [];
	/** @type {MaskingCall[]} */
	const maskingCalls = [];
	let nextNumber = 14155550300;

	/** A session whose expiry time has passed is expired, as Plivo marks it. @param {MaskingSession} s */
	function statusOf(s) {
		if (s.status === 'active' && Date.now() >= s.expiresAt) s.status = 'expired';
		return s.status;
	}

	/** @param {string} uuid */
	const findSession = (uuid) => sessions.find((s) => s.uuid === uuid);

	/** @param {MaskingSession} s @param {boolean} withUri */
	function sessionObject(s, withUri) {
		return {
			amount: 0,
			call_time_limit: s.callTimeLimit,
			callback_method: s.callbackMethod,
			callback_url: s.callbackUrl,
			created_time: maskingTime(s.createdAt),
			duration: Math.round((s.expiresAt - s.createdAt) / 1000),
			expiry_time: maskingTime(s.expiresAt),
			first_party: s.firstParty,
			first_party_play_url: s.firstPartyPlayUrl,
			initiate_call_to_first_party: s.initiateCallToFirstParty,
			interaction: s.interactions.length ? s.interactions : null,
			last_interaction_time: s.lastInteractionAt === null ? '' : maskingTime(s.lastInteractionAt),
			modified_time: maskingTime(s.modifiedAt),
			record: s.record,
			record_file_format: s.recordFileFormat,
			recording_callback_method: s.recordingCallbackMethod,
			recording_callback_url: s.recordingCallbackUrl,
			...(withUri ? { resource_uri: `${accountPath}Masking/Session/${s.uuid}/` } : {}),
			ring_timeout: s.ringTimeout,
			second_party: s.secondParty,
			second_party_play_url: s.secondPartyPlayUrl,
			session_uuid: s.uuid,
			status: statusOf(s),
			total_call_amount: 0,
			total_call_billed_duration: s.interactions.reduce((sum, i) => sum + i.call_billed_duration, 0),
			total_call_count: s.interactions.length,
			total_session_amount: 0,
			virtual_number: s.virtualNumber,
		};
	}

	/**
	 * Checks the recording and session settings a create or update carries, as Plivo's (private
	 * beta) page words its 400s; returns the error or the values read.
	 * @param {Record<string, any>} p
	 * @returns {{ error: Answer } | { values: Partial<MaskingSession> }}
	 */
	function readSettings(p) {
		/** @type {Partial<MaskingSession>} */
		const v = {};
		const invalid = (/** @type {string} */ text) => ({ error: fail(400, `Invalid parameter. ${text}`) });
		if (p.record !== undefined) {
			const record = booleanParam(p.record);
			if (record === undefined) return invalid('record allowed values are true or false.');
			v.record = record;
		}
		if (p.record_file_format !== undefined) {
			if (p.record_file_format !== 'mp3' && p.record_file_format !== 'wav')
				return invalid('record_file_format allowed values are mp3 or wav.');
			v.recordFileFormat = p.record_file_format;
		}
		for (const [key, field] of /** @type {const} */ ([
			['recording_callback_url', 'recordingCallbackUrl'],
			['callback_url', 'callbackUrl'],
			['first_party_play_url', 'firstPartyPlayUrl'],
			['second_party_play_url', 'secondPartyPlayUrl'],
		])) {
			const url = p[key];
			if (url === undefined) continue;
			if (url !== '' && !isHttpUrl(url)) return invalid(`${key} should be a valid URL.`);
			if (String(url).length > URL_MAX) return invalid(`${key} should be under ${URL_MAX} characters.`);
			v[field] = url;
		}
		for (const [key, field] of /** @type {const} */ ([
			['recording_callback_method', 'recordingCallbackMethod'],
			['callback_method', 'callbackMethod'],
		])) {
			if (p[key] === undefined) continue;
			const method = httpMethod(p[key], 'POST');
			if (!method) return invalid(`${key} allowed values are GET or POST.`);
			v[field] = method;
		}
		for (const [key, field] of /** @type {const} */ ([
			['session_expiry', 'sessionExpiry'],
			['call_time_limit', 'callTimeLimit'],
			['ring_timeout', 'ringTimeout'],
		])) {
			const value = p[key];
			if (value === undefined) continue;
			const n = typeof value === 'number' ? value : /^\d+$/.test(String(value)) ? Number(value) : NaN;
			if (!Number.isInteger(n) || n < 0) return invalid(`${key} is outside the allowed range.`);
			v[field] = n;
		}
		return { values: v };
	}

	/** `POST Masking/Session/`. @param {RecordedRequest} entry @returns {Answer} */
	function create(entry) {
		const read = readParams(entry, CREATE_PARAMS);
		if (read.error) return read.error;
		const p = read.values;
		const single =
			p.create_session_with_single_party === undefined ? false : booleanParam(p.create_session_with_single_party);
		if (single === undefined)
			return fail(400, 'Invalid parameter. create_session_with_single_party allowed values are true or false.');
		for (const key of ['first_party', 'second_party']) {
			if (p[key] !== undefined && !/^\+?\d{6,15}$/.test(String(p[key])))
				return fail(400, `Invalid parameter. ${key} is not a valid phone number.`);
		}
		if (p.first_party === undefined && (!single || p.second_party === undefined))
			return fail(400, 'Mandatory parameter missing. first_party must be present.');
		if (p.second_party === undefined && !single)
			return fail(400, 'Mandatory parameter missing. second_party must be present.');
		const settings = readSettings(p);
		if ('error' in settings) return settings.error;
		const s = api.createMaskingSession({
			firstParty: p.first_party === undefined ? '' : digits(String(p.first_party)),
			secondParty: p.second_party === undefined ? '' : digits(String(p.second_party)),
			initiateCallToFirstParty: booleanParam(p.initiate_call_to_first_party) === true,
			...settings.values,
		});
		return [
			201,
			{
				api_id: apiId(),
				session_uuid: s.uuid,
				virtual_number: `+${s.virtualNumber}`,
				message: 'Session created',
				session: sessionObject(s, false),
			},
		];
	}

	/** `POST Masking/Session/{uuid}`. @param {RecordedRequest} entry @param {MaskingSession} s @returns {Answer} */
	function update(entry, s) {
		const read = readParams(entry, UPDATE_PARAMS);
		if (read.error) return read.error;
		const p = read.values;
		if (p.session_uuid !== undefined && p.session_uuid !== s.uuid)
			return fail(400, 'Invalid parameter. session_uuid does not match the session in the URL.');
		if (statusOf(s) === 'expired') return fail(400, 'Session already expired.');
		for (const [key, field] of Object.entries(FIXED_ON_UPDATE)) {
			if (p[key] !== undefined && digits(String(p[key])) !== s[field])
				return fail(400, `Invalid parameter. ${key} cannot be updated for an active session.`);
		}
		const settings = readSettings(p);
		if ('error' in settings) return settings.error;
		const { sessionExpiry, ...rest } = settings.values;
		const now = Date.now();
		Object.assign(s, rest);
		// The SDKs' update fixtures: a new session_expiry counts from the update.
		if (sessionExpiry !== undefined) s.expiresAt = now + sessionExpiry * 1000;
		s.modifiedAt = now;
		return [200, { api_id: apiId(), message: 'Session updated', session: sessionObject(s, false) }];
	}

	/** `GET Masking/Session/`. @param {Record<string, string>} query @returns {Answer} */
	function list(query) {
		/** @type {Array<(s: MaskingSession) => boolean>} */
		const tests = [];
		let limit = MAX_LIMIT;
		let offset = 0;
		/** @type {number | undefined} */ let from;
		/** @type {number | undefined} */ let to;
		for (const [key, value] of Object.entries(query)) {
			const paging = pagingParam(key, value);
			if (paging) {
				if ('error' in paging) return fail(400, paging.error);
				if ('limit' in paging) limit = paging.limit;
				else offset = paging.offset;
			} else if (Object.prototype.hasOwnProperty.call(LIST_EQUALITY, key)) {
				const field = LIST_EQUALITY[/** @type {keyof typeof LIST_EQUALITY} */ (key)];
				tests.push((s) => s[field] === digits(value));
			} else if (key === 'status') {
				if (!['active', 'expired', 'all'].includes(value))
					return fail(400, 'Invalid parameter. status allowed values are active, expired or all.');
				if (value !== 'all') tests.push((s) => statusOf(s) === value);
			} else if (key === 'subaccount') {
				tests.push(() => false);
			} else {
				const m = LIST_RANGE.exec(key);
				if (!m) return fail(400, `unknown parameter: ${key}`);
				const compare = COMPARISONS[/** @type {keyof typeof COMPARISONS} */ (m[2] ?? '')];
				if (m[1] === 'duration') {
					if (!/^\d+$/.test(value)) return fail(400, `${key} must be a whole number of seconds`);
					tests.push((s) => compare(Math.round((s.expiresAt - s.createdAt) / 1000), Number(value)));
					continue;
				}
				const at = parsePlivoTime(value);
				if (at === undefined)
					return fail(400, `${key}: expected a UTC time as YYYY-MM-DD HH:MM[:ss[.uuuuuu]], got "${value}"`);
				const field = m[1] === 'created_time' ? 'createdAt' : 'expiresAt';
				tests.push((s) => compare(s[field], at));
				if (m[1] !== 'created_time') continue;
				if (m[2] === undefined || m[2].startsWith('__gt')) from = Math.max(from ?? -Infinity, at);
				if (m[2] === undefined || m[2].startsWith('__lt')) to = Math.min(to ?? Infinity, at);
			}
		}
		const now = Date.now();
		if (from === undefined && to === undefined) tests.push((s) => s.createdAt > now - DEFAULT_WINDOW_MS);
		else if (from !== undefined && to !== undefined && to - from > MAX_WINDOW_MS)
			return fail(400, 'the created_time range exceeds the 30-day search boundary');
		const matching = sessions.filter((s) => tests.every((t) => t(s))).sort((a, b) => b.createdAt - a.createdAt);
		return [
			200,
			{
				api_id: apiId(),
				response: {
					meta: {
						...pageLinks(`${accountPath}Masking/Session/`, limit, offset, matching.length),
						total_count: matching.length,
					},
					objects: matching.slice(offset, offset + limit).map((s) => sessionObject(s, true)),
				},
			},
		];
	}

	/** `DELETE Masking/Session/{uuid}`. @param {RecordedRequest} entry @param {MaskingSession} s @returns {Answer} */
	function expire(entry, s) {
		const read = readParams(entry, ['session_uuid']);
		if (read.error) return read.error;
		if (read.values.session_uuid !== undefined && read.values.session_uuid !== s.uuid)
			return fail(400, 'Invalid parameter. session_uuid does not match the session in the URL.');
		if (statusOf(s) === 'expired') return fail(400, 'Session already expired.');
		api.expireMaskingSession(s);
		return [200, { api_id: apiId(), message: 'Session expired' }];
	}

	/**
	 * The recording callback of one event, with the fields of Plivo's "Session recording
	 * callback" page (From / To, or the older page's FirstParty / SecondParty).
	 * @param {MaskingCall} c @param {'Initiated' | 'Completed' | 'Failed'} event @param {number} now
	 */
	function eventParams(c, event, now) {
		const s = c.session;
		const hasFile = event !== 'Failed';
		const end = c.endedAt;
		/** @type {Record<string, string>} */
		const parties =
			c.partyFields === 'firstSecond'
				? { FirstParty: s.firstParty, SecondParty: s.secondParty }
				: { From: c.from, To: c.to };
		return {
			EventName: `SessionRecording${event}`,
			EventTimestamp: callbackTime(now),
			SessionUUID: s.uuid,
			...parties,
			VirtualNumber: s.virtualNumber,
			RecordingDuration: String(end === null || !hasFile ? 0 : Math.round((end - c.answeredAt) / 1000)),
			RecordingEndTime: end === null || !hasFile ? '' : callbackTime(end),
			RecordingFormat: c.fileFormat,
			RecordingResourceURL: hasFile ? context.resourceUrlOf(c.recordingId) : '',
			RecordingStartTime: hasFile ? callbackTime(c.answeredAt) : '',
			RecordingURL: hasFile ? context.mediaUrlOf(c.recordingId, c.fileFormat) : '',
			RecordingUUID: c.recordingId,
			SequenceNumber: String(c.sequence + 1),
		};
	}

	/** Queues an event's callback behind the call's earlier ones. @param {MaskingCall} c @param {'Initiated' | 'Completed' | 'Failed'} event */
	function emit(c, event) {
		const params = eventParams(c, event, Date.now());
		c.sequence += 1;
		const { callbackUrl, callbackMethod } = c;
		if (!callbackUrl) return;
		c.chain = c.chain.then(async () => {
			await context.send({ url: callbackUrl, method: callbackMethod, params });
		});
	}

	const api = {
		sessions,
		maskingCalls,

		/**
		 * A session made directly (tests), as `POST Masking/Session/` makes one: active, a virtual
		 * number of the fake's pool unless given.
		 * @param {Partial<MaskingSession>} [fields] @returns {MaskingSession}
		 */
		createMaskingSession(fields = {}) {
			const now = Date.now();
			const { sessionExpiry = DEFAULT_EXPIRY_S, ...rest } = fields;
			/** @type {MaskingSession} */
			const s = {
				uuid: crypto.randomUUID(),
				firstParty: '14155550101',
				secondParty: '14155550102',
				virtualNumber: String(nextNumber++),
				status: 'active',
				createdAt: now,
				modifiedAt: now,
				expiresAt: now + sessionExpiry * 1000,
				callTimeLimit: DEFAULT_CALL_TIME_LIMIT_S,
				ringTimeout: DEFAULT_RING_TIMEOUT_S,
				initiateCallToFirstParty: false,
				record: false,
				recordFileFormat: 'mp3',
				recordingCallbackUrl: '',
				recordingCallbackMethod: 'POST',
				callbackUrl: '',
				callbackMethod: 'POST',
				firstPartyPlayUrl: '',
				secondPartyPlayUrl: '',
				interactions: [],
				lastInteractionAt: null,
				...rest,
			};
			sessions.push(s);
			return s;
		},

		/** Expires it now (as `DELETE` does); a call in progress goes on to its end. @param {MaskingSession} s */
		expireMaskingSession(s) {
			const now = Date.now();
			s.status = 'expired';
			s.expiresAt = Math.min(s.expiresAt, now);
			s.modifiedAt = now;
		},

		/**
		 * One party calls the virtual number and the other answers. If the session records at
		 * that moment, its recording starts (SessionRecordingInitiated), or with `recordingFails`
		 * it cannot start (SessionRecordingFailed, and no file). The session's recording settings
		 * are read now: an update during the call applies to the next one.
		 * @param {MaskingSession} s
		 * @param {{ caller?: 'first' | 'second', recordingFails?: boolean, partyFields?: 'fromTo' | 'firstSecond' }} [options]
		 *   partyFields: 'firstSecond' sends the older page's FirstParty / SecondParty instead of From / To
		 * @returns {MaskingCall}
		 */
		startMaskingCall(s, { caller = 'first', recordingFails = false, partyFields = 'fromTo' } = {}) {
			if (statusOf(s) !== 'active') throw new Error(`fakePlivo: masking session ${s.uuid} has expired`);
			const now = Date.now();
			const [from, to] = caller === 'first' ? [s.firstParty, s.secondParty] : [s.secondParty, s.firstParty];
			/** @type {MaskingCall} */
			const c = {
				session: s,
				callUuid: crypto.randomUUID(),
				from,
				to,
				answeredAt: now,
				endedAt: null,
				records: s.record,
				recordingId: crypto.randomUUID(),
				fileFormat: s.recordFileFormat,
				callbackUrl: s.recordingCallbackUrl || null,
				callbackMethod: s.recordingCallbackMethod,
				state: s.record ? (recordingFails ? 'failed' : 'recording') : 'not-recording',
				partyFields,
				sequence: 0,
				chain: Promise.resolve(),
			};
			maskingCalls.push(c);
			s.lastInteractionAt = now;
			if (c.state === 'recording') emit(c, 'Initiated');
			else if (c.state === 'failed') emit(c, 'Failed');
			return c;
		},

		/**
		 * A party hangs up: a recording in progress completes (SessionRecordingCompleted) and
		 * enters the Recording list; its callbacks are awaited.
		 * @param {MaskingCall} c
		 */
		async endMaskingCall(c) {
			if (c.endedAt !== null) throw new Error(`fakePlivo: masking call ${c.callUuid} has ended`);
			const now = Date.now();
			c.endedAt = now;
			const s = c.session;
			const seconds = Math.round((now - c.answeredAt) / 1000);
			s.lastInteractionAt = now;
			const recorded = c.state === 'recording';
			s.interactions.push({
				start_time: callbackTime(c.answeredAt),
				end_time: callbackTime(now),
				first_party_resource_url: `${accountPath}Call/${c.callUuid}/`,
				second_party_resource_url: `${accountPath}Call/${crypto.randomUUID()}/`,
				first_party_status: 'completed',
				second_party_status: 'completed',
				type: 'call',
				total_call_amount: 0,
				call_billed_duration: Math.max(60, Math.ceil(seconds / 60) * 60),
				recording_resource_url: recorded ? context.resourceUrlOf(c.recordingId) : '',
				auth_id: accountPath.split('/')[3],
				total_call_count: 2,
				duration: seconds,
			});
			if (recorded) {
				c.state = 'completed';
				context.recordings.push({
					recordingId: c.recordingId,
					recordingType: 'call',
					conferenceName: '',
					conferenceUuid: '',
					callUuid: c.callUuid,
					fileFormat: c.fileFormat,
					source: 'api',
					callbackUrl: null,
					callbackMethod: c.callbackMethod,
					transcriptionUrl: null,
					transcriptionMethod: null,
					transcriptionType: null,
					timeLimit: null,
					params: {},
					startedAt: c.answeredAt,
					stoppedAt: now,
					addedAt: now,
					fromNumber: c.from,
					toNumber: s.virtualNumber,
					sessionUuid: s.uuid,
				});
				emit(c, 'Completed');
			}
			await c.chain;
		},

		/**
		 * Sends a callback of the call again, as Plivo retries one (same fields, same SequenceNumber).
		 * @param {MaskingCall} c @param {'Initiated' | 'Completed' | 'Failed'} event
		 */
		async repeatMaskingEvent(c, event) {
			if (!c.callbackUrl) throw new Error('fakePlivo: the masking call has no recording callback URL');
			const order = { Initiated: 0, Failed: 0, Completed: 1 };
			const params = eventParams({ ...c, sequence: order[event] }, event, Date.now());
			await context.send({ url: c.callbackUrl, method: c.callbackMethod, params });
		},

		/** Waits for every masking recording callback queued so far. */
		async idle() {
			await Promise.all(maskingCalls.map((c) => c.chain));
		},

		reset() {
			sessions.length = 0;
			maskingCalls.length = 0;
		},

		/**
		 * Routes `Masking/Session/…`; null for other paths.
		 * @param {RecordedRequest} entry @param {string[]} rest @returns {Answer | null}
		 */
		route(entry, rest) {
			if (rest[0] !== 'Masking') return null;
			const m = entry.method;
			if (rest[1] !== 'Session' || rest.length < 3) return notFound();
			if (rest.length === 3 && rest[2] === '') {
				if (m === 'GET') return list(entry.query);
				return m === 'POST' ? create(entry) : notAllowed();
			}
			if (rest.length > 4 || (rest.length === 4 && rest[3] !== '')) return notFound();
			if (m !== 'GET' && m !== 'POST' && m !== 'DELETE') return notAllowed();
			const uuid = decodeSegment(rest[2]);
			const s = uuid === undefined ? undefined : findSession(uuid);
			if (!s) return fail(404, 'Session not found');
			if (m === 'GET') {
				if (Object.keys(entry.query).length) return fail(400, `unknown parameter: ${Object.keys(entry.query)[0]}`);
				return [200, { api_id: apiId(), response: sessionObject(s, false) }];
			}
			return m === 'POST' ? update(entry, s) : expire(entry, s);
		},
	};
	return api;
}

module.exports = { createMaskingApi, maskingTime };
