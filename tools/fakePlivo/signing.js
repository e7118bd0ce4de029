// @ts-check
'use strict';
/**
 * Plivo's callback signatures, written from Plivo's documented algorithms (our own implementation, cross-checked
 * against the official SDK in test/unit/fakePlivo.test.ts): V2 over the URL and a nonce, V3 over
 * the URL, the fields and a nonce. Also the pieces a callback sender needs: nonces and the form
 * encoding. Only Node built-ins.
 */
const crypto = require('node:crypto');
const { URLSearchParams } = require('node:url');

/** @typedef {import('./types').Params} Params */
/** @typedef {import('./types').StringParams} StringParams */

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

/** Every value as Plivo sends it: text. @param {Params | StringParams | undefined} params @returns {StringParams} */
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
 * The string V3 signs (before `.nonce`): the URL's base, then the sorted query (GET) or the sorted
 * fields glued with no separator (POST), as Plivo's SDKs build it.
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

/** Form encoding; a list value repeats its key. @param {StringParams} params */
function encodeParams(params) {
	const parts = [];
	for (const [key, value] of Object.entries(params)) {
		for (const v of Array.isArray(value) ? value : [value]) {
			parts.push(encodeURIComponent(key) + '=' + encodeURIComponent(v));
		}
	}
	return parts.join('&');
}

module.exports = { signatureV2, signatureV3, signatureV3Payload, splitUrl, stringParams, makeNonce, encodeParams };
