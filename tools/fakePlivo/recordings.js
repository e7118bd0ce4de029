// @ts-check
'use strict';
/**
 * Plivo's Recording resource as the fake serves it: the recording object (its field names and
 * string-typed numbers as Plivo's API reference and the SDKs' fixtures show them), and the list
 * call with its filters, paging and limits:
 *   - `limit` 1–20 (default 20), `offset` ≥ 0; `meta` with limit, offset, next, previous,
 *     total_count; newest first;
 *   - filters the official SDKs send (plivo-go's RecordingListParams, Plivo's API page):
 *     subaccount, call_uuid, from_number, to_number, conference_name, conference_uuid, mpc_name,
 *     mpc_uuid, add_time with __gt/__gte/__lt/__lte (UTC, `YYYY-MM-DD HH:MM[:ss[.uuuuuu]]`),
 *     recording_storage_duration with the same suffixes (days);
 *   - without an add_time filter Plivo searches the last 7 days; a range over 30 days is a 400.
 * Stricter than Plivo in one way: an unknown query parameter is a 400, so a typo in the node
 * shows up in the tests instead of being silently ignored.
 */

const crypto = require('node:crypto');

/** @typedef {import('./types').Recording} Recording */
/** @typedef {import('./types').NewRecording} NewRecording */

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_WINDOW_MS = 7 * DAY_MS;
const MAX_WINDOW_MS = 30 * DAY_MS;
const MAX_LIMIT = 20;
/** add_time is written in the account's timezone; Plivo's own examples show +05:30. */
const ACCOUNT_OFFSET_MINUTES = 330;
const PLIVO_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/;

/** Equality filters and the recording field each compares. */
const EQUALITY_FILTERS = /** @type {const} */ ({
	call_uuid: 'callUuid',
	conference_name: 'conferenceName',
	conference_uuid: 'conferenceUuid',
	from_number: 'fromNumber',
	to_number: 'toNumber',
	mpc_name: 'mpcName',
	mpc_uuid: 'mpcUuid',
});
/** Filters on what no recording of the fake has (subaccounts): they match none. */
const UNMATCHED_FILTERS = ['subaccount'];
const COMPARISONS = /** @type {const} */ ({
	'': (/** @type {number} */ a, /** @type {number} */ b) => a === b,
	__gt: (/** @type {number} */ a, /** @type {number} */ b) => a > b,
	__gte: (/** @type {number} */ a, /** @type {number} */ b) => a >= b,
	__lt: (/** @type {number} */ a, /** @type {number} */ b) => a < b,
	__lte: (/** @type {number} */ a, /** @type {number} */ b) => a <= b,
});

/**
 * A list's `limit` or `offset` query field as Plivo checks it (both lists: recordings and
 * Multi-Party Calls): undefined for any other field.
 * @param {string} key @param {string} value
 * @returns {{ limit: number } | { offset: number } | { error: string } | undefined}
 */
function pagingParam(key, value) {
	if (key !== 'limit' && key !== 'offset') return undefined;
	const n = Number(value);
	if (key === 'limit') {
		return /^\d+$/.test(value) && n >= 1 && n <= MAX_LIMIT
			? { limit: n }
			: { error: `limit must be an integer from 1 to ${MAX_LIMIT}` };
	}
	return /^\d+$/.test(value) ? { offset: n } : { error: 'offset must be a non-negative integer' };
}

/**
 * A list page's `meta` links (without its count, which the two lists name differently).
 * @param {string} listPath the list's path, e.g. `/v1/Account/{id}/Recording/`
 * @param {number} limit @param {number} offset @param {number} matching how many match in all
 */
function pageLinks(listPath, limit, offset, matching) {
	const link = (/** @type {number} */ at) => `${listPath}?limit=${limit}&offset=${at}`;
	return {
		limit,
		next: offset + limit < matching ? link(offset + limit) : null,
		offset,
		previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
	};
}

const pad = (/** @type {number} */ n, width = 2) => String(n).padStart(width, '0');

/** Epoch ms as Plivo writes add_time: `2025-11-25 19:43:20.123000+05:30`. @param {number} ms */
function plivoAddTime(ms) {
	const local = new Date(ms + ACCOUNT_OFFSET_MINUTES * 60_000);
	const sign = ACCOUNT_OFFSET_MINUTES >= 0 ? '+' : '-';
	const offset = Math.abs(ACCOUNT_OFFSET_MINUTES);
	return (
		`${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ` +
		`${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}.${pad(local.getUTCMilliseconds(), 3)}000` +
		`${sign}${pad(Math.floor(offset / 60))}:${pad(offset % 60)}`
	);
}

