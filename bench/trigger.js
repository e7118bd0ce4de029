// @ts-check
'use strict';
/**
 * Part 2, trigger throughput: N signed recording callbacks (2,000 by default) at concurrency 32
 * into this package's Plivo Recording Callback Trigger (signature check on, duplicates ignored:
 * every callback carries its own recording_id) and into n8n's core Webhook node (responds on
 * receipt, as Plivo needs), in the same n8n. Both get the same signed form bodies; the
 * Webhook node ignores the signature. Afterwards every execution is counted through the API.
 */
const http = require('node:http');
const { randomUUID, randomInt } = require('node:crypto');
const { signatureV3 } = require('../test/support/fakePlivo');
const { AUTH_ID, AUTH_TOKEN } = require('./lib/setup');
const { median, percentile, fixed, delay, nowMs, runs, log, loadavg } = require('./lib/util');

const PACKAGE = 'n8n-nodes-plivo-recording';
const CALLBACKS = Number(process.env.BENCH_CALLBACKS || 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 32);
const WARM_UP = 100;
const REQUEST_TIMEOUT_MS = 60_000;
const STALL_MS = Number(process.env.BENCH_STALL_MS || 120_000);

/**
 * @param {import('./lib/setup').CredentialRef} credential
 * @param {boolean} [verifySignature] off only for the diagnostic variant (BENCH_TRIGGER_NOVERIFY=1)
 */
function triggerWorkflow(credential, verifySignature = true) {
	const webhookId = randomUUID();
	return {
		webhookPath: `${webhookId}/webhook`,
		workflow: {
			name: `bench trigger ${webhookId.slice(0, 8)}`,
			nodes: [{
				id: randomUUID(),
				name: 'Plivo Recording Callback',
				type: `${PACKAGE}.plivoRecordingTrigger`,
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: { events: ['recording', 'transcription'], verifySignature, ignoreDuplicates: true },
				credentials: { plivoRecordingApi: credential },
			}],
			connections: {},
			settings: { executionOrder: 'v1' },
		},
	};
}

function webhookWorkflow() {
	const path = `bench-webhook-${randomUUID()}`;
	return {
		webhookPath: path,
		workflow: {
			name: `bench webhook ${path.slice(14, 22)}`,
			nodes: [{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
			}],
			connections: {},
			settings: { executionOrder: 'v1' },
		},
	};
}

/** A 20-digit nonce like Plivo's. */
const nonce = () => String(randomInt(1e9, 1e10 - 1)) + String(randomInt(1e9, 1e10 - 1)).padStart(10, '0');

/**
 * Plivo's recording callback for one recording, signed for `url`, ready to send (signing is
 * done before the clock starts: it is Plivo's work, not n8n's).
 * @param {string} url @param {string} tag
 */
function signedCallback(url, tag) {
	const recordingId = `${tag}-${randomUUID()}`;
	const start = Date.now() - 312_480;
	const params = {
		api_id: randomUUID(),
		record_url: `https://media.plivo.com/v1/Account/${AUTH_ID}/Recording/${recordingId}.mp3`,
		recording_id: recordingId,
		conference_name: 'Daily Standup',
		recording_duration: '312',
		recording_duration_ms: '312480',
		recording_start_ms: String(start),
		recording_end_ms: String(start + 312_480),
	};
	const n = nonce();
	const body = new URLSearchParams(params).toString();
	return {
		body,
		headers: {
			'User-Agent': 'PlivoHTTPClient',
			Accept: '*/*',
			'Content-Type': 'application/x-www-form-urlencoded',
			'Content-Length': String(Buffer.byteLength(body)),
			'X-Plivo-Signature-V3': signatureV3('POST', url, params, n, AUTH_TOKEN),
			'X-Plivo-Signature-V3-Nonce': n,
		},
	};
}

/**
 * Sends the callbacks with `concurrency` workers over keep-alive connections. Latencies are
 * kept per answer status; the first body of each non-200 status is kept as a sample.
 * @param {string} url @param {Array<ReturnType<typeof signedCallback>>} callbacks @param {number} concurrency
 */
