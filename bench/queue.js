#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Part 3, queue mode: n8n's distributed mode started by test/support/queueMode.js (PostgreSQL
 * and Redis from Debian's packages on loopback ports, a main, one webhook processor, workers).
 * 5,000 signed recording callbacks (each its own recording_id) go through the webhook
 * processor's production URL of a Plivo Recording Callback Trigger (signature check on,
 * duplicate memory on) at a fixed concurrency, first with 1 worker, then with 2 (one more
 * worker joins the same setup; each run has its own workflow). Every execution is then counted
 * IN POSTGRES, not through n8n's API:
 *   executions   rows of execution_entity for the run's workflow, by status;
 *   lost         callbacks answered 200 whose recording_id is in no execution's data
 *                (execution_data.data, where n8n keeps the trigger's output);
 *   duplicated   recording_ids found in the data of more than one execution;
 *   accepted/s   callbacks answered 200 per second of sending (what Plivo sees);
 *   finished/s   callbacks per second from the first one sent to the last execution's
 *                "stoppedAt" (the queue drained, all written to the database).
 * A warm-up of 100 callbacks into a separate workflow precedes each run. An answer other than
 * 200 (n8n sheds load with 503 "Database is not ready!" when its database ping times out) is
 * retried after 1 s, 2 s, 3 s as Plivo retries a failed callback; every answer is counted.
 *
 * Expression engine: runs use N8N_EXPRESSION_ENGINE=legacy unless told otherwise. n8n 2.41's
 * default ('vm', isolated-vm) makes every production webhook call to a trigger other than n8n's
 * own Webhook node take an isolate (LiveWebhooks.webhookPhaseNeedsIsolate): on 2 cores that caps
 * the webhook processor at about 4–7 callbacks/s, whatever the workers, and 5,000 callbacks
 * twice take 25–45 min. BENCH_QUEUE_EXPRESSION_ENGINE=default measures n8n's default (vm).
 *
 * `node bench/queue.js` prints progress on stderr and the table on stdout. bench/run.js calls
 * run() and summarize(). Env: BENCH_QUEUE_CALLBACKS (5000), BENCH_QUEUE_CONCURRENCY (32),
 * BENCH_QUEUE_WORKERS (worker counts to measure, "1,2"), BENCH_QUEUE_WORKER_CONCURRENCY (jobs
 * per worker, 5), BENCH_QUEUE_EXPRESSION_ENGINE (legacy; default = n8n's own), BENCH_QUEUE_RETRIES
 * (3), N8N_VERSION (2.41.1), BENCH_QUEUE_ECHO=1 (n8n's logs on stderr). When a run loses or
 * duplicates anything, or n8n answered other than 200, the n8n processes' logs are saved to a
 * file named in the results (logFile).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const { randomInt, randomUUID } = require('node:crypto');
const { startQueueMode } = require('../test/support/queueMode');
const { signatureV3 } = require('../test/support/fakePlivo');

const PACKAGE = 'n8n-nodes-plivo-recording';
const AUTH_ID = 'MABENCHQUEUE00000001';
const AUTH_TOKEN = 'bench-queue-token-0123456789abcdefABCDEF';
const WARM_UP = 100;
// A run whose count has not moved for this long is over: what is missing then is lost.
const STALL_MS = 60_000;

/** @param {string} name @param {number} fallback */
function positiveInt(name, fallback) {
	const value = Number(process.env[name] || fallback);
	return Number.isInteger(value) && value > 0 ? value : fallback;
}

const log = (/** @type {string} */ text) => process.stderr.write(`[bench queue ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
const delay = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const fixed = (/** @type {number} */ n, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : String(n));

/** @param {number[]} values @param {number} p nearest-rank percentile */
function percentile(values, p) {
	const sorted = [...values].sort((a, b) => a - b);
	if (!sorted.length) return NaN;
	return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
}

/** @param {string[]} header @param {Array<Array<string | number>>} rows */
function table(header, rows) {
	const cells = [header, ...rows.map((row) => row.map(String))];
	const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
	const line = (/** @type {string[]} */ row) => row.map((cell, i) => (cell ?? '').padEnd(widths[i])).join('  ').trimEnd();
	return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n');
}

/** @param {{ id: string, name: string }} credential */
function triggerWorkflow(credential) {
	const webhookId = randomUUID();
	return {
		webhookPath: `${webhookId}/webhook`,
		workflow: {
			name: `bench queue ${webhookId.slice(0, 8)}`,
			nodes: [{
				id: randomUUID(),
				name: 'Plivo Recording Callback',
				type: `${PACKAGE}.plivoRecordingTrigger`,
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: { events: ['recording', 'transcription'], verifySignature: true, ignoreDuplicates: true },
				credentials: { plivoRecordingApi: credential },
			}],
			connections: {},
			settings: { executionOrder: 'v1' },
		},
	};
}

/** A 20-digit nonce like Plivo's. */
const nonce = () => String(randomInt(1e9, 1e10 - 1)) + String(randomInt(1e9, 1e10 - 1)).padStart(10, '0');

/**
 * Plivo's recording callback, signed for `url` before the clock starts (signing is Plivo's work).
 * @param {string} url @param {string} recordingId
 */
function signedCallback(url, recordingId) {
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
		recordingId,
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
 * Sends every callback, `concurrency` at a time over keep-alive connections; an answer other
 * than 200 is retried up to `retries` times (after 1 s, 2 s, …), as Plivo does.
 * @param {string} url @param {Array<ReturnType<typeof signedCallback>>} callbacks @param {number} concurrency
 * @param {number} [retries]
 */
async function send(url, callbacks, concurrency, retries = 0) {
	const target = new URL(url);
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	/** @type {number[]} */
	const latencies = [];
	/** @type {Record<string, number>} */
	const statuses = {};
	/** @type {Set<string>} recording_ids answered 200 */
	const accepted = new Set();
	let retried = 0;
	let next = 0;
	/** @param {ReturnType<typeof signedCallback>} callback @returns {Promise<number>} */
	const post = (callback) => new Promise((resolve, reject) => {
		const request = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: callback.headers, agent, timeout: 60_000 }, (response) => {
			response.resume();
			response.on('end', () => resolve(response.statusCode ?? 0));
			response.on('error', reject);
		});
		request.on('timeout', () => request.destroy(new Error('no answer in 60 s')));
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
				/** @type {number | string} */
				let status;
				try {
					status = await post(callback);
				} catch (error) {
					status = `error: ${/** @type {Error} */ (error).message}`;
				}
				latencies.push(nowMs() - started);
				statuses[status] = (statuses[status] ?? 0) + 1;
				if (status === 200) {
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
	return { startedAt, elapsedMs, latencies, statuses, accepted, retried };
}

/**
 * @param {import('../test/support/queueMode').QueueMode} queue
 */
function database(queue) {
	/** @param {string} sql */
	const rows = (sql) => queue.postgres.query(sql).trim().split('\n').filter(Boolean).map((line) => line.split('|'));
	/** @param {string} id */
	const quote = (id) => `'${id.replace(/'/g, "''")}'`;
	return {
		/** execution_entity rows of a workflow by status, and how many are finished. @param {string} workflowId */
		statuses(workflowId) {
			/** @type {Record<string, number>} */
			const byStatus = {};
			for (const [status, count] of rows(`SELECT status, count(*) FROM execution_entity WHERE "workflowId" = ${quote(workflowId)} GROUP BY status`)) {
				byStatus[status] = Number(count);
			}
			const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
			const finished = total - (byStatus.new ?? 0) - (byStatus.running ?? 0) - (byStatus.waiting ?? 0);
			return { byStatus, total, finished };
		},
		/** ms since the epoch of the last "stoppedAt" and the first "createdAt" of a workflow. @param {string} workflowId */
		span(workflowId) {
			const [[first, last]] = rows(`SELECT floor(extract(epoch FROM min("createdAt")) * 1000), floor(extract(epoch FROM max("stoppedAt")) * 1000) FROM execution_entity WHERE "workflowId" = ${quote(workflowId)}`);
			return { firstCreatedAt: Number(first), lastStoppedAt: Number(last) };
		},
		/**
		 * Every recording_id with the tag found in a workflow's execution data, with how many
		 * executions it is in.
		 * @param {string} workflowId @param {string} tag
		 * @returns {Map<string, number>}
		 */
		recordingIds(workflowId, tag) {
			const found = rows(`
				SELECT m[1], count(DISTINCT d."executionId")
				FROM execution_data d
				JOIN execution_entity e ON e.id = d."executionId"
				CROSS JOIN LATERAL regexp_matches(d.data, '(${tag}-[0-9]+)', 'g') AS m
				WHERE e."workflowId" = ${quote(workflowId)}
				GROUP BY m[1]`);
			return new Map(found.map(([id, count]) => [id, Number(count)]));
		},
		/** Executions of a workflow whose data is not in the database (n8n 2.x can store it elsewhere). @param {string} workflowId */
		notStoredInDb(workflowId) {
			return Number(rows(`SELECT count(*) FROM execution_entity WHERE "workflowId" = ${quote(workflowId)} AND "storedAt" <> 'db'`)[0][0]);
		},
	};
}

/**
 * Waits until `expected` executions of the workflow are finished, or the count stalls.
 * @param {ReturnType<typeof database>} db @param {string} workflowId @param {number} expected
 */
async function drain(db, workflowId, expected) {
	let last = -1;
	let lastChange = Date.now();
	for (;;) {
		const { finished } = db.statuses(workflowId);
		if (finished >= expected) return { finished, stalled: false };
		if (finished !== last) {
			last = finished;
			lastChange = Date.now();
		} else if (Date.now() - lastChange > STALL_MS) {
			return { finished, stalled: true };
		}
		await delay(500);
	}
}

/**
 * @param {{
 *   callbacks?: number, concurrency?: number, workerCounts?: number[], workerConcurrency?: number,
 *   retries?: number, expressionEngine?: 'legacy' | 'vm' | 'default' | '', version?: string, echo?: boolean,
 * }} [options]
 */
async function run(options = {}) {
	const callbacks = options.callbacks ?? positiveInt('BENCH_QUEUE_CALLBACKS', 5000);
	const concurrency = options.concurrency ?? positiveInt('BENCH_QUEUE_CONCURRENCY', 32);
	const workerConcurrency = options.workerConcurrency ?? positiveInt('BENCH_QUEUE_WORKER_CONCURRENCY', 5);
	const retries = options.retries ?? Number(process.env.BENCH_QUEUE_RETRIES ?? 3);
	// '' or 'default': n8n's own default (vm in 2.41).
	const engineSetting = options.expressionEngine ?? process.env.BENCH_QUEUE_EXPRESSION_ENGINE ?? 'legacy';
	const expressionEngine = engineSetting === 'default' ? '' : engineSetting;
	const workerCounts = options.workerCounts
		?? (process.env.BENCH_QUEUE_WORKERS || '1,2').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0).sort((a, b) => a - b);
	const started = nowMs();

	log(`starting queue mode: PostgreSQL, Redis, main, webhook processor, ${workerCounts[0]} worker(s) (--concurrency=${workerConcurrency}), expression engine ${expressionEngine || "n8n's default"}`);
	const queue = await startQueueMode({
		version: options.version,
		workers: workerCounts[0],
		webhookProcessors: 1,
		concurrency: workerConcurrency,
		echo: options.echo ?? process.env.BENCH_QUEUE_ECHO === '1',
		env: expressionEngine ? { N8N_EXPRESSION_ENGINE: expressionEngine } : {},
	});
	const setupMs = nowMs() - started;
	// Ctrl-C or a kill stops every process it started (n8n runs in its own process groups and
	// PostgreSQL as a daemon: neither goes away with this process).
	const onSignal = (/** @type {NodeJS.Signals} */ signal) => {
		log(`${signal}: stopping queue mode`);
		void queue.stop().finally(() => process.exit(130));
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	log(`up in ${fixed(setupMs / 1000, 1)} s: ${queue.processes().map((p) => `${p.command} ${p.pid}`).join(', ')}`);
	/** @type {any[]} */
	const perWorkers = [];
	try {
		const { main } = queue;
		await main.setupOwner();
		await main.createApiKey({ label: `bench queue ${Date.now()}` });
		// The trigger only checks signatures with the token: the Base URL is never called.
		const credential = await main.createCredential({
			name: 'Plivo (bench queue)',
			type: 'plivoRecordingApi',
			data: { authId: AUTH_ID, authToken: AUTH_TOKEN, baseUrl: 'http://127.0.0.1:9' },
		});
		const db = database(queue);

		for (const workers of workerCounts) {
			while (queue.workers.length < workers) {
				log('starting one more worker');
				await queue.addWorker();
			}
			const tag = `qb${workers}w${Date.now().toString(36)}`;

			const warm = triggerWorkflow(credential);
			const warmWorkflow = await main.createWorkflow(/** @type {any} */ (warm.workflow));
			await main.activateWorkflow(warmWorkflow.id);
			const warmUrl = queue.webhookUrl(warm.webhookPath);
			await send(warmUrl, Array.from({ length: WARM_UP }, (_, i) => signedCallback(warmUrl, `${tag}warm-${i}`)), concurrency);
			await drain(db, warmWorkflow.id, WARM_UP);

			const measured = triggerWorkflow(credential);
			const workflow = await main.createWorkflow(/** @type {any} */ (measured.workflow));
			await main.activateWorkflow(workflow.id);
			const url = queue.webhookUrl(measured.webhookPath);
			const batch = Array.from({ length: callbacks }, (_, i) => signedCallback(url, `${tag}-${i}`));
			await delay(1000);

			const loadBefore = os.loadavg()[0];
			log(`${workers} worker(s): ${callbacks} callbacks at concurrency ${concurrency} → ${url} (load average ${fixed(loadBefore, 2)})`);
			const sent = await send(url, batch, concurrency, retries);
			log(`  sent in ${fixed(sent.elapsedMs / 1000, 1)} s (${fixed(callbacks / (sent.elapsedMs / 1000))}/s): ${JSON.stringify(sent.statuses)}${sent.retried ? `, ${sent.retried} retries` : ''}; waiting for the executions`);
			const drained = await drain(db, workflow.id, sent.accepted.size);
			const { byStatus, total, finished } = db.statuses(workflow.id);
			const { lastStoppedAt } = db.span(workflow.id);
			const found = db.recordingIds(workflow.id, tag);
			const lost = [...sent.accepted].filter((id) => !found.has(id)).length;
			const duplicated = [...found.values()].filter((count) => count > 1).length;
			const unexpected = [...found.keys()].filter((id) => !sent.accepted.has(id)).length;
			const finishMs = lastStoppedAt - sent.startedAt;
			const result = {
				workers,
				workflowId: workflow.id,
				callbacks,
				concurrency,
				workerConcurrency,
				statuses: sent.statuses,
				retried: sent.retried,
				accepted: sent.accepted.size,
				sendMs: sent.elapsedMs,
				acceptedPerSecond: sent.accepted.size / (sent.elapsedMs / 1000),
				p50Ms: percentile(sent.latencies, 50),
				p99Ms: percentile(sent.latencies, 99),
				executions: total,
				executionsFinished: finished,
				executionsByStatus: byStatus,
				recordingIdsFound: found.size,
				lost,
				duplicated,
				unexpected,
				notStoredInDb: db.notStoredInDb(workflow.id),
				stalled: drained.stalled,
				finishMs,
				finishedPerSecond: finished / (finishMs / 1000),
				drainAfterSendMs: finishMs - sent.elapsedMs,
				loadavgBefore: loadBefore,
				loadavgAfter: os.loadavg()[0],
				/** @type {string | undefined} */
				logFile: undefined,
			};
			if (lost || duplicated || unexpected || total !== sent.accepted.size || Object.keys(sent.statuses).some((status) => status !== '200')) {
				result.logFile = path.join(os.tmpdir(), `bench-queue-${tag}.log`);
				const all = [queue.main, ...queue.webhookProcessors, ...queue.workers];
				fs.writeFileSync(result.logFile, all.map((one) => `===== ${one.command} pid ${one.pid} =====\n${one.logs()}`).join('\n'));
				log(`  n8n's logs: ${result.logFile}`);
			}
			log(`  ${total} executions in PostgreSQL ${JSON.stringify(byStatus)}; lost ${lost}, duplicated ${duplicated}; ${fixed(result.finishedPerSecond)} finished/s`);
			perWorkers.push(result);
		}
	} finally {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		log('stopping queue mode');
		await queue.stop();
	}
	return {
		version: queue.version,
		callbacks,
		concurrency,
		workerConcurrency,
		expressionEngine: expressionEngine || 'default (vm)',
		retries,
		warmUp: WARM_UP,
		setupMs,
		totalMs: nowMs() - started,
		runs: perWorkers,
	};
}

/**
 * Rows for bench/run.js's summary table: [figure, value, target, verdict].
 * @param {Awaited<ReturnType<typeof run>>} result
 */
function summarize(result) {
	/** @type {string[][]} */
	const rows = [];
	for (const r of result.runs) {
		const name = `queue, ${r.workers} worker${r.workers > 1 ? 's' : ''} (×${r.workerConcurrency}, ${result.expressionEngine} expressions)`;
		const succeeded = r.executionsByStatus.success ?? 0;
		rows.push([`${name}: callbacks answered 200 (up to ${result.retries} retries)`, `${r.accepted} / ${r.callbacks}`, `${r.callbacks}`, r.accepted === r.callbacks ? 'met' : 'MISSED']);
		rows.push([`${name}: executions in PostgreSQL (successful)`, `${r.executions} (${succeeded})`, `${r.accepted}`, r.executions === r.accepted && succeeded === r.accepted ? 'met' : 'MISSED']);
		rows.push([`${name}: lost / duplicated`, `${r.lost} / ${r.duplicated}`, '0 / 0', r.lost === 0 && r.duplicated === 0 ? 'met' : 'MISSED']);
		rows.push([`${name}: callbacks accepted/s (p99 ${fixed(r.p99Ms, 0)} ms)`, fixed(r.acceptedPerSecond), '—', '']);
		rows.push([`${name}: executions finished/s`, fixed(r.finishedPerSecond), '—', '']);
	}
	const [one, two] = [result.runs.find((r) => r.workers === 1), result.runs.find((r) => r.workers === 2)];
	if (one && two) rows.push(['queue: finished/s, 2 workers vs 1', `${fixed(two.finishedPerSecond / one.finishedPerSecond, 2)}×`, '—', '']);
	return rows;
}

/** @param {Awaited<ReturnType<typeof run>>} result */
function report(result) {
	const rows = result.runs.map((r) => [
		r.workers,
		r.callbacks,
		`${r.accepted}${r.retried ? ` (${Object.entries(r.statuses).filter(([status]) => status !== '200').map(([status, count]) => `${count}× ${status}`).join(', ')} retried)` : ''}`,
		fixed(r.acceptedPerSecond),
		`${fixed(r.p50Ms, 0)} / ${fixed(r.p99Ms, 0)}`,
		`${r.executions} (${Object.entries(r.executionsByStatus).map(([status, count]) => `${count} ${status}`).join(', ')})`,
		r.lost,
		r.duplicated,
		fixed(r.finishedPerSecond),
		fixed(r.drainAfterSendMs / 1000, 1),
	]);
	return [
		`n8n ${result.version} queue mode: main + 1 webhook processor + workers (--concurrency=${result.workerConcurrency}), PostgreSQL, Redis, expression engine ${result.expressionEngine}; `
		+ `${result.callbacks} signed callbacks at concurrency ${result.concurrency} after ${result.warmUp} warm-up; set-up ${fixed(result.setupMs / 1000, 0)} s, total ${fixed(result.totalMs / 1000, 0)} s`,
		'',
		table(['workers', 'callbacks', 'accepted (200)', 'accepted/s', 'p50 / p99 ms', 'executions in PostgreSQL', 'lost', 'duplicated', 'finished/s', 'drain after send s'], rows),
		'',
		'lost: callbacks answered 200 whose recording_id is in no execution; duplicated: recording_ids in more than one execution;',
		'finished/s: callbacks / (last execution\'s stoppedAt − first callback sent).',
	].join('\n');
}

module.exports = { run, summarize, report };

if (require.main === module) {
	run()
		.then((result) => {
			process.stdout.write(`\n${report(result)}\n`);
			const bad = result.runs.some((r) => r.lost || r.duplicated || r.executions !== r.accepted || r.accepted !== r.callbacks);
			process.exitCode = bad ? 1 : 0;
		})
		.catch((error) => {
			process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
			process.exit(1);
		});
}