/** A filter's UTC time to epoch ms; undefined when not in Plivo's format. @param {string} text */
function parsePlivoTime(text) {
	const m = PLIVO_TIME.exec(text);
	if (!m) return undefined;
	const micros = (m[7] ?? '').padEnd(6, '0');
	const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0), Math.floor(+micros / 1000));
	return Number.isNaN(ms) ? undefined : ms;
}

/** Plivo's numbers in its recording object are strings with five decimals. @param {number} n */
const decimal = (n) => n.toFixed(5);

/** Days a recording has been stored: 1 on its first day, one more every 24 hours. @param {Recording} rec @param {number} now */
const storageDays = (rec, now) => 1 + Math.floor(Math.max(0, now - rec.addedAt) / DAY_MS);

/**
 * A recording with the fields a test does not care about filled in (ids, started now).
 * @param {NewRecording & Partial<Recording>} fields
 * @returns {Recording}
 */
function newRecording(fields) {
	const startedAt = fields.startedAt ?? Date.now();
	return {
		recordingId: crypto.randomUUID(),
		conferenceName: 'My Conf Room',
		conferenceUuid: crypto.randomUUID(),
		callUuid: crypto.randomUUID(),
		fileFormat: 'mp3',
		source: 'api',
		callbackUrl: null,
		callbackMethod: 'POST',
		transcriptionUrl: null,
		transcriptionMethod: null,
		transcriptionType: null,
		timeLimit: null,
		params: {},
		fromNumber: '',
		toNumber: '',
		recordingType: 'conference',
		...fields,
		startedAt,
		addedAt: fields.addedAt ?? startedAt,
	};
}

/**
 * The recording object of `GET Recording/{id}/` and of the list's `objects`.
 * @param {Recording} rec @param {{ accountPath: string, mediaUrl: string, now: number }} context
 */
function recordingObject(rec, { accountPath, mediaUrl, now }) {
	const end = rec.stoppedAt === undefined ? now : rec.stoppedAt;
	const durationMs = Math.max(0, end - rec.startedAt);
	const days = storageDays(rec, now);
	return {
		add_time: plivoAddTime(rec.addedAt),
		call_uuid: rec.callUuid,
		conference_name: rec.recordingType === 'conference' ? rec.conferenceName : '',
		conference_uuid: rec.recordingType === 'conference' ? rec.conferenceUuid : '',
		from_number: rec.fromNumber,
		to_number: rec.toNumber,
		monthly_recording_storage_amount: (0.0004 * Math.max(1, Math.ceil(durationMs / 60_000))).toFixed(5),
		recording_duration_ms: decimal(durationMs),
		recording_end_ms: decimal(end),
		recording_format: rec.fileFormat,
		recording_id: rec.recordingId,
		recording_start_ms: decimal(rec.startedAt),
		recording_storage_duration: String(days),
		recording_storage_rate: '0.00040',
		recording_type: rec.recordingType,
		recording_url: mediaUrl,
		resource_uri: `${accountPath}Recording/${rec.recordingId}/`,
		rounded_recording_duration: String(Math.max(60, Math.ceil(durationMs / 60_000) * 60)),
	};
}

/**
 * The last list each recordings array answered, so that reading a list page by page filters
 * and sorts it once: a catch-up of 20,000 recordings reads 1,000 pages, and filtering and
 * sorting every recording for each page cost the fake about 6 ms a page of the CPU the
 * benchmark shares with n8n. Reused only when the same filters ask again and the array still
 * holds the same recordings in the same places (the fields the filters read never change once
 * a recording is listed).
 * @type {WeakMap<Recording[], { key: string, held: Recording[], matching: Recording[] }>}
 */
const lastList = new WeakMap();

/** A list's filters without its paging: which list a page belongs to. @param {Record<string, string>} query */
const listKey = (query) =>
	JSON.stringify(
		Object.keys(query)
			.filter((key) => key !== 'limit' && key !== 'offset')
			.sort()
			.map((key) => [key, query[key]]),
	);

/**
 * The recordings that pass every test, newest first; `key` (undefined: never reused) names the
 * filters when the answer may be reused.
 * @param {Recording[]} recordings @param {Array<(rec: Recording) => boolean>} tests @param {string | undefined} key
 */
