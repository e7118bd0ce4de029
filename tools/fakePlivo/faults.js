// @ts-check
'use strict';
/**
 * Injected faults: what the fake answers instead of Plivo's normal answer (an error status, a
 * non-JSON page, a reset socket, or extra latency). The server asks for the first pending
 * fault that matches each request before anything else.
 */

/** @typedef {import('./types').Fault} Fault */
/** @typedef {import('./types').RecordedRequest} RecordedRequest */
/**
 * What to do with a faulted request.
 * @typedef {{ reset: true, delayMs: number }
 *   | { proceedAfterMs: number }
 *   | { status: number, headers: Record<string, string>, payload: string | object, delayMs: number }} FaultAnswer
 */

function createFaults() {
	/** @type {Array<Fault & { remaining: number }>} */
	let pending = [];

	return {
		/** @param {Fault} fault */
		inject(fault) {
			pending.push({ ...fault, remaining: fault.count === undefined ? 1 : fault.count });
		},
		clear() {
			pending = [];
		},
		/**
		 * The first pending fault for `request` (used up by one), in injection order.
		 * @param {RecordedRequest} request @returns {Fault | undefined}
		 */
		take(request) {
			const index = pending.findIndex((f) => !f.match || f.match(request));
			if (index < 0) return undefined;
			const fault = pending[index];
			if (--fault.remaining <= 0) pending.splice(index, 1);
			return fault;
		},
	};
}

/**
 * How a fault answers, with Plivo's error shape when it gives no body of its own.
 * @param {Fault} fault @param {() => string} apiId @returns {FaultAnswer}
 */
function faultAnswer(fault, apiId) {
	const delayMs = fault.latencyMs || 0;
	if (fault.reset) return { reset: true, delayMs };
	const answers =
		fault.status !== undefined || fault.body !== undefined || fault.nonJson || fault.retryAfter !== undefined;
	if (!answers) return { proceedAfterMs: delayMs };

	const status = fault.status || (fault.nonJson ? 502 : fault.retryAfter !== undefined ? 429 : 500);
	/** @type {Record<string, string>} */
	const headers = {};
	if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
	let payload = fault.body;
	if (fault.nonJson) {
		payload = typeof payload === 'string' ? payload : '<html><body><h1>502 Bad Gateway</h1></body></html>';
		headers['Content-Type'] = 'text/html';
	} else if (payload === undefined) {
		const error = status === 429 ? 'Too many requests' : status >= 500 ? 'Internal server error' : 'fault injected';
		payload = { api_id: apiId(), error };
	} else if (typeof payload === 'string') {
		headers['Content-Type'] = /^\s*[{[]/.test(payload) ? 'application/json' : 'text/plain';
	}
	return { status, headers, payload, delayMs };
}

module.exports = { createFaults, faultAnswer };
