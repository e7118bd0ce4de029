// @ts-check
'use strict';
/**
 * Part 2b, the cost of one signature check: the compiled verifyV3Signature (dist/, what n8n
 * runs) on a realistic recording callback, and the trigger's whole check (verifyCallback over
 * the candidate URLs it builds), beside a bare HMAC-SHA256 of the same string as the floor.
 * Run `npm run build` first (run.js does).
 */
const { createHmac, randomUUID } = require('node:crypto');
const path = require('node:path');
const { signatureV3, signatureV3Payload } = require('../test/support/fakePlivo');
const { ROOT, median, fixed, nowMs, positiveInt, log } = require('./lib/util');

const ITERATIONS = positiveInt('BENCH_SIG_ITERATIONS', 100_000);
const REPEATS = positiveInt('BENCH_SIG_REPEATS', 7);

function runSignature() {
	const dist = path.join(ROOT, 'dist', 'nodes', 'shared');
	/** @type {typeof import('../nodes/shared/signature')} */
	const signature = require(path.join(dist, 'signature.js'));
	/** @type {typeof import('../nodes/shared/verifyCallback')} */
	const verify = require(path.join(dist, 'verifyCallback.js'));

	const authToken = 'ZmFrZVBsaXZvQXV0aFRva2VuMDAwMDAwMDAwMDAw';
	const url = `https://n8n.example.com/webhook/${randomUUID()}/webhook`;
	const start = 1764080000000;
	const recordingId = randomUUID();
	const params = {
		api_id: randomUUID(),
		record_url: `https://media.plivo.com/v1/Account/MAXXXXXXXXXXXXXXXXXX/Recording/${recordingId}.mp3`,
		recording_id: recordingId,
		conference_name: 'Daily Standup',
		recording_duration: '312',
		recording_duration_ms: '312480',
		recording_start_ms: String(start),
		recording_end_ms: String(start + 312480),
	};
	const nonce = '31627761595286130198';
	const header = signatureV3('POST', url, params, nonce, authToken);
	const input = { url, method: 'POST', params, nonce };
	const request = {
		method: 'POST',
		headers: { 'x-plivo-signature-v3': header, 'x-plivo-signature-v3-nonce': nonce },
		params,
		// What the trigger passes: production URL, then the URL as called (the same here).
		urls: verify.candidateCallbackUrls(url, new URL(url).pathname),
	};
	if (!signature.verifyV3Signature(input, header, authToken)) throw new Error('verifyV3Signature rejected a valid signature');
	if (verify.verifyCallback(request, authToken) !== 'valid') throw new Error('verifyCallback rejected a valid callback');
	const payload = `${signatureV3Payload('POST', url, params)}.${nonce}`;

	/** @type {Record<string, () => unknown>} */
	const cases = {
		verifyV3Signature: () => signature.verifyV3Signature(input, header, authToken),
		verifyCallback: () => verify.verifyCallback(request, authToken),
		hmacOnly: () => createHmac('sha256', authToken).update(payload, 'utf8').digest('base64'),
	};
	/** @type {Record<string, number[]>} */
	const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
	let sink = 0;
	// Warm-up, then interleave the cases so drift in machine load hits all of them alike.
	for (const fn of Object.values(cases)) for (let i = 0; i < ITERATIONS / 10; i++) sink += fn() ? 1 : 0;
	for (let repeat = 0; repeat < REPEATS; repeat++) {
		for (const [name, fn] of Object.entries(cases)) {
			const t0 = nowMs();
			for (let i = 0; i < ITERATIONS; i++) sink += fn() ? 1 : 0;
			samples[name].push(((nowMs() - t0) * 1000) / ITERATIONS);
		}
	}
	if (sink === 0) throw new Error('unreachable');
	/** @type {Record<string, number>} */
	const microseconds = {};
	for (const name of Object.keys(cases)) microseconds[name] = median(samples[name]);
	log(`signature: verifyV3Signature ${fixed(microseconds.verifyV3Signature)} µs, verifyCallback ${fixed(microseconds.verifyCallback)} µs, bare HMAC ${fixed(microseconds.hmacOnly)} µs`);
	return { iterations: ITERATIONS, repeats: REPEATS, node: process.version, fields: Object.keys(params).length, candidateUrls: request.urls.length, microseconds, samples };
}

/** @param {any} result */
function summarize(result) {
	const us = result.microseconds;
	return [
		['signature: one verifyV3Signature (recording callback, 8 fields)', `${fixed(us.verifyV3Signature)} µs`, 'report', ''],
		[`signature: the trigger's whole check (verifyCallback, ${result.candidateUrls} candidate URL(s))`, `${fixed(us.verifyCallback)} µs`, 'report', ''],
		['signature: bare HMAC-SHA256 of the same string (floor)', `${fixed(us.hmacOnly)} µs`, 'report', ''],
	];
}

module.exports = { runSignature, summarize };