function matchingRecordings(recordings, tests, key) {
	const last = key === undefined ? undefined : lastList.get(recordings);
	if (
		last !== undefined &&
		last.key === key &&
		last.held.length === recordings.length &&
		last.held.every((rec, index) => rec === recordings[index])
	) {
		return last.matching;
	}
	const matching = recordings.filter((rec) => tests.every((test) => test(rec))).sort((a, b) => b.addedAt - a.addedAt);
	if (key !== undefined) lastList.set(recordings, { key, held: [...recordings], matching });
	return matching;
}

/**
 * `GET Recording/`: Plivo's answer for `query`, or its 400.
 * @param {Recording[]} recordings @param {Record<string, string>} query
 * @param {{ accountPath: string, mediaUrl: (rec: Recording) => string, apiId: () => string, now: number }} context
 * @returns {[number, any]}
 */
function listRecordings(recordings, query, { accountPath, mediaUrl, apiId, now }) {
	const bad = (/** @type {string} */ error) => /** @type {[number, any]} */ ([400, { api_id: apiId(), error }]);
	/** @type {Array<(rec: Recording) => boolean>} */
	const tests = [];
	let limit = MAX_LIMIT;
	let offset = 0;
	/** @type {number | undefined} */ let from;
	/** @type {number | undefined} */ let to;

	for (const [key, value] of Object.entries(query)) {
		const paging = pagingParam(key, value);
		if (paging) {
			if ('error' in paging) return bad(paging.error);
			if ('limit' in paging) limit = paging.limit;
			else offset = paging.offset;
			continue;
		}
		if (Object.prototype.hasOwnProperty.call(EQUALITY_FILTERS, key)) {
			const field = EQUALITY_FILTERS[/** @type {keyof typeof EQUALITY_FILTERS} */ (key)];
			tests.push((rec) => rec[field] === value);
			continue;
		}
		if (UNMATCHED_FILTERS.includes(key)) {
			tests.push(() => false);
			continue;
		}
		const m = /^(add_time|recording_storage_duration)(__gte?|__lte?)?$/.exec(key);
		if (!m) return bad(`unknown parameter: ${key}`);
		const compare = COMPARISONS[/** @type {keyof typeof COMPARISONS} */ (m[2] ?? '')];
		if (m[1] === 'recording_storage_duration') {
			if (!/^\d+$/.test(value)) return bad(`${key} must be a whole number of days`);
			tests.push((rec) => compare(storageDays(rec, now), Number(value)));
			continue;
		}
		const at = parsePlivoTime(value);
		if (at === undefined) return bad(`${key}: expected a UTC time as YYYY-MM-DD HH:MM[:ss[.uuuuuu]], got "${value}"`);
		tests.push((rec) => compare(rec.addedAt, at));
		if (m[2] === undefined || m[2].startsWith('__gt')) from = Math.max(from ?? -Infinity, at);
		if (m[2] === undefined || m[2].startsWith('__lt')) to = Math.min(to ?? Infinity, at);
	}

	if (from === undefined && to === undefined) {
		tests.push((rec) => rec.addedAt > now - DEFAULT_WINDOW_MS);
	} else if (from !== undefined && to !== undefined) {
		if (to - from > MAX_WINDOW_MS) return bad('the add_time range exceeds the 30-day search boundary');
	} else if (from !== undefined) {
		const until = from + MAX_WINDOW_MS;
		tests.push((rec) => rec.addedAt <= until);
	} else if (to !== undefined) {
		const since = to - MAX_WINDOW_MS;
		tests.push((rec) => rec.addedAt >= since);
	}

	// With both add_time ends given (and no storage-duration filter) the answer does not depend
	// on the clock, so a later page of the same list reuses what the first one matched.
	const sameAnyTime = from !== undefined && to !== undefined && !('recording_storage_duration' in query);
	const matching = matchingRecordings(recordings, tests, sameAnyTime ? listKey(query) : undefined);
	const page = matching.slice(offset, offset + limit);
	return [
		200,
		{
			api_id: apiId(),
			meta: { ...pageLinks(`${accountPath}Recording/`, limit, offset, matching.length), total_count: matching.length },
			objects: page.map((rec) => recordingObject(rec, { accountPath, mediaUrl: mediaUrl(rec), now })),
		},
	];
}

module.exports = {
	newRecording,
	recordingObject,
	listRecordings,
	plivoAddTime,
	parsePlivoTime,
	pagingParam,
	pageLinks,
	COMPARISONS,
	MAX_LIMIT,
};
