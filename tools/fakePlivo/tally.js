// @ts-check
'use strict';
/**
 * What the fake Plivo saw of a burst of recordings: the requests since a mark and how it
 * answered them (429s above all), and for each conference asked for whether its recording
 * was started once, twice or more, or never. Read by the engine harness's burst
 * (test/support/burst.ts, its test and the benchmark) and by the real-n8n burst (bench/burst.js).
 */

/**
 * @typedef {{ requests: number, recordings: number }} TallyMark where the fake's lists stood
 * @typedef {{
 *   requests: number, byStatus: Record<string, number>, r429: number, maxInWindow: number,
 *   startedOnce: number, startedTwiceOrMore: number, notStarted: number,
 *   firstArrival: number, lastArrival: number
 * }} Tally
 *   maxInWindow: the most requests the fake accepted in one window since it was last reset
 *   firstArrival / lastArrival: epoch ms (NaN when no request came)
 */

/**
 * Where the fake's lists stand now, to tally only what comes after.
 * @param {{ requests: unknown[], recordings: unknown[] }} fake
 * @returns {TallyMark}
 */
function markFake(fake) {
	return { requests: fake.requests.length, recordings: fake.recordings.length };
}

/**
 * @param {{
 *   requests: Array<{ status: number | null, at: number }>,
 *   recordings: Array<{ conferenceName: string }>,
 *   stats(): { maxInWindow: number },
 * }} fake
 * @param {TallyMark} since
 * @param {string[]} names the conferences the burst asked to record, one recording each
 * @returns {Tally}
 */
function tallyBurst(fake, since, names) {
	const requests = fake.requests.slice(since.requests);
	/** @type {Record<string, number>} */
	const byStatus = {};
	for (const request of requests) byStatus[String(request.status)] = (byStatus[String(request.status)] ?? 0) + 1;
	/** @type {Map<string, number>} */
	const perName = new Map();
	for (const recording of fake.recordings.slice(since.recordings))
		perName.set(recording.conferenceName, (perName.get(recording.conferenceName) ?? 0) + 1);
	const arrivals = requests.map((request) => request.at);
	return {
		requests: requests.length,
		byStatus,
		r429: byStatus['429'] ?? 0,
		maxInWindow: fake.stats().maxInWindow,
		startedOnce: names.filter((name) => perName.get(name) === 1).length,
		startedTwiceOrMore: names.filter((name) => (perName.get(name) ?? 0) > 1).length,
		notStarted: names.filter((name) => !perName.has(name)).length,
		firstArrival: arrivals.length ? Math.min(...arrivals) : NaN,
		lastArrival: arrivals.length ? Math.max(...arrivals) : NaN,
	};
}

module.exports = { markFake, tallyBurst };
