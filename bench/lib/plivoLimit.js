// @ts-check
'use strict';
/**
 * Plivo's limit as the bench measures against it (300 requests per sliding 5 s, counted when
 * they arrive): the fastest schedule it allows, and how spread out n8n sent a window's worth.
 * Shared by the parts that read lists (bench/lists.js, bench/catchup.js).
 */
const { RATE_LIMIT } = require('./setup');

/**
 * The moment the last of `count` requests is answered in the fastest schedule Plivo's limit
 * allows, when the first `alone` requests must be answered before any other may leave (a
 * list's first page) and the rest are ready then: request k leaves when it is ready and when
 * the request `max` places before it arrived a window ago.
 * @param {number} count @param {{ alone?: number, latencyMs: number }} options
 */
function boundMs(count, { alone = 0, latencyMs }) {
	/** @type {number[]} */
	const sent = [];
	for (let k = 0; k < count; k++) {
		const ready = k < alone ? (k === 0 ? 0 : sent[k - 1] + latencyMs) : alone > 0 ? sent[alone - 1] + latencyMs : 0;
		const windowFree = k >= RATE_LIMIT.max ? sent[k - RATE_LIMIT.max] + RATE_LIMIT.windowMs : 0;
		sent.push(Math.max(ready, windowFree));
	}
	return sent[count - 1] + latencyMs;
}

/**
 * From the first to the last arrival of the first `RATE_LIMIT.max` requests after the first
 * `skip` (NaN when there are not that many).
 * @param {number[]} arrivals @param {number} skip
 */
function windowSpread(arrivals, skip) {
	const window = [...arrivals].sort((a, b) => a - b).slice(skip, skip + RATE_LIMIT.max);
	return window.length === RATE_LIMIT.max ? window[window.length - 1] - window[0] : NaN;
}

module.exports = { boundMs, windowSpread };