async function blast(url, callbacks, concurrency) {
	const target = new URL(url);
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	/** @type {number[]} */
	const latencies = [];
	/** @type {number[]} */
	const okLatencies = [];
	/** @type {Record<string, number>} */
	const statuses = {};
	/** @type {Record<string, string>} */
	const samples = {};
	let next = 0;
	/** @param {ReturnType<typeof signedCallback>} callback @returns {Promise<{ status: number, body: string }>} */
	const send = (callback) => new Promise((resolve, reject) => {
		const request = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: callback.headers, agent }, (response) => {
			/** @type {Buffer[]} */
			const chunks = [];
			response.on('data', (chunk) => chunks.push(chunk));
			response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
			response.on('error', reject);
		});
		request.setTimeout(REQUEST_TIMEOUT_MS, () => request.destroy(new Error(`no answer in ${REQUEST_TIMEOUT_MS} ms`)));
		request.on('error', reject);
		request.end(callback.body);
	});
	const worker = async () => {
		while (next < callbacks.length) {
			const callback = callbacks[next++];
			const started = nowMs();
			/** @type {string} */
			let status;
			try {
				const answer = await send(callback);
				status = String(answer.status);
				if (status !== '200' && !(status in samples)) samples[status] = answer.body.slice(0, 200);
			} catch (error) {
				status = `error: ${/** @type {Error} */ (error).message}`;
			}
			const ms = nowMs() - started;
			latencies.push(ms);
			if (status === '200') okLatencies.push(ms);
			statuses[status] = (statuses[status] ?? 0) + 1;
		}
	};
	const started = nowMs();
	await Promise.all(Array.from({ length: concurrency }, worker));
	const elapsedMs = nowMs() - started;
	agent.destroy();
	return { elapsedMs, latencies, okLatencies, statuses, samples, ok: statuses['200'] ?? 0 };
}

