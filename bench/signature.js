// @ts-check
'use strict';
/**
 * Part 2b, the cost of one signature check: the compiled verifyV3Signature (dist/, what n8n
 * runs) on a realistic recording callback, and the trigger's whole check (verifyCallback over
 * the candidate URLs it builds), beside a bare HMAC-SHA256 of the same string as the floor.
 * Timed on the bench's Node.js and on the one n8n runs on (2.x: Node 24).
 * Run `npm run build` first (run.js does).
 */
const { execFile } = require('node:child_process');
const { createHmac, randomUUID } = require('node:crypto');
const path = require('node:path');
const { promisify } = require('node:util');
const { nodeRuntimes } = require('./lib/setup');
const { recordingParams } = require('./lib/callbacks');
const { signatureV3, signatureV3Payload } = require('../tools/fakePlivo');
const { ROOT, median, fixed, nowMs, positiveInt, log } = require('./lib/util');

const ITERATIONS = positiveInt('BENCH_SIG_ITERATIONS', 100_000);
const REPEATS = positiveInt('BENCH_SIG_REPEATS', 7);

/** The timings on the Node.js running this file. */
function measure() {
	const dist = path.join(ROOT, 'dist', 'nodes', 'shared', 'callbacks');
	/** @type {typeof import('../nodes/shared/callbacks/signature')} */
	const signature = require(path.join(dist, 'signature.js'));
	/** @type {typeof import('../nodes/shared/callbacks/verify')} */
	const verify = require(path.join(dist, 'verify.js'));
	/** @type {typeof import('../nodes/shared/callbacks/urls')} */
	const urls = require(path.join(dist, 'urls.js'));

	const authToken = 'ZmFrZVBsaXZvQXV0aFRva2VuMDAwMDAwMDAwMDAw';
	const url = `https://n8n.example.com/webhook/${randomUUID()}/webhook`;
	const params = recordingParams(randomUUID(), 'MAXXXXXXXXXXXXXXXXXX', 1764080000000);
	const nonce = '31627761595286130198';
	const header = signatureV3('POST', url, params, nonce, authToken);
	const input = { url, method: 'POST', params, nonce };
	const headers = { 'x-plivo-signature-v3': header, 'x-plivo-signature-v3-nonce': nonce };
	const webhookPath = new URL(url).pathname.split('/').slice(2).join('/');
	const nodeKey = webhookPath.split('/')[0];
	// What the trigger does: read the headers, build the URLs Plivo may have signed, verify.
	const check = () => {
		const read = verify.readSignatureHeaders(headers, { acceptV2: false });
		if ('refused' in read) return false;
		const candidates = urls.signedUrlCandidates({
			n8nRoot: urls.n8nRootOf(url, nodeKey),
			called: new URL(url).pathname,
			routePaths: [webhookPath],
			configuredUrls: [url],
		});
		return verify.verifyCallback({ method: 'POST', params, urls: candidates }, read, authToken);
	};
	if (!signature.verifyV3Signature(input, header, authToken))
		throw new Error('verifyV3Signature rejected a valid signature');
	if (!check()) throw new Error('verifyCallback rejected a valid callback');
	const candidateUrls = urls.signedUrlCandidates({
		n8nRoot: urls.n8nRootOf(url, nodeKey),
		called: new URL(url).pathname,
		routePaths: [webhookPath],
		configuredUrls: [url],
	});
	const payload = `${signatureV3Payload('POST', url, params)}.${nonce}`;

	/** @type {Record<string, () => unknown>} */
	const cases = {
		verifyV3Signature: () => signature.verifyV3Signature(input, header, authToken),
		verifyCallback: check,
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
	return {
		iterations: ITERATIONS,
		repeats: REPEATS,
		node: process.version,
		fields: Object.keys(params).length,
		candidateUrls: candidateUrls.length,
		microseconds,
		samples,
	};
}

/**
 * measure() on every Node.js of nodeRuntimes(): this one in this process, the others (n8n's
 * Node 24) in a child running this file.
 */
async function runSignature() {
	/** @type {Array<ReturnType<typeof measure>>} */
	const runtimes = [];
	for (const runtime of await nodeRuntimes()) {
		const result =
			runtime.binary === process.execPath
				? measure()
				: JSON.parse(
						(await promisify(execFile)(runtime.binary, [__filename], { cwd: ROOT, maxBuffer: 16 * 2 ** 20 })).stdout,
					);
		const us = result.microseconds;
		log(
			`signature on ${result.node}: verifyV3Signature ${fixed(us.verifyV3Signature)} µs, verifyCallback ${fixed(us.verifyCallback)} µs, bare HMAC ${fixed(us.hmacOnly)} µs`,
		);
		runtimes.push(result);
	}
	const [first] = runtimes;
	return {
		iterations: first.iterations,
		repeats: first.repeats,
		fields: first.fields,
		candidateUrls: first.candidateUrls,
		runtimes,
	};
}

/** @param {any} result */
function summarize(result) {
	return result.runtimes.flatMap((/** @type {any} */ runtime) => {
		const us = runtime.microseconds;
		return [
			[
				`signature, Node ${runtime.node}: one verifyV3Signature (recording callback, ${result.fields} fields)`,
				`${fixed(us.verifyV3Signature)} µs`,
				'report',
				'',
			],
			[
				`signature, Node ${runtime.node}: the trigger's whole check (verifyCallback, ${result.candidateUrls} candidate URL)`,
				`${fixed(us.verifyCallback)} µs`,
				'report',
				'',
			],
			[
				`signature, Node ${runtime.node}: bare HMAC-SHA256 of the same string (floor)`,
				`${fixed(us.hmacOnly)} µs`,
				'report',
				'',
			],
		];
	});
}

module.exports = { runSignature, summarize };

// `node bench/signature.js`: measure() on this Node.js, as JSON (runSignature's child).
if (require.main === module) process.stdout.write(JSON.stringify(measure()));
