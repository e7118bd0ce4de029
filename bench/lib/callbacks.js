// @ts-check
'use strict';
/**
 * What the trigger and queue parts share: Plivo's signed recording callbacks, the workflow with
 * one Plivo Recording Callback Trigger, a sender that plays Plivo (concurrent, keep-alive,
 * optional retries) and a wait for the executions that counts progress and notices a stall.
 */
const http = require('node:http');
const { randomInt, randomUUID } = require('node:crypto');
const { signatureV3 } = require('../../tools/fakePlivo');
const { delay, nowMs, log } = require('./util');

const PACKAGE = 'n8n-nodes-plivo-recording';
const REQUEST_TIMEOUT_MS = 60_000;

/** A 20-digit nonce like Plivo's. */
const nonce = () => String(randomInt(1e9, 1e10 - 1)) + String(randomInt(1e9, 1e10 - 1)).padStart(10, '0');

/**
 * @typedef {{ recordingId: string, body: string, headers: Record<string, string> }} SignedCallback
 */

/**
 * The fields of Plivo's recording callback (8, as Plivo sends them) for a 312.48 s recording.
 * @param {string} recordingId @param {string} authId @param {number} startMs
 */
function recordingParams(recordingId, authId, startMs) {
	return {
		api_id: randomUUID(),
		record_url: `https://media.plivo.com/v1/Account/${authId}/Recording/${recordingId}.mp3`,
		recording_id: recordingId,
		conference_name: 'Daily Standup',
		recording_duration: '312',
		recording_duration_ms: '312480',
		recording_start_ms: String(startMs),
		recording_end_ms: String(startMs + 312_480),
	};
}

/**
 * Plivo's recording callback for one recording, signed for `url` with `authToken`, ready to
 * send (signing is done before the clock starts: it is Plivo's work, not n8n's).
 * @param {string} url @param {string} recordingId @param {{ authId: string, authToken: string }} account
 * @returns {SignedCallback}
 */
function signedCallback(url, recordingId, { authId, authToken }) {
	const params = recordingParams(recordingId, authId, Date.now() - 312_480);
	const n = nonce();
	const body = new URLSearchParams(params).toString();
	return {
		recordingId,
		body,
		headers: {
			'User-Agent': 'PlivoHTTPClient',
			Accept: '*/*',
			'Content-Type': 'application/x-www-form-urlencoded',
			'Content-Length': String(Buffer.byteLength(body)),
			'X-Plivo-Signature-V3': signatureV3('POST', url, params, n, authToken),
			'X-Plivo-Signature-V3-Nonce': n,
		},
	};
}

/**
 * `count` callbacks with recording_ids `${tag}-0` … `${tag}-(count-1)`, each signed for `url`.
 * @param {string} url @param {string} tag @param {number} count @param {{ authId: string, authToken: string }} account
 */
const signedCallbacks = (url, tag, count, account) =>
	Array.from({ length: count }, (_, i) => signedCallback(url, `${tag}-${i}`, account));

/**
 * A workflow with one Plivo Recording Callback Trigger (both events, duplicates ignored) and
 * the path of its production webhook.
 * @param {{ id: string, name: string }} credential @param {{ name?: string, verifySignature?: boolean }} [options]
 */
