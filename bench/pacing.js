// @ts-check
'use strict';
/**
 * Part 1, action pacing: 1,200 "start conference recording" items against the fake Plivo
 * (100 ms latency, 300 requests per 5 s sliding window), through
 *   package       this package's Plivo Recording action (paced; one run)
 *   httpStop      n8n's HTTP Request node with its DEFAULT settings, as a user drags it in
 *                 (4.5, the version the editor adds; Basic auth credential, JSON body; On
 *                 Error: Stop Workflow): the comparison the issue asks for. It sends the items
 *                 without pacing, and once any got a 429 its execution fails and outputs nothing.
 *   httpContinue  the same node with On Error: Continue (regular output): not default
 *   httpRerun     httpContinue run again at once on the items that failed, until all started:
 *                 what a user of it must do to get every item through; not default
 *   httpBatched   the node's own advice on a 429 ("use the batching settings"): 300 items per
 *                 5,000 ms, Plivo's limit written into the node by hand; not default
 * Each workflow is Webhook (answers with the last node's items) → Split Out → the contender,
 * as recordWorkflow in test/e2e/workflows.ts. All contenders run in the same n8n, one after
 * the other, the order reversed every other run.
 *
 * The bound: the fastest schedule that never has more than 300 requests in any 5 s window
 * sends 300 at t = 0, 300 at 5 s, …, so the last of N requests leaves at
 * floor((N − 1) / 300) · 5 s and is answered one latency later: 15.1 s for 1,200 items.
 * Measured against it: from the action node's start (n8n's runData startTime) to Plivo's last
 * answer (headline), from the execution's start, and end to end (the HTTP call to the answer).
 */
const { randomUUID } = require('node:crypto');
const { AUTH_ID, LATENCY_MS, RATE_LIMIT, PACER_QUIET_MS, ENGINES } = require('./lib/setup');
const { webhookNode, splitOutNode } = require('../tools/workflows');
const { PACKAGE } = require('./lib/callbacks');
const { median, fixed, delay, nowMs, positiveInt, runs, verdict, log, loadavg } = require('./lib/util');
const { newestExecutionId, nextFinishedExecution } = require('./lib/executions');

const ITEMS = positiveInt('BENCH_PACING_ITEMS', 1200);
// Never called back: the fake only calls back on finishRecording, which the bench never asks for.
const CALLBACK_URL = 'http://127.0.0.1:9/plivo-callback';
const RERUN_MAX_ROUNDS = 400;
const RERUN_MAX_MS = 120_000;
/** @type {Record<string, string>} */
const CONTENDER_NODE = {
	package: 'Start Conference Recording',
	httpStop: 'HTTP Request',
	httpContinue: 'HTTP Request',
	httpBatched: 'HTTP Request',
};

/**
 * The fastest schedule that never has more than `max` requests in any window: a full window's
 * worth at 0, windowMs, 2·windowMs, …, the last one (number N) sent floor((N − 1) / max) windows
 * after the first and answered one latency later.
 * @param {number} items
 */
function boundMs(items) {
	return Math.floor((items - 1) / RATE_LIMIT.max) * RATE_LIMIT.windowMs + LATENCY_MS;
}

/**
 * @param {string} name
 * @param {Record<string, any>} node the contender node (name, type, typeVersion, parameters, …)
 */