/** @param {import('./lib/setup').Env} env */
async function runTrigger(env) {
	const { n8n, plivoCredential } = env;

	/** Executions of a workflow by status (without their data: cheap to count). @param {string} workflowId */
	async function executionsByStatus(workflowId) {
		const all = await n8n.executions({ workflowId, includeData: false });
		/** @type {Record<string, number>} */
		const byStatus = {};
		for (const execution of all) byStatus[execution.status] = (byStatus[execution.status] ?? 0) + 1;
		const unfinished = (byStatus.new ?? 0) + (byStatus.running ?? 0) + (byStatus.waiting ?? 0);
		return { byStatus, rows: all.length, finished: all.length - unfinished };
	}

	/**
	 * Waits until `expected` executions finished; gives up after STALL_MS without progress.
	 * @param {string} workflowId @param {number} expected @param {string} label
	 */
	async function drain(workflowId, expected, label) {
		let done = -1;
		let progressAt = nowMs();
		let lastLog = nowMs();
		for (;;) {
			const state = await executionsByStatus(workflowId);
			if (state.finished > done) progressAt = nowMs();
			done = state.finished;
			if (done >= expected) return { ...state, stalled: false };
			if (nowMs() - progressAt > STALL_MS) {
				log(`  ${label}: stalled at ${done} of ${expected} finished executions, none for ${STALL_MS / 1000} s: ${JSON.stringify(state.byStatus)}`);
				return { ...state, stalled: true };
			}
			if (nowMs() - lastLog > 30_000) {
				lastLog = nowMs();
				log(`  ${label}: ${done} of ${expected} executions finished`);
			}
			await delay(500);
		}
	}

	/** @param {string} contender @param {number} run */
	async function measure(contender, run) {
		const { webhookPath, workflow } = contender === 'webhook' ? webhookWorkflow() : triggerWorkflow(plivoCredential, contender !== 'triggerNoVerify');
		const created = await n8n.createWorkflow(/** @type {any} */ (workflow));
		await n8n.activateWorkflow(created.id);
		const url = n8n.webhookUrl(webhookPath);
		const warm = Array.from({ length: WARM_UP }, (_, i) => signedCallback(url, `warm${run}-${contender}-${i}`));
		const callbacks = Array.from({ length: CALLBACKS }, (_, i) => signedCallback(url, `r${run}-${contender}-${i}`));

		// Warm-up at a gentle concurrency: it is there to load code paths, not to queue work.
		const warmSent = await blast(url, warm, 4);
		const warmed = await drain(created.id, warmSent.ok, 'warm-up');
		if (warmed.stalled) return { contender, workflowId: created.id, stalled: true, phase: 'warm-up', byStatus: warmed.byStatus, statuses: warmSent.statuses };
		await delay(1000);

		const started = nowMs();
		const sent = await blast(url, callbacks, CONCURRENCY);
		log(`  sent in ${fixed(sent.elapsedMs / 1000)} s: ${JSON.stringify(sent.statuses)}${Object.keys(sent.samples).length ? ` e.g. ${JSON.stringify(sent.samples)}` : ''}`);
		// Executions run after the answer: wait until every callback answered 200 has finished
		// (the drain). Another answer (503: n8n shedding load) starts nothing; Plivo retries it.
		const expected = warmed.finished + sent.ok;
		const drained = await drain(created.id, expected, 'drain');
		const drainMs = drained.stalled ? NaN : nowMs() - started;
		const figures = {
			contender,
			workflowId: created.id,
			callbacks: CALLBACKS,
			concurrency: CONCURRENCY,
			statuses: sent.statuses,
			samples: sent.samples,
			ok: sent.ok,
			rejected: CALLBACKS - sent.ok,
			elapsedMs: sent.elapsedMs,
			// Callbacks accepted (200) per second of sending: what Plivo gets through.
			perSecond: sent.ok / (sent.elapsedMs / 1000),
			// Latency of the accepted callbacks (all answers: p50AllMs / p99AllMs).
			p50Ms: percentile(sent.okLatencies, 50),
			p99Ms: percentile(sent.okLatencies, 99),
			maxMs: Math.max(...sent.okLatencies),
			p50AllMs: percentile(sent.latencies, 50),
			p99AllMs: percentile(sent.latencies, 99),
			drainMs,
			// Accepted callbacks whose execution finished, per second from the first one sent.
			executionsPerSecond: sent.ok / (drainMs / 1000),
			byStatus: drained.byStatus,
			executions: drained.rows - warmed.rows,
			// Answered 200 but no execution row: Plivo will not send them again.
			lost: Math.max(0, sent.ok - (drained.rows - warmed.rows)),
			stalled: drained.stalled,
		};
		if (drained.stalled) return figures;
		// Proof, through the same API the e2e suite uses, that every accepted callback ran.
		const executions = await n8n.waitForExecutions(created.id, expected, { timeoutMs: 120_000 });
		// Left active: deactivating waits for the webhook to disappear from n8n's preflight,
		// which n8n 2.41 keeps answering for the trigger's webhook (seen here: > 30 s).
		return { ...figures, executionsSucceeded: executions.filter((execution) => execution.status === 'success').length - warmed.finished };
	}

	// The diagnostic variant (signature check off) shows what the check costs inside n8n.
	const contenders = process.env.BENCH_TRIGGER_NOVERIFY === '1' ? ['trigger', 'webhook', 'triggerNoVerify'] : ['trigger', 'webhook'];
	/** @type {any[]} */
	const perRun = [];
	for (let run = 1; run <= runs(); run++) {
		const order = run % 2 === 1 ? [...contenders] : [...contenders].reverse();
		/** @type {Record<string, any>} */
		const results = { run, loadavg: loadavg(), order };
		for (const contender of order) {
			await delay(2000);
			log(`trigger run ${run}: ${contender} (${CALLBACKS} callbacks, concurrency ${CONCURRENCY})`);
			/** @type {any} */
			const r = (results[contender] = await measure(contender, run));
			if (r.stalled) break;
			log(`  accepted ${fixed(r.perSecond, 1)}/s (${r.ok} of ${CALLBACKS}), p50 ${fixed(r.p50Ms, 1)} ms, p99 ${fixed(r.p99Ms, 1)} ms, executions ${r.executions} (${r.executionsSucceeded} success, ${r.lost} lost) drained in ${fixed(r.drainMs / 1000)} s`);
		}
		const t = results.trigger;
		const w = results.webhook;
		if (order.some((contender) => !results[contender] || results[contender].stalled)) {
			// n8n stopped finishing executions: the rest of this n8n's figures would mean nothing.
			perRun.push(results);
			log('trigger: n8n stalled; the trigger part stops here');
			break;
		}
		results.ratios = {
			throughput: t.perSecond / w.perSecond,
			p50: t.p50Ms / w.p50Ms,
			p99: t.p99Ms / w.p99Ms,
			executionsPerSecond: t.executionsPerSecond / w.executionsPerSecond,
			...(results.triggerNoVerify ? {
				noVerifyThroughput: results.triggerNoVerify.perSecond / w.perSecond,
				noVerifyP99: results.triggerNoVerify.p99Ms / w.p99Ms,
			} : {}),
		};
		perRun.push(results);
	}
	const complete = perRun.filter((r) => r.ratios);
	const med = (/** @type {(r: any) => number} */ pick) => median(complete.map(pick));
	/** @type {Record<string, any>} */
	const medians = {};
	for (const contender of contenders) {
		medians[contender] = {};
		for (const field of ['perSecond', 'p50Ms', 'p99Ms', 'maxMs', 'p50AllMs', 'p99AllMs', 'drainMs', 'executionsPerSecond', 'ok', 'rejected', 'executions', 'executionsSucceeded', 'lost']) {
			medians[contender][field] = med((r) => r[contender][field]);
		}
	}
	medians.ratios = {};
	for (const ratio of Object.keys(complete[0]?.ratios ?? { throughput: 0, p50: 0, p99: 0, executionsPerSecond: 0 })) medians.ratios[ratio] = med((r) => r.ratios[ratio]);
	return { callbacks: CALLBACKS, completeRuns: complete.length, stalled: complete.length < perRun.length, concurrency: CONCURRENCY, warmUp: WARM_UP, medians, perRun };
}