function triggerWorkflow(credential, { name = 'bench trigger', verifySignature = true } = {}) {
	const webhookId = randomUUID();
	return {
		webhookPath: `${webhookId}/webhook`,
		workflow: {
			name: `${name} ${webhookId.slice(0, 8)}`,
			nodes: [
				{
					id: randomUUID(),
					name: 'Plivo Recording Callback',
					type: `${PACKAGE}.plivoRecordingTrigger`,
					// What the editor adds today (defaultVersion); BENCH_TRIGGER_VERSION=1 for the first version.
					typeVersion: Number(process.env.BENCH_TRIGGER_VERSION ?? 2),
					position: [0, 0],
					webhookId,
					parameters: { events: ['recording', 'transcription'], verifySignature, ignoreDuplicates: true },
					credentials: { plivoRecordingApi: credential },
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		},
	};
}

/**
 * Sends every callback, `concurrency` at a time over keep-alive connections, as Plivo does.
 * Only an answer with status 200 counts as accepted (the body is not looked at). Another
 * answer, or no answer, is retried up to `retries` times after 1 s, 2 s, … (Plivo retries a
 * failed callback); every attempt's status and latency is counted, and the first body of each
 * status other than 200 is kept as a sample.
 * @param {string} url @param {SignedCallback[]} callbacks
 * @param {{ concurrency: number, retries?: number, timeoutMs?: number }} options timeoutMs: how
 *   long to wait for each answer (60 s, as Plivo's longest read timeout is 40 s)
 */
async function sendCallbacks(url, callbacks, { concurrency, retries = 0, timeoutMs = REQUEST_TIMEOUT_MS }) {
	const target = new URL(url);
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	/** @type {number[]} every attempt */
	const latencies = [];
	/** @type {number[]} attempts answered 200 */
	const okLatencies = [];
	/** @type {Record<string, number>} */
	const statuses = {};
	/** @type {Record<string, string>} */
	const samples = {};
	/** @type {Set<string>} recording_ids answered 200 */
	const accepted = new Set();
	let retried = 0;
	let next = 0;
	/** @param {SignedCallback} callback @returns {Promise<{ status: number, body: string }>} */
	const post = (callback) =>
		new Promise((resolve, reject) => {
			const request = http.request(
				{
					host: target.hostname,
					port: target.port,
					path: target.pathname,
					method: 'POST',
					headers: callback.headers,
					agent,
				},
				(response) => {
					/** @type {Buffer[]} */
					const chunks = [];
					response.on('data', (chunk) => chunks.push(chunk));
					response.on('end', () =>
						resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
					);
					response.on('error', reject);
				},
			);
			request.setTimeout(timeoutMs, () => request.destroy(new Error(`no answer in ${timeoutMs / 1000} s`)));
			request.on('error', reject);
			request.end(callback.body);
		});
	const sender = async () => {
		while (next < callbacks.length) {
			const callback = callbacks[next++];
			for (let attempt = 0; attempt <= retries; attempt++) {
				if (attempt > 0) {
					retried++;
					await delay(1000 * attempt);
				}
				const started = nowMs();
				/** @type {string} */
				let status;
				try {
					const answer = await post(callback);
					status = String(answer.status);
					if (status !== '200' && !(status in samples)) samples[status] = answer.body.slice(0, 200);
				} catch (error) {
					status = `error: ${/** @type {Error} */ (error).message}`;
				}
				const ms = nowMs() - started;
				latencies.push(ms);
				statuses[status] = (statuses[status] ?? 0) + 1;
				if (status === '200') {
					okLatencies.push(ms);
					accepted.add(callback.recordingId);
					break;
				}
			}
		}
	};
	const startedAt = Date.now();
	const started = nowMs();
	await Promise.all(Array.from({ length: concurrency }, sender));
	const elapsedMs = nowMs() - started;
	agent.destroy();
	return { startedAt, elapsedMs, latencies, okLatencies, statuses, samples, accepted, ok: accepted.size, retried };
}

/**
 * Polls `count()` until `finished` reaches `expected`; gives up once it has not moved for
 * `stallMs` (what is missing then is lost, or stuck). Logs progress every 30 s.
 * @template {{ finished: number, byStatus: Record<string, number> }} T
 * @param {() => Promise<T> | T} count @param {number} expected
 * @param {{ stallMs: number, label: string, intervalMs?: number }} options
 * @returns {Promise<T & { stalled: boolean }>}
 */
async function waitForFinished(count, expected, { stallMs, label, intervalMs = 500 }) {
	let done = -1;
	let progressAt = nowMs();
	let loggedAt = nowMs();
	for (;;) {
		const state = await count();
		if (state.finished !== done) progressAt = nowMs();
		done = state.finished;
		if (done >= expected) return { ...state, stalled: false };
		if (nowMs() - progressAt > stallMs) {
			log(
				`  ${label}: stalled at ${done} of ${expected} finished executions, none for ${stallMs / 1000} s: ${JSON.stringify(state.byStatus)}`,
			);
			return { ...state, stalled: true };
		}
		if (nowMs() - loggedAt > 30_000) {
			loggedAt = nowMs();
			log(`  ${label}: ${done} of ${expected} executions finished`);
		}
		await delay(intervalMs);
	}
}

/**
 * Finished executions out of rows by status: everything but new, running and waiting.
 * @param {Record<string, number>} byStatus
 */
function finishedOf(byStatus) {
	const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
	return { total, finished: total - (byStatus.new ?? 0) - (byStatus.running ?? 0) - (byStatus.waiting ?? 0) };
}

module.exports = {
	PACKAGE,
	recordingParams,
	signedCallback,
	signedCallbacks,
	triggerWorkflow,
	sendCallbacks,
	waitForFinished,
	finishedOf,
};
