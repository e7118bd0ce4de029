// @ts-check
'use strict';
/**
 * What the newer routes (mpc.js, calls.js, transcriptions.js) share: reading a request's
 * parameters strictly (an unknown one is a 400, as the Recording list does), Plivo's answers
 * and Plivo's `YYYY-MM-DD HH:mm:ss+hh:mm` times.
 */
const crypto = require('node:crypto');

/** @typedef {import('./types').RecordedRequest} RecordedRequest */
/** @typedef {[number, any]} Answer status and JSON body (undefined: empty) */

const apiId = () => crypto.randomUUID();
/** @param {number} status @param {string} error @returns {Answer} */
const fail = (status, error) => [status, { api_id: apiId(), error }];
/** @returns {Answer} */
const notAllowed = () => fail(405, 'method not allowed');
/** @returns {Answer} */
const notFound = () => fail(404, 'not found');
/** @param {unknown} url */
const isHttpUrl = (url) => typeof url === 'string' && /^https?:\/\/[^\s/]+/i.test(url);

/**
 * The request's parameters, query and body together (a JSON or form body; the SDKs send JSON,
 * plivo-go and plivo-python put a DELETE's parameters in its body too), or the 400 for the first
 * name not in `allowed`.
 * @param {RecordedRequest} entry @param {readonly string[]} allowed
 * @returns {{ values: Record<string, any>, error?: undefined } | { error: Answer, values?: undefined }}
 */
function readParams(entry, allowed) {
	const body = entry.body && typeof entry.body === 'object' && !Array.isArray(entry.body) ? entry.body : {};
	const values = { ...entry.query, ...body };
	for (const key of Object.keys(values)) {
		if (!allowed.includes(key)) return { error: fail(400, `unknown parameter: ${key}`) };
	}
	return { values };
}

/** A path segment as the caller encoded it, decoded; undefined when it is not valid. @param {string} segment */
function decodeSegment(segment) {
	try {
		return decodeURIComponent(segment);
	} catch {
		return undefined;
	}
}

/**
 * A GET / POST choice (the SDKs accept either case), upper-cased; undefined when invalid.
 * @param {unknown} value @param {'GET' | 'POST'} fallback @returns {'GET' | 'POST' | undefined}
 */
function httpMethod(value, fallback) {
	if (value === undefined) return fallback;
	const upper = typeof value === 'string' ? value.toUpperCase() : '';
	return upper === 'GET' || upper === 'POST' ? upper : undefined;
}

/** A boolean sent as JSON true/false or the form text 'true' / 'false'; undefined when neither. @param {unknown} value */
function booleanParam(value) {
	if (value === true || value === 'true') return true;
	if (value === false || value === 'false') return false;
	return undefined;
}

const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');

/** Epoch ms as Plivo's MPC callbacks and objects write times: `2020-12-24 09:20:03+00:00` (UTC). @param {number} ms */
function plivoTimestamp(ms) {
	const d = new Date(ms);
	return (
		`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
		`${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+00:00`
	);
}

module.exports = {
	apiId,
	fail,
	notAllowed,
	notFound,
	isHttpUrl,
	readParams,
	decodeSegment,
	httpMethod,
	booleanParam,
	plivoTimestamp,
};