function pipeline(name, node) {
	const path = `bench-${name}-${randomUUID().slice(0, 8)}`;
	return {
		path,
		workflow: {
			name: `bench pacing ${name}`,
			nodes: [
				webhookNode(path, { responseMode: 'lastNode', responseData: 'allEntries' }),
				splitOutNode('body.conferences'),
				{ id: randomUUID(), position: [440, 0], ...node },
			],
			connections: {
				Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
				'Split Out': { main: [[{ node: node.name, type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
		},
	};
}

/** @param {import('./lib/setup').CredentialRef} credential */
function packageNode(credential) {
	return {
		name: 'Start Conference Recording',
		type: `${PACKAGE}.plivoRecording`,
		typeVersion: 1,
		parameters: { operation: 'startRecording', conferenceName: '={{ $json.name }}', callbackUrl: CALLBACK_URL },
		credentials: { plivoRecordingApi: credential },
	};
}

/**
 * n8n's HTTP Request node doing what the package does: the same URL, Basic auth and JSON body.
 * @param {string} baseUrl @param {import('./lib/setup').CredentialRef} credential
 * @param {{ onError?: string, options?: Record<string, any> }} [variant]
 */
function httpNode(baseUrl, credential, variant = {}) {
	return {
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		// What the editor adds when the node is dragged in (2.41: defaultVersion 4.5).
		typeVersion: 4.5,
		parameters: {
			method: 'POST',
			url: `=${baseUrl}/v1/Account/${AUTH_ID}/Conference/{{ encodeURIComponent($json.name) }}/Record/`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpBasicAuth',
			sendBody: true,
			specifyBody: 'json',
			jsonBody: JSON.stringify({ file_format: 'mp3', callback_url: CALLBACK_URL, callback_method: 'POST' }),
			options: variant.options ?? {},
		},
		credentials: { httpBasicAuth: credential },
		...(variant.onError ? { onError: variant.onError } : {}),
	};
}

/** @param {number} count @param {string} prefix */
const conferenceNames = (count, prefix) =>
	Array.from({ length: count }, (_, i) => `${prefix}-${String(i + 1).padStart(4, '0')}`);

/**
 * @param {import('./lib/setup').Env} env
 */
async function runPacing(env) {
	const { n8n, fake, plivoCredential, basicCredential } = env;
	fake.setLatency(LATENCY_MS);
	fake.setRateLimit({ ...RATE_LIMIT });

	/** @type {Record<string, { id: string, path: string }>} */
	const flows = {};
	const definitions = {
		package: pipeline('package', packageNode(plivoCredential)),
		httpStop: pipeline('http-stop', httpNode(fake.baseUrl, basicCredential)),
		httpContinue: pipeline(
			'http-continue',
			httpNode(fake.baseUrl, basicCredential, { onError: 'continueRegularOutput' }),
		),
		httpBatched: pipeline(
			'http-batched',
			httpNode(fake.baseUrl, basicCredential, {
				options: { batching: { batch: { batchSize: RATE_LIMIT.max, batchInterval: RATE_LIMIT.windowMs } } },
			}),
		),
	};
	for (const [key, { path, workflow }] of Object.entries(definitions)) {
		const created = await n8n.createWorkflow(/** @type {any} */ (workflow));
		await n8n.activateWorkflow(created.id);
		flows[key] = { id: created.id, path };
	}

	/** @param {string} key @param {string[]} names */
	async function call(key, names) {
		const started = nowMs();
		const response = await fetch(n8n.webhookUrl(flows[key].path), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ conferences: names.map((name) => ({ name })) }),
		});
		const text = await response.text();
		const ms = nowMs() - started;
		/** @type {any[]} */
		let items = [];
		try {
			const parsed = JSON.parse(text);
			items = Array.isArray(parsed) ? parsed : [parsed];
		} catch {
			items = [];
		}
		return { status: response.status, items, ms, text };
	}

	/** What the fake saw since its last reset. */
	function plivoSide() {
		const stats = fake.stats();
		const arrivals = fake.requests.map((request) => request.at);
		const firstArrival = Math.min(...arrivals);
		// The fake answers every request (202 or 429 alike) latencyMs after it arrives.
		const lastAnswered = Math.max(...arrivals) + LATENCY_MS;
		const names = new Set(fake.recordings.map((recording) => recording.conferenceName));
		// When the 429s came (ms after the first request arrived): where the pacing slipped.
		const r429AtMs = fake.requests
			.filter((request) => request.status === 429)
			.slice(0, 20)
			.map((request) => request.at - firstArrival);
		return {
			requests: stats.total,
			started: fake.recordings.length,
			uniqueStarted: names.size,
			duplicates: fake.recordings.length - names.size,
			r429: stats.byStatus[429] ?? 0,
			otherErrors: Object.entries(stats.byStatus)
				.filter(([status]) => !['202', '429'].includes(status))
				.reduce((sum, [, n]) => sum + n, 0),
			maxInWindow: stats.maxInWindow,
			r429AtMs,
			firstArrival,
			lastAnswered,
			plivoSpanMs: lastAnswered - firstArrival,
		};
	}

	/** One run of a single-execution contender. @param {string} key @param {string[]} names */
	async function single(key, names) {
		fake.reset();
		const before = await newestExecutionId(n8n, flows[key].id);
		const sentAt = Date.now();
		const answer = await call(key, names);
		const execution = await nextFinishedExecution(n8n, flows[key].id, before, 30_000);
		const plivo = plivoSide();
		const workflowStart = Date.parse(execution.startedAt);
		// When the contender node itself started (after Webhook and Split Out).
		const nodeRun = execution.data?.resultData?.runData?.[CONTENDER_NODE[key]]?.[0];
		const nodeStart = nodeRun ? Number(nodeRun.startTime) : NaN;
		return {
			contender: key,
			httpStatus: answer.status,
			executionStatus: execution.status,
			e2eMs: answer.ms,
			// From the moment n8n started the execution to Plivo's last answer.
			workflowMs: plivo.lastAnswered - workflowStart,
			queueMs: workflowStart - sentAt,
			// From the contender node's start to Plivo's last answer.
			nodeMs: plivo.lastAnswered - nodeStart,
			// Node start to the first request reaching Plivo (the node's own preparation of the items).
			nodeToFirstRequestMs: plivo.firstArrival - nodeStart,
			itemsOut: answer.items.filter((item) => item && item.recording_id).length,
			itemsFailed: answer.items.filter((item) => item && item.error).length,
			...plivo,
		};
	}

	/** httpContinue run again at once on the items that failed, until every one started. @param {string[]} names */
	async function rerun(names) {
		fake.reset();
		let remaining = [...names];
		let rounds = 0;
		const started = nowMs();
		while (remaining.length > 0 && rounds < RERUN_MAX_ROUNDS && nowMs() - started < RERUN_MAX_MS) {
			rounds++;
			const answer = await call('httpContinue', remaining);
			if (answer.items.length !== remaining.length)
				throw new Error(
					`httpRerun: ${answer.items.length} items for ${remaining.length} sent (${answer.status}: ${answer.text.slice(0, 300)})`,
				);
			remaining = remaining.filter((_, i) => !answer.items[i]?.recording_id);
		}
		const e2eMs = nowMs() - started;
		const plivo = plivoSide();
		return {
			contender: 'httpRerun',
			rounds,
			e2eMs,
			workflowMs: NaN,
			nodeMs: NaN,
			nodeToFirstRequestMs: NaN,
			itemsOut: names.length - remaining.length,
			itemsFailed: remaining.length,
			...plivo,
		};
	}

	/** @param {string} key @param {string[]} names */
	const measure = (key, names) => (key === 'httpRerun' ? rerun(names) : single(key, names));

	const keys = ['package', 'httpStop', 'httpContinue', 'httpBatched', 'httpRerun'];
	log('pacing: warm-up (20 items through each workflow)');
	for (const key of keys) await measure(key, conferenceNames(20, `warm-${key}`));

	const bound = boundMs(ITEMS);
	/** @type {any[]} */
	const perRun = [];
	for (let run = 1; run <= runs(); run++) {
		const order = run % 2 === 1 ? keys : [...keys].reverse();
		/** @type {Record<string, any>} */
		const results = { run, loadavg: loadavg(), order };
		for (const key of order) {
			// The account's pacer would hold the next run's first window back otherwise.
			await delay(key === 'package' ? PACER_QUIET_MS : 1000);
			log(`pacing run ${run}: ${key} (${ITEMS} items)`);
			results[key] = await measure(key, conferenceNames(ITEMS, `r${run}-${key}`));
			const r = results[key];
			log(
				`  e2e ${fixed(r.e2eMs / 1000)} s, started ${r.started} (dup ${r.duplicates}), 429s ${r.r429}${r.r429 && key === 'package' ? ` (at ${r.r429AtMs.slice(0, 8).join(', ')} ms after the first request)` : ''}, max in window ${r.maxInWindow}${r.rounds ? `, rounds ${r.rounds}` : ''}${r.executionStatus && r.executionStatus !== 'success' ? `, execution ${r.executionStatus}` : ''}`,
			);
		}
		const p = results.package;
		/** time to all ITEMS started, each once: the contender's over the package's (NaN: it did not get them all) */
		const timeToAll = (/** @type {any} */ other) =>
			other.uniqueStarted === ITEMS && p.uniqueStarted === ITEMS ? other.e2eMs / p.e2eMs : NaN;
		results.ratios = {
			boundOverNode: bound / p.nodeMs,
			boundOverWorkflow: bound / p.workflowMs,
			boundOverE2e: bound / p.e2eMs,
			boundOverPlivoSpan: bound / p.plivoSpanMs,
			// Recordings one run of the workflow starts: the package's over the HTTP Request node's.
			startedPerRunVsHttpStop: p.uniqueStarted / results.httpStop.uniqueStarted,
			startedPerRunVsHttpContinue: p.uniqueStarted / results.httpContinue.uniqueStarted,
			timeToAllVsHttpRerun: timeToAll(results.httpRerun),
			timeToAllVsHttpBatched: timeToAll(results.httpBatched),
			// Goodput: recordings started per request sent to Plivo.
			goodputVsHttpRerun: p.uniqueStarted / p.requests / (results.httpRerun.uniqueStarted / results.httpRerun.requests),
		};
		perRun.push(results);
	}

	const med = (/** @type {(r: any) => number} */ pick) => median(perRun.map(pick));
	/** @type {Record<string, any>} */
	const medians = {};
	for (const key of keys) {
		medians[key] = {};
		for (const field of [
			'e2eMs',
			'workflowMs',
			'nodeMs',
			'nodeToFirstRequestMs',
			'plivoSpanMs',
			'queueMs',
			'started',
			'uniqueStarted',
			'duplicates',
			'r429',
			'maxInWindow',
			'itemsOut',
			'itemsFailed',
			'requests',
			'rounds',
		]) {
			medians[key][field] = med((r) => r[key][field]);
		}
	}
	medians.ratios = {};
	for (const ratio of Object.keys(perRun[0].ratios)) medians.ratios[ratio] = med((r) => r.ratios[ratio]);
	return { items: ITEMS, latencyMs: LATENCY_MS, rateLimit: RATE_LIMIT, boundMs: bound, medians, perRun };
}

/** @param {any} result */
function summarize(result) {
	const m = result.medians;
	const r = result.medians.ratios;
	const runCount = result.perRun.length;
	const max = result.rateLimit.max;
	const items = result.items;
	const s = (/** @type {number} */ ms) => `${fixed(ms / 1000, 1)} s`;
	// Rows name the engine unless it is n8n's default (results files before BENCH_PACING_ENGINE: default).
	const name = result.engine && result.engine !== ENGINES.default.label ? `pacing [${result.engine}]` : 'pacing';
	const stopCompleted = result.perRun.filter(
		(/** @type {any} */ run) => run.httpStop.executionStatus === 'success' && run.httpStop.itemsOut === items,
	).length;
	return [
		[
			`${name}: bound / measured, Plivo Recording node start → last Plivo answer (bound ${s(result.boundMs)}, measured ${s(m.package.nodeMs)})`,
			fixed(r.boundOverNode, 3),
			'≥ 0.9',
			verdict(r.boundOverNode >= 0.9),
		],
		[
			`${name}: bound / measured, execution start → last Plivo answer (${s(m.package.workflowMs)})`,
			fixed(r.boundOverWorkflow, 3),
			'(≥ 0.9)',
			verdict(r.boundOverWorkflow >= 0.9),
		],
		[
			`${name}: bound / measured, end to end: webhook call → workflow's answer (${s(m.package.e2eMs)})`,
			fixed(r.boundOverE2e, 3),
			'(≥ 0.9)',
			verdict(r.boundOverE2e >= 0.9),
		],
		[
			`${name}: bound / measured, first request → last answer at Plivo: the pacing alone (${s(m.package.plivoSpanMs)}; node start → first request ${s(m.package.nodeToFirstRequestMs)})`,
			fixed(r.boundOverPlivoSpan, 3),
			'—',
			'',
		],
		[`${name}: 429s provoked by the package`, String(m.package.r429), '0', verdict(m.package.r429 === 0)],
		[
			`${name}: most requests in one 5 s window (package)`,
			String(m.package.maxInWindow),
			`≤ ${max}`,
			verdict(m.package.maxInWindow <= max),
		],
		[
			`${name}: recordings started by the package, each once (of ${items})`,
			`${m.package.uniqueStarted} (dup ${m.package.duplicates})`,
			`${items}`,
			verdict(m.package.uniqueStarted === items && m.package.duplicates === 0),
		],
		[
			`vs HTTP Request, DEFAULT settings: runs that complete all ${items} items`,
			`${stopCompleted} of ${runCount}`,
			'—',
			'',
		],
		[
			`  (its execution fails with a 429 error after ${s(m.httpStop.e2eMs)}: ${m.httpStop.uniqueStarted} started, ${m.httpStop.itemsOut} output, so a retry sends all ${items} again)`,
			'',
			'',
			'',
		],
		[
			`vs HTTP Request, DEFAULT settings: recordings started by one run, ${m.package.uniqueStarted} vs ${m.httpStop.uniqueStarted}`,
			`${fixed(r.startedPerRunVsHttpStop, 2)}×`,
			'≥ 5×',
			verdict(r.startedPerRunVsHttpStop >= 5),
		],
		[
			`vs HTTP Request, On Error: Continue (not default): recordings started by one run, ${m.package.uniqueStarted} vs ${m.httpContinue.uniqueStarted}`,
			`${fixed(r.startedPerRunVsHttpContinue, 2)}×`,
			'(≥ 5×)',
			verdict(r.startedPerRunVsHttpContinue >= 5),
		],
		[
			`vs HTTP Request, On Error: Continue + re-run on failed items (not default): time to all started, ${s(m.httpRerun.e2eMs)} (${fixed(m.httpRerun.rounds, 0)} runs, ${m.httpRerun.r429} 429s) vs ${s(m.package.e2eMs)}`,
			`${fixed(r.timeToAllVsHttpRerun, 2)}×`,
			'(≥ 5×)',
			verdict(r.timeToAllVsHttpRerun >= 5),
		],
		[
			`vs HTTP Request, Batching ${max} items / ${result.rateLimit.windowMs} ms by hand (not default): time to all started, ${s(m.httpBatched.e2eMs)} vs ${s(m.package.e2eMs)}`,
			`${fixed(r.timeToAllVsHttpBatched, 2)}×`,
			'(≥ 5×)',
			verdict(r.timeToAllVsHttpBatched >= 5),
		],
	];
}

module.exports = { runPacing, summarize, boundMs };