/** @param {any} result */
function summarize(result) {
	const r = result.medians.ratios;
	const t = result.medians.trigger;
	const w = result.medians.webhook;
	const extra = r.noVerifyThroughput === undefined ? [] : [
		[`trigger, signature check OFF (diagnostic): callbacks/s vs Webhook`, `${fixed(r.noVerifyThroughput, 3)}×`, '—', ''],
		[`trigger, signature check OFF (diagnostic): p99 vs Webhook`, `${fixed(r.noVerifyP99, 3)}×`, '—', ''],
	];
	const stalled = result.perRun.flatMap((/** @type {any} */ run) => ['trigger', 'webhook', 'triggerNoVerify']
		.filter((contender) => run[contender]?.stalled)
		.map((contender) => [`trigger: n8n STALLED in run ${run.run} (${contender}), ${JSON.stringify(run[contender].byStatus)}`, '—', '', 'see raw']));
	if (result.completeRuns === 0) return [...stalled, ['trigger: no run completed, so no ratio', '—', '≥ 0.95× / ≤ 1.1×', 'NOT MEASURED']];
	return [
		...stalled,
		[`trigger: accepted callbacks/s, trigger ${fixed(t.perSecond, 1)} vs Webhook ${fixed(w.perSecond, 1)}`, `${fixed(r.throughput, 3)}×`, '≥ 0.95×', r.throughput >= 0.95 ? 'met' : 'MISSED'],
		[`trigger: answered other than 200 (of ${result.callbacks}), trigger ${t.rejected} vs Webhook ${w.rejected}`, '', '', ''],
		[`trigger: p50 latency (accepted), ${fixed(t.p50Ms, 1)} vs ${fixed(w.p50Ms, 1)} ms`, `${fixed(r.p50, 3)}×`, '—', ''],
		[`trigger: p99 latency (accepted), ${fixed(t.p99Ms, 1)} vs ${fixed(w.p99Ms, 1)} ms`, `${fixed(r.p99, 3)}×`, '≤ 1.1×', r.p99 <= 1.1 ? 'met' : 'MISSED'],
		[`trigger: accepted → finished executions/s, ${fixed(t.executionsPerSecond, 1)} vs ${fixed(w.executionsPerSecond, 1)}`, `${fixed(r.executionsPerSecond, 3)}×`, '—', ''],
		[`trigger: answered 200 without an execution, trigger ${t.lost} vs Webhook ${w.lost}`, '', '0', t.lost === 0 ? 'met' : 'MISSED'],
		...extra,
	];
}

module.exports = { runTrigger, summarize, signedCallback, blast, triggerWorkflow, webhookWorkflow };
