// @ts-check
'use strict';
/**
 * Part 5, burst: Plivo counts its 300 requests per 5 s per account, and the action paces per
 * account in the n8n process (nodes/shared/transport/pacer.ts accountPacer), shared by every
 * execution. BENCH_BURST_EXECUTIONS (900) one-item executions at once, each starting one
 * recording, against the fake Plivo (300 / 5 s sliding window, 100 ms latency):
 *   engine    n8n-core's WorkflowExecute runs the workflow JSON (test/engine/workflows/
 *             record-one-conference.json) 900 times at once in this process (test/support/
 *             burst.ts, as test/engine/burst.engine.test.ts does): executions start far faster
 *             than an n8n server starts them, so this is where the limit is really pressed.
 *   control   the same with one pacer per execution (what the action did before the shared
 *             pacer): what the shared pacer prevents.
 *   n8n       the real n8n of bench/run.js: 900 POSTs at once to a Webhook (Respond:
 *             Immediately) → Plivo Recording (Start Conference Recording) workflow, one
 *             conference each; executions counted through n8n's API.
 * Reported: recordings started once each, executions failed, 429s, the most requests in one
 * 5 s window, and the time against the bound: the fastest schedule that keeps to 300 / 5 s
 * sends the last of N requests floor((N − 1) / 300) windows after the first, answered one
 * latency later (10.1 s for 900).
 */
const { randomUUID } = require('node:crypto');
const { registerTypeScript } = require('./lib/typescript');
const { AUTH_ID, AUTH_TOKEN, LATENCY_MS, RATE_LIMIT, PACER_QUIET_MS } = require('./lib/setup');
const { PACKAGE, sendCallbacks, waitForFinished, finishedOf } = require('./lib/callbacks');
const { webhookNode } = require('../tools/workflows');
const { startFakePlivo, tallyBurst } = require('../tools/fakePlivo');
const { ROOT, median, fixed, delay, nowMs, positiveInt, runs, verdict, log, loadavg } = require('./lib/util');

const EXECUTIONS = positiveInt('BENCH_BURST_EXECUTIONS', 900);
const CONCURRENCY = positiveInt('BENCH_BURST_CONCURRENCY', EXECUTIONS);
const STALL_MS = positiveInt('BENCH_STALL_MS', 120_000);
// A call n8n has not answered yet may still start its execution: wait long for every answer.
const ANSWER_TIMEOUT_MS = positiveInt('BENCH_BURST_TIMEOUT_MS', 300_000);
// Once every call has its answer and nothing runs, this long without a new execution ends the wait.
const SETTLED_MS = 10_000;
// A call n8n answers with an error started nothing: the caller sends it again after 1, 2, 3 s, as
// Plivo does with a callback (and as the queue part does).
const RETRIES = Number(process.env.BENCH_BURST_RETRIES ?? 3);
const CALLBACK_URL = 'http://127.0.0.1:9/plivo-callback';
const ACCOUNT = { authId: AUTH_ID, authToken: AUTH_TOKEN };

/** @param {number} count */
const boundMs = (count) => Math.floor((count - 1) / RATE_LIMIT.max) * RATE_LIMIT.windowMs + LATENCY_MS;

/**
 * What the fake saw of a burst (tools/fakePlivo/tally.js), with when Plivo answered last.
 * @param {any} fake @param {string[]} names
 */
function plivoSide(fake, names) {
	const tally = tallyBurst(fake, { requests: 0, recordings: 0 }, names);
	// The fake answers every request (202 or 429 alike) latencyMs after it arrives.
	return { ...tally, lastAnswered: tally.lastArrival + LATENCY_MS };
}

