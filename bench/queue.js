#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Part 3, queue mode: n8n's distributed mode started by tools/n8n/queueMode.js (PostgreSQL
 * and Redis from Debian's packages on loopback ports, a main, one webhook processor, workers).
 * 5,000 signed recording callbacks (each its own recording_id) go through the webhook
 * processor's production URL of a Plivo Recording Callback Trigger (signature check on,
 * duplicate memory on) at a fixed concurrency, with 1 worker and with 2 (a worker is added to,
 * or stopped in, the same setup; each measurement has its own workflow), BENCH_QUEUE_RUNS rounds,
 * the order of worker counts alternating between rounds. Every execution is then counted IN
 * POSTGRES, not through n8n's API:
 *   executions   rows of execution_entity for the run's workflow, by status;
 *   lost         callbacks answered 200 whose recording_id is in no execution's data
 *                (execution_data.data, where n8n keeps the trigger's output);
 *   duplicated   recording_ids found in the data of more than one execution;
 *   accepted/s   callbacks answered 200 per second of sending (what Plivo sees);
 *   finished/s   finished executions per second from the first callback sent to the last
 *                execution's "stoppedAt" (the queue drained, all written to the database).
 * A warm-up of 100 callbacks into a separate workflow precedes each measurement. An answer other
 * than 200 (n8n sheds load with 503 "Database is not ready!" when its database ping times out) is
 * retried after 1 s, 2 s, 3 s as Plivo retries a failed callback; every answer is counted.
 *
 * Expression engine: runs use N8N_EXPRESSION_ENGINE=legacy unless told otherwise. n8n 2.41's
 * default ('vm', isolated-vm) makes every production webhook call to a trigger other than n8n's
 * own Webhook node take an isolate (LiveWebhooks.webhookPhaseNeedsIsolate, pool of 1): on 2 cores
 * that caps the webhook processor at about 4–7 callbacks/s, whatever the workers, so worker
 * scaling cannot show, and 5,000 callbacks twice take 25–45 min. BENCH_QUEUE_EXPRESSION_ENGINE=default
 * measures n8n's default (vm).
 *
 * `node bench/queue.js` prints progress on stderr and the tables on stdout (exit 1 when anything
 * was lost, duplicated or not accepted); `node bench/run.js queue` runs it as a part of the
 * benchmark (run() and summarize()). Env: BENCH_QUEUE_CALLBACKS (5000), BENCH_QUEUE_CONCURRENCY
 * (32), BENCH_QUEUE_WORKERS (worker counts to measure, "1,2"), BENCH_QUEUE_WORKER_CONCURRENCY
 * (jobs per worker, 5), BENCH_QUEUE_RUNS (rounds; default BENCH_RUNS, 3),
 * BENCH_QUEUE_EXPRESSION_ENGINE (legacy; default = n8n's own, or vm), BENCH_QUEUE_RETRIES (3),
 * N8N_VERSION (2.41.1), BENCH_QUEUE_ECHO=1 (n8n's logs on stderr). When a run loses or
 * duplicates anything, or n8n answered other than 200, the n8n processes' logs are saved to a
 * file named in the results (logFile).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { installN8n, startQueueMode } = require('../tools/n8n');
const { AUTH_ID, AUTH_TOKEN, ENGINES, engineList } = require('./lib/setup');
const { signedCallbacks, triggerWorkflow, sendCallbacks, waitForFinished, finishedOf } = require('./lib/callbacks');
const { median, percentile, fixed, delay, nowMs, positiveInt, verdict, log, table } = require('./lib/util');

const ACCOUNT = { authId: AUTH_ID, authToken: AUTH_TOKEN };
const WARM_UP = 100;
// A run whose count has not moved for this long is over: what is missing then is lost.
const STALL_MS = 60_000;

/**
 * @param {import('../tools/n8n').QueueMode} queue
 */
function database(queue) {
	/** @param {string} sql */
	const rows = (sql) =>
		queue.postgres
			.query(sql)
			.trim()
			.split('\n')
			.filter(Boolean)
			.map((line) => line.split('|'));
	/** @param {string} id */
	const quote = (id) => `'${id.replace(/'/g, "''")}'`;
	return {
		/** execution_entity rows of a workflow by status, and how many are finished. @param {string} workflowId */
		statuses(workflowId) {
			/** @type {Record<string, number>} */
			const byStatus = {};
			for (const [status, count] of rows(
				`SELECT status, count(*) FROM execution_entity WHERE "workflowId" = ${quote(workflowId)} GROUP BY status`,
			)) {
				byStatus[status] = Number(count);
			}
			return { byStatus, ...finishedOf(byStatus) };
		},
		/** ms since the epoch of the last "stoppedAt" and the first "createdAt" of a workflow. @param {string} workflowId */
		span(workflowId) {
			const [[first, last]] = rows(
				`SELECT floor(extract(epoch FROM min("createdAt")) * 1000), floor(extract(epoch FROM max("stoppedAt")) * 1000) FROM execution_entity WHERE "workflowId" = ${quote(workflowId)}`,
			);
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
			return Number(
				rows(
					`SELECT count(*) FROM execution_entity WHERE "workflowId" = ${quote(workflowId)} AND "storedAt" <> 'db'`,
				)[0][0],
			);
		},
	};
}

/**
 * @param {{
 *   callbacks?: number, concurrency?: number, workerCounts?: number[], workerConcurrency?: number,
 *   retries?: number, rounds?: number, expressionEngine?: string, version?: string, echo?: boolean,
 * }} [options] expressionEngine: a key of ENGINES in bench/lib/setup.js
 */
async function run(options = {}) {
	const callbacks = options.callbacks ?? positiveInt('BENCH_QUEUE_CALLBACKS', 5000);
	const concurrency = options.concurrency ?? positiveInt('BENCH_QUEUE_CONCURRENCY', 32);
	const workerConcurrency = options.workerConcurrency ?? positiveInt('BENCH_QUEUE_WORKER_CONCURRENCY', 5);
	const retries = options.retries ?? Number(process.env.BENCH_QUEUE_RETRIES ?? 3);
	const rounds = options.rounds ?? positiveInt('BENCH_QUEUE_RUNS', positiveInt('BENCH_RUNS', 3));
	const [engine] = engineList(options.expressionEngine ?? process.env.BENCH_QUEUE_EXPRESSION_ENGINE, 'legacy');
	const workerCounts =
		options.workerCounts ??
		[
			...new Set(
				(process.env.BENCH_QUEUE_WORKERS || '1,2')
					.split(',')
					.map(Number)
					.filter((n) => Number.isInteger(n) && n > 0),
			),
		].sort((a, b) => a - b);
	const started = nowMs();

	log(
		`starting queue mode: PostgreSQL, Redis, main, webhook processor, ${workerCounts[0]} worker(s) (--concurrency=${workerConcurrency}), ${ENGINES[engine].label}`,
	);
	await installN8n(options.version);
	const queue = await startQueueMode({
		version: options.version,
		workers: workerCounts[0],
		webhookProcessors: 1,
		concurrency: workerConcurrency,
		echo: options.echo ?? process.env.BENCH_QUEUE_ECHO === '1',
		env: ENGINES[engine].env,
	});
	const setupMs = nowMs() - started;
	// Ctrl-C or a kill stops every process it started (n8n runs in its own process groups and
	// PostgreSQL as a daemon: neither goes away with this process). bench/run.js leaves the
	// signal to this handler while it is installed.
	/** @type {Promise<void> | undefined} */
	let stopping;
	// Once, whether the signal or the end of the runs asks first.
	const stop = () => (stopping ??= queue.stop());
	const onSignal = (/** @type {NodeJS.Signals} */ signal) => {
		log(`${signal}: stopping queue mode`);
		void stop().finally(() => process.exit(130));
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	log(
		`up in ${fixed(setupMs / 1000, 1)} s: ${queue
			.processes()
			.map((p) => `${p.command} ${p.pid}`)
			.join(', ')}`,
	);

	/** Adds or stops workers until `count` run. @param {number} count */
	async function setWorkers(count) {
		while (queue.workers.length < count) {
			log('starting one more worker');
			await queue.addWorker();
		}
		while (queue.workers.length > count) {
			log('stopping one worker');
			await /** @type {import('./lib/setup').N8n} */ (queue.workers.pop()).stop();
		}
	}

	/** @type {any[]} */
	const perRun = [];
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
		/** @param {string} workflowId */
		const count = (workflowId) => db.statuses(workflowId);

		for (let round = 1; round <= rounds; round++) {
			// Alternate the order, so that a drift in the machine's load does not favour one count.
			for (const workers of round % 2 === 1 ? workerCounts : [...workerCounts].reverse()) {
				await setWorkers(workers);
				const tag = `qb${round}r${workers}w${Date.now().toString(36)}`;

				const warm = triggerWorkflow(credential, { name: 'bench queue warm-up' });
				const warmWorkflow = await main.createWorkflow(/** @type {any} */ (warm.workflow));
				await main.activateWorkflow(warmWorkflow.id);
				const warmUrl = queue.webhookUrl(warm.webhookPath);
				const warmSent = await sendCallbacks(warmUrl, signedCallbacks(warmUrl, `${tag}warm`, WARM_UP, ACCOUNT), {
					concurrency,
				});
				await waitForFinished(() => count(warmWorkflow.id), warmSent.ok, { stallMs: STALL_MS, label: 'warm-up' });

				const measured = triggerWorkflow(credential, { name: 'bench queue' });
				const workflow = await main.createWorkflow(/** @type {any} */ (measured.workflow));
				await main.activateWorkflow(workflow.id);
				const url = queue.webhookUrl(measured.webhookPath);
				const batch = signedCallbacks(url, tag, callbacks, ACCOUNT);
				await delay(1000);

				const loadBefore = os.loadavg()[0];
				log(
					`queue run ${round}, ${workers} worker(s): ${callbacks} callbacks at concurrency ${concurrency} → ${url} (load average ${fixed(loadBefore, 2)})`,
				);
				const sent = await sendCallbacks(url, batch, { concurrency, retries });
				log(
					`  sent in ${fixed(sent.elapsedMs / 1000, 1)} s (${fixed(sent.ok / (sent.elapsedMs / 1000), 1)} accepted/s): ${JSON.stringify(sent.statuses)}${sent.retried ? `, ${sent.retried} retries` : ''}; waiting for the executions`,
				);
				const drained = await waitForFinished(() => count(workflow.id), sent.ok, { stallMs: STALL_MS, label: 'drain' });
				const { byStatus, total, finished } = db.statuses(workflow.id);
				const { lastStoppedAt } = db.span(workflow.id);
				const found = db.recordingIds(workflow.id, tag);
				const lost = [...sent.accepted].filter((id) => !found.has(id)).length;
				const duplicated = [...found.values()].filter((n) => n > 1).length;
				const unexpected = [...found.keys()].filter((id) => !sent.accepted.has(id)).length;
				const finishMs = lastStoppedAt - sent.startedAt;
				const result = {
					round,
					workers,
					workflowId: workflow.id,
					callbacks,
					statuses: sent.statuses,
					samples: sent.samples,
					retried: sent.retried,
					accepted: sent.ok,
					sendMs: sent.elapsedMs,
					acceptedPerSecond: sent.ok / (sent.elapsedMs / 1000),
					// Every attempt's latency (a retried callback counts each attempt).
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
				if (
					lost ||
					duplicated ||
					unexpected ||
					total !== sent.ok ||
					Object.keys(sent.statuses).some((status) => status !== '200')
				) {
					result.logFile = path.join(os.tmpdir(), `bench-queue-${tag}.log`);
					const all = [queue.main, ...queue.webhookProcessors, ...queue.workers];
					fs.writeFileSync(
						result.logFile,
						all.map((one) => `===== ${one.command} pid ${one.pid} =====\n${one.logs()}`).join('\n'),
					);
					log(`  n8n's logs: ${result.logFile}`);
				}
				log(
					`  ${total} executions in PostgreSQL ${JSON.stringify(byStatus)}; lost ${lost}, duplicated ${duplicated}; ${fixed(result.finishedPerSecond, 1)} finished/s`,
				);
				perRun.push(result);
			}
		}
	} finally {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		log('stopping queue mode');
		await stop();
	}
	/** @type {Record<string, { acceptedPerSecond: number, finishedPerSecond: number, p99Ms: number }>} */
	const medians = {};
	for (const workers of workerCounts) {
		const of = perRun.filter((r) => r.workers === workers);
		medians[workers] = {
			acceptedPerSecond: median(of.map((r) => r.acceptedPerSecond)),
			finishedPerSecond: median(of.map((r) => r.finishedPerSecond)),
			p99Ms: median(of.map((r) => r.p99Ms)),
		};
	}
	// Most workers over fewest, within each round (same setup, minutes apart).
	const [fewest, most] = [workerCounts[0], workerCounts[workerCounts.length - 1]];
	const scaling =
		fewest === most
			? []
			: Array.from({ length: rounds }, (_, i) => {
					const pick = (/** @type {number} */ workers) =>
						perRun.find((r) => r.round === i + 1 && r.workers === workers);
					const [a, b] = [pick(fewest), pick(most)];
					return a && b ? b.finishedPerSecond / a.finishedPerSecond : NaN;
				});
	return {
		version: queue.version,
		callbacks,
		concurrency,
		workerConcurrency,
		workerCounts,
		rounds,
		engine,
		expressionEngine: ENGINES[engine].label,
		retries,
		warmUp: WARM_UP,
		setupMs,
		totalMs: nowMs() - started,
		medians,
		scaling: { fewest, most, perRound: scaling, median: median(scaling) },
		runs: perRun,
	};
}

/**
 * Rows for bench/run.js's summary table: [figure, value, target, verdict].
 * @param {Awaited<ReturnType<typeof run>>} result
 */
function summarize(result) {
	const name = `queue [${result.expressionEngine}]`;
	const sum = (/** @type {(r: any) => number} */ pick) => result.runs.reduce((total, r) => total + pick(r), 0);
	const callbacks = sum((r) => r.callbacks);
	const accepted = sum((r) => r.accepted);
	const executions = sum((r) => r.executions);
	const succeeded = sum((r) => r.executionsByStatus.success ?? 0);
	const lost = sum((r) => r.lost);
	const duplicated = sum((r) => r.duplicated + r.unexpected);
	const runs = `${result.runs.length} runs × ${result.callbacks}`;
	/** @type {string[][]} */
	const rows = [
		[
			`${name}: callbacks answered 200 (${runs}, up to ${result.retries} retries)`,
			`${accepted} / ${callbacks}`,
			`(${callbacks})`,
			verdict(accepted === callbacks),
		],
		[
			`${name}: executions in PostgreSQL, successful`,
			`${executions}, ${succeeded}`,
			`${accepted}`,
			verdict(executions === accepted && succeeded === accepted),
		],
		[
			`${name}: lost / duplicated (counted in PostgreSQL)`,
			`${lost} / ${duplicated}`,
			'0 / 0',
			verdict(lost === 0 && duplicated === 0),
		],
	];
	for (const workers of result.workerCounts) {
		const m = result.medians[workers];
		const label = `${name}, ${workers} worker${workers > 1 ? 's' : ''} ×${result.workerConcurrency}`;
		rows.push([
			`${label}: callbacks accepted/s (p99 ${fixed(m.p99Ms, 0)} ms)`,
			fixed(m.acceptedPerSecond, 1),
			'report',
			'',
		]);
		rows.push([`${label}: executions finished/s`, fixed(m.finishedPerSecond, 1), 'report', '']);
	}
	if (result.scaling.perRound.length) {
		rows.push([
			`${name}: finished/s, ${result.scaling.most} workers / ${result.scaling.fewest}`,
			`${fixed(result.scaling.median, 2)}×`,
			'report',
			'',
		]);
	}
	return rows;
}

/**
 * Every run's figures, one row per run: the per-run table of `node bench/queue.js` (text) and
 * of bench/report.js (Markdown). Also reads results files written before a field existed.
 * @param {Awaited<ReturnType<typeof run>>} result
 * @returns {{ header: string[], rows: string[][] }}
 */
function perRunTable(result) {
	/** @param {Record<string, number>} counts @param {string} [skip] */
	const listed = (counts, skip) =>
		Object.entries(counts)
			.filter(([key]) => key !== skip)
			.map(([key, n]) => `${n} ${key}`)
			.join(', ');
	const rows = result.runs.map((/** @type {any} */ r) => [
		String(r.round ?? 1),
		String(r.workers),
		String(r.callbacks),
		`${r.accepted}${r.retried ? ` (${listed(r.statuses, '200')} retried)` : ''}`,
		fixed(r.acceptedPerSecond, 1),
		`${fixed(r.p50Ms, 0)} / ${fixed(r.p99Ms, 0)}`,
		`${r.stalled ? 'STALLED ' : ''}${r.executions} (${listed(r.executionsByStatus)})`,
		String(r.lost),
		String(r.duplicated + (r.unexpected ?? 0)),
		fixed(r.finishedPerSecond, 1),
		fixed(r.drainAfterSendMs / 1000, 2),
	]);
	const header = [
		'run',
		'workers',
		'callbacks',
		'accepted (200)',
		'accepted/s',
		'p50 / p99 ms',
		'executions in PostgreSQL',
		'lost',
		'duplicated',
		'finished/s',
		'drain after send s',
	];
	return { header, rows };
}

/** @param {Awaited<ReturnType<typeof run>>} result */
function report(result) {
	const perRun = perRunTable(result);
	return [
		`n8n ${result.version} queue mode: main + 1 webhook processor + workers (--concurrency=${result.workerConcurrency}), PostgreSQL, Redis, ${result.expressionEngine}; ` +
			`${result.callbacks} signed callbacks at concurrency ${result.concurrency} after ${result.warmUp} warm-up, ${result.rounds} round(s); set-up ${fixed(result.setupMs / 1000, 0)} s, total ${fixed(result.totalMs / 1000, 0)} s`,
		'',
		table(perRun.header, perRun.rows),
		'',
		table(['figure', 'value', 'target', 'met?'], summarize(result)),
		'',
		'lost: callbacks answered 200 whose recording_id is in no execution; duplicated: recording_ids in more than one execution',
		"(or in one not answered 200); finished/s: executions / (last execution's stoppedAt − first callback sent).",
	].join('\n');
}

module.exports = { run, summarize, perRunTable, report };

if (require.main === module) {
	run()
		.then((result) => {
			process.stdout.write(`\n${report(result)}\n`);
			const bad = result.runs.some(
				(r) => r.lost || r.duplicated || r.unexpected || r.executions !== r.accepted || r.accepted !== r.callbacks,
			);
			process.exitCode = bad ? 1 : 0;
		})
		.catch((error) => {
			process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
			process.exit(1);
		});
}