/** The engine harness: `count` executions at once in this process; `perExecutionPacer` for the control. */
async function engineBurst(/** @type {number} */ run, /** @type {boolean} */ perExecutionPacer) {
	registerTypeScript();
	const { runBurst } = require('../test/support/burst');
	const pacer = require(`${ROOT}/nodes/shared/transport/pacer`);
	const shared = pacer.accountPacer;
	// A fresh fake per run: a new address, so a new account pacer and an empty window.
	const fake = await startFakePlivo({ port: 0, ...ACCOUNT, latencyMs: LATENCY_MS, rateLimit: { ...RATE_LIMIT } });
	if (perExecutionPacer) pacer.accountPacer = () => new pacer.RequestPacer();
	try {
		const burst = await runBurst(fake, {
			executions: EXECUTIONS,
			prefix: `r${run}${perExecutionPacer ? 'c' : 'e'}`,
			credentials: ACCOUNT,
		});
		return { ...burst, totalMs: burst.wallMs, boundOverTotal: boundMs(EXECUTIONS) / burst.wallMs };
	} finally {
		pacer.accountPacer = shared;
		await fake.close();
	}
}

/**
 * The real n8n: BENCH_RUNS bursts into the package's workflow and, as a control of what n8n
 * itself does with that many calls at once, into a workflow of the Webhook node alone.
 * @param {import('./lib/setup').Env} env
 */
async function n8nBurst(env) {
	const { n8n, fake, plivoCredential } = env;
	fake.setLatency(LATENCY_MS);
	fake.setRateLimit({ ...RATE_LIMIT });

	/** @param {string} name @param {any[]} after nodes after the Webhook node, in a row */
	async function flow(name, after) {
		const path = `bench-burst-${name}-${randomUUID().slice(0, 8)}`;
		/** @type {Record<string, any>} */
		const connections = {};
		let previous = 'Webhook';
		for (const node of after) {
			connections[previous] = { main: [[{ node: node.name, type: 'main', index: 0 }]] };
			previous = node.name;
		}
		const created = await n8n.createWorkflow(
			/** @type {any} */ ({
				name: `bench burst ${name} ${path.slice(-8)}`,
				nodes: [webhookNode(path, { responseMode: 'onReceived' }), ...after],
				connections,
				settings: { executionOrder: 'v1' },
			}),
		);
		await n8n.activateWorkflow(created.id);
		return { id: created.id, url: n8n.webhookUrl(path), seen: new Set() };
	}
	const flows = {
		package: await flow('package', [
			{
				id: randomUUID(),
				name: 'Start Conference Recording',
				type: `${PACKAGE}.plivoRecording`,
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					operation: 'startRecording',
					conferenceName: '={{ $json.body.conference }}',
					callbackUrl: CALLBACK_URL,
				},
				credentials: { plivoRecordingApi: plivoCredential },
			},
		]),
		webhookOnly: await flow('webhook', []),
	};

	/** @param {{ id: string }} target */
	async function executionsByStatus(target) {
		const all = await n8n.executions({ workflowId: target.id, includeData: false });
		/** @type {Record<string, number>} */
		const byStatus = {};
		for (const execution of all) byStatus[execution.status] = (byStatus[execution.status] ?? 0) + 1;
		return { byStatus, all, ...finishedOf(byStatus) };
	}

	/** @param {keyof typeof flows} key @param {string} prefix @param {number} count */
	async function burst(key, prefix, count) {
		const target = flows[key];
		const before = target.seen.size;
		let lastTotal = -1;
		let lastChange = nowMs();
		await delay(PACER_QUIET_MS);
		fake.reset();
		const names = Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`);
		const calls = names.map((conference) => {
			const body = JSON.stringify({ conference });
			return {
				recordingId: conference,
				body,
				headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) },
			};
		});
		const sent = await sendCallbacks(target.url, calls, {
			concurrency: Math.min(CONCURRENCY, count),
			retries: RETRIES,
			timeoutMs: ANSWER_TIMEOUT_MS,
		});
		// Every call may have started an execution, answered 200 or not: wait for all of them,
		// or until nothing runs and no new one has appeared for SETTLED_MS.
		const finished = await waitForFinished(
			async () => {
				const state = await executionsByStatus(target);
				if (state.total !== lastTotal) [lastTotal, lastChange] = [state.total, nowMs()];
				const settled = state.total === state.finished && nowMs() - lastChange > SETTLED_MS;
				return { ...state, finished: settled ? before + count : state.finished };
			},
			before + count,
			{ stallMs: STALL_MS, label: `burst ${prefix}` },
		);
		const mine = finished.all.filter((/** @type {any} */ execution) => !target.seen.has(execution.id));
		for (const execution of mine) target.seen.add(execution.id);
		const starts = mine.map((/** @type {any} */ execution) => Date.parse(execution.startedAt)).filter(Number.isFinite);
		const stops = mine.map((/** @type {any} */ execution) => Date.parse(execution.stoppedAt)).filter(Number.isFinite);
		const plivo = plivoSide(fake, names);
		const recorded = new Set(
			fake.recordings.map((/** @type {{ conferenceName: string }} */ recording) => recording.conferenceName),
		);
		/** @type {Record<string, number>} */
		const byStatus = {};
		for (const execution of mine) byStatus[execution.status] = (byStatus[execution.status] ?? 0) + 1;
		// Why executions failed: the first few distinct messages.
		/** @type {string[]} */
		const errors = [];
		for (const execution of mine.filter((/** @type {any} */ e) => e.status !== 'success').slice(0, 20)) {
			const full = await n8n.api('GET', `/executions/${execution.id}?includeData=true`);
			const error = full.data?.resultData?.error;
			// Where it came from: n8n's own code, or the node's.
			const where = String(error?.stack ?? '')
				.split('\n')
				.slice(1, 5)
				.map((line) => line.trim().replace(/^at /, ''))
				.join(' < ');
			const message =
				`${error?.node?.name ?? full.data?.resultData?.lastNodeExecuted ?? '?'}: ${error?.message ?? 'no message'}${where ? ` [${where}]` : ''}`.slice(
					0,
					600,
				);
			if (!errors.includes(message)) errors.push(message);
			if (errors.length >= 3) break;
		}
		const firstSent = sent.startedAt;
		const startSpanMs = Math.max(...starts) - Math.min(...starts);
		return {
			contender: key,
			answers: sent.statuses,
			// The first answer of each status other than 200, as n8n sent it.
			answerSamples: sent.samples,
			accepted: sent.ok,
			retried: sent.retried,
			// Answered 200 (at the last try) but nothing done: the recording (package) or the execution never came.
			lost:
				key === 'package'
					? [...sent.accepted].filter((name) => !recorded.has(name)).length
					: Math.max(0, sent.ok - mine.length),
			errors,
			executionsByStatus: byStatus,
			executions: mine.length,
			failed: mine.filter((/** @type {any} */ execution) => execution.status !== 'success').length,
			stalled: finished.stalled,
			...plivo,
			// First webhook call sent → Plivo's last answer (the package), or the last execution's end.
			totalMs: (key === 'package' ? plivo.lastAnswered : Math.max(...stops)) - firstSent,
			firstSentToLastStoppedMs: Math.max(...stops) - firstSent,
			// How fast n8n started the executions (first to last start).
			startSpanMs,
			startedPerSecond: mine.length > 1 ? (mine.length - 1) / (startSpanMs / 1000) : NaN,
		};
	}

	log('burst in n8n: warm-up (20 executions into each workflow)');
	await burst('package', 'warm', 20);
	await burst('webhookOnly', 'warm-w', 20);
	/** @type {any[]} */
	const perRun = [];
	for (let run = 1; run <= runs(); run++) {
		/** @type {Array<keyof typeof flows>} */
		const order = run % 2 === 1 ? ['package', 'webhookOnly'] : ['webhookOnly', 'package'];
		for (const key of order) {
			log(
				`burst in n8n, run ${run}: ${key}, ${EXECUTIONS} one-item executions at once (concurrency ${Math.min(CONCURRENCY, EXECUTIONS)})`,
			);
			const r = await burst(key, `r${run}${key === 'package' ? 'n' : 'w'}`, EXECUTIONS);
			perRun.push({ run, loadavg: loadavg(), ...r, boundOverTotal: boundMs(EXECUTIONS) / r.totalMs });
			log(
				`  answers ${JSON.stringify(r.answers)}${Object.keys(r.answerSamples).length ? ` e.g. ${JSON.stringify(r.answerSamples)}` : ''}; ${r.executions} executions ${JSON.stringify(r.executionsByStatus)}${r.errors.length ? ` (${r.errors.join('; ')})` : ''}, started ${fixed(r.startedPerSecond, 1)}/s${key === 'package' ? `; Plivo: ${r.requests} requests, 429s ${r.r429}, started once ${r.startedOnce}, twice ${r.startedTwiceOrMore}, none ${r.notStarted}` : ''}; first call → end ${fixed(r.totalMs / 1000)} s`,
			);
			if (r.stalled) return perRun;
		}
		const [p, w] = ['package', 'webhookOnly'].map((key) =>
			perRun.find((row) => row.run === run && row.contender === key),
		);
		// Time to all done, the package's workflow over the Webhook node alone: what the package adds to n8n's own.
		p.timeVsWebhookOnly = p.totalMs / w.totalMs;
	}
	return perRun;
}

/** @param {any[]} rows */
function mediansOf(rows) {
	const fields = [
		'failed',
		'r429',
		'maxInWindow',
		'startedOnce',
		'startedTwiceOrMore',
		'notStarted',
		'requests',
		'totalMs',
		'boundOverTotal',
		'startedPerSecond',
		'startSpanMs',
		'lost',
		'retried',
		'timeVsWebhookOnly',
	];
	/** @type {Record<string, number>} */
	const medians = Object.fromEntries(fields.map((field) => [field, median(rows.map((row) => row[field]))]));
	// The worst run, for the counts that must be zero.
	medians.worstFailed = Math.max(...rows.map((row) => row.failed));
	medians.worst429 = Math.max(...rows.map((row) => row.r429));
	medians.worstStartedOnce = Math.min(...rows.map((row) => row.startedOnce));
	return medians;
}

/** The engine harness part (no n8n server): the burst and its control, BENCH_RUNS times each. */
async function runEngineBurst() {
	/** @type {any[]} */
	const engine = [];
	for (let run = 1; run <= runs(); run++) {
		for (const perExecutionPacer of run % 2 === 1 ? [false, true] : [true, false]) {
			const label = perExecutionPacer ? 'control (one pacer per execution)' : 'engine (one pacer per account)';
			log(`burst run ${run}: ${label}, ${EXECUTIONS} one-item executions at once in n8n-core`);
			const r = await engineBurst(run, perExecutionPacer);
			engine.push({ run, loadavg: loadavg(), contender: perExecutionPacer ? 'control' : 'engine', ...r });
			log(
				`  failed ${r.failed}${r.errors.length ? ` (${r.errors.join('; ')})` : ''}, 429s ${r.r429}, started once ${r.startedOnce}, twice ${r.startedTwiceOrMore}, none ${r.notStarted}, max in window ${r.maxInWindow}; all done in ${fixed(r.wallMs / 1000)} s`,
			);
			await delay(1000);
		}
	}
	return {
		executions: EXECUTIONS,
		latencyMs: LATENCY_MS,
		rateLimit: RATE_LIMIT,
		boundMs: boundMs(EXECUTIONS),
		medians: {
			engine: mediansOf(engine.filter((row) => row.contender === 'engine')),
			control: mediansOf(engine.filter((row) => row.contender === 'control')),
		},
		perRun: engine,
	};
}

/** The real n8n part: BENCH_RUNS bursts of webhook-started executions in `env`'s n8n. @param {import('./lib/setup').Env} env */
async function runN8nBurst(env) {
	const perRun = await n8nBurst(env);
	const control = perRun.filter((row) => row.contender === 'webhookOnly');
	return {
		executions: EXECUTIONS,
		concurrency: Math.min(CONCURRENCY, EXECUTIONS),
		boundMs: boundMs(EXECUTIONS),
		medians: mediansOf(perRun.filter((row) => row.contender === 'package')),
		webhookOnly: control.length
			? {
					notAnswered200: median(control.map((row) => EXECUTIONS - row.accepted)),
					executions: median(control.map((row) => row.executions)),
					startedPerSecond: median(control.map((row) => row.startedPerSecond)),
				}
			: undefined,
		perRun,
	};
}

/**
 * Summary rows: the engine harness (result.engine) and each real n8n (result.n8n[engine]).
 * @param {any} result
 */
function summarize(result) {
	const s = (/** @type {number} */ ms) => `${fixed(ms / 1000, 1)} s`;
	/** @type {string[][]} */
	const rows = [];
	/** @param {Record<string, number>} r @param {number} n @param {number} bound @param {string} where */
	const contender = (r, n, bound, where) =>
		rows.push(
			[
				`burst, ${where}: executions failed (of ${n}; worst run ${r.worstFailed})`,
				String(r.failed),
				'0',
				verdict(r.worstFailed === 0),
			],
			...(Number.isFinite(r.lost)
				? [
						[
							`burst, ${where}: answered 200 but no recording started (lost)`,
							String(r.lost),
							'0',
							verdict(r.lost === 0),
						],
					]
				: []),
			[
				`burst, ${where}: 429s at the fake Plivo (worst run ${r.worst429})`,
				String(r.r429),
				'0',
				verdict(r.worst429 === 0),
			],
			[
				`burst, ${where}: recordings started exactly once (worst run ${r.worstStartedOnce}; twice or more ${r.startedTwiceOrMore}, never ${r.notStarted})`,
				`${r.startedOnce} of ${n}`,
				`${n}`,
				verdict(r.worstStartedOnce === n),
			],
			[
				`burst, ${where}: most requests in one 5 s window`,
				String(r.maxInWindow),
				'≤ 300',
				verdict(r.maxInWindow <= 300),
			],
			[
				`burst, ${where}: bound / time, first execution → Plivo's last answer (bound ${s(bound)}, measured ${s(r.totalMs)})`,
				fixed(r.boundOverTotal, 3),
				'—',
				'',
			],
		);
	const engine = result.engine;
	if (engine) {
		contender(
			engine.medians.engine,
			engine.executions,
			engine.boundMs,
			`engine harness (n8n-core), ${engine.executions} executions at once`,
		);
		const c = engine.medians.control;
		rows.push([
			`burst, control: one pacer per execution (the action before): 429s / executions failed / recordings started twice`,
			`${fixed(c.r429, 0)} / ${fixed(c.failed, 0)} / ${fixed(c.startedTwiceOrMore, 0)}`,
			'—',
			'',
		]);
	}
	for (const n8n of /** @type {any[]} */ (Object.values(result.n8n ?? {}))) {
		contender(
			n8n.medians,
			n8n.executions,
			n8n.boundMs,
			`real n8n [${n8n.label}], ${n8n.executions} webhook calls at once`,
		);
		rows.push([
			`burst, real n8n [${n8n.label}]: executions n8n started per second (first to last start)`,
			fixed(n8n.medians.startedPerSecond, 1),
			'—',
			'',
		]);
		if (n8n.webhookOnly) {
			rows.push([
				`burst, real n8n [${n8n.label}]: time to all done, package's workflow / the Webhook node alone (n8n's own pace)`,
				`${fixed(n8n.medians.timeVsWebhookOnly, 3)}×`,
				'—',
				'',
			]);
			rows.push([
				`burst, real n8n [${n8n.label}], control: the Webhook node alone, ${n8n.executions} calls at once: answered other than 200 / executions`,
				`${fixed(n8n.webhookOnly.notAnswered200, 0)} / ${fixed(n8n.webhookOnly.executions, 0)}`,
				'—',
				'',
			]);
		}
	}
	return rows;
}

module.exports = { runEngineBurst, runN8nBurst, summarize, boundMs };
