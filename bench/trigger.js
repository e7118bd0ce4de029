// @ts-check
'use strict';
/**
 * Part 2, trigger throughput: N signed recording callbacks (2,000 by default) at concurrency 32
 * into this package's Plivo Recording Callback Trigger (signature check on, duplicates ignored:
 * every callback carries its own recording_id) and into n8n's core Webhook node (Respond:
 * Immediately, as Plivo needs), in the same n8n. Both get the same kind of signed form body;
 * the Webhook node ignores the signature. Only an answer with status 200 counts as accepted.
 * Afterwards every execution is counted through n8n's API. Before run 1 each contender takes
 * 300 unmeasured callbacks (a fresh n8n is slower at first); before each measurement, 100 at
 * concurrency 4 into the measured workflow.
 *
 * bench/run.js calls runTrigger once per expression engine (BENCH_TRIGGER_ENGINES), each in its
 * own n8n: n8n 2.41's default engine ('vm') acquires an expression isolate for the webhook
 * phase of every production webhook call of a node other than the core Webhook node with
 * static parameters (LiveWebhooks.webhookPhaseNeedsIsolate), and an empty pool builds a new
 * one (a used one is disposed), so any community trigger pays one isolate build per callback
 * that the Webhook node does not; with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true ('lazy') an
 * isolate is built only when an expression is really evaluated; the legacy engine has none.
 */
const { randomUUID } = require('node:crypto');
const { AUTH_ID, AUTH_TOKEN } = require('./lib/setup');
const { webhookNode } = require('../tools/workflows');
const { signedCallbacks, triggerWorkflow, sendCallbacks, waitForFinished, finishedOf } = require('./lib/callbacks');
const { median, percentile, fixed, delay, nowMs, positiveInt, runs, verdict, log, loadavg } = require('./lib/util');

const CALLBACKS = positiveInt('BENCH_CALLBACKS', 2000);
const CONCURRENCY = positiveInt('BENCH_CONCURRENCY', 32);
const WARM_UP = 100;
const WARM_UP_CONCURRENCY = 4;
// Callbacks per contender into a fresh n8n before run 1, not measured.
const N8N_WARM_UP = 300;
const STALL_MS = positiveInt('BENCH_STALL_MS', 120_000);
const ACCOUNT = { authId: AUTH_ID, authToken: AUTH_TOKEN };

/**
 * n8n's Webhook node answering at once, as Plivo needs. Version 2 is what the editor adds and
 * what n8n lets skip the webhook-phase isolate; version 1 of the same node does not get that
 * skip (webhookPhaseNeedsIsolate: "typeVersion === 1"), so on the vm engine it pays what every
 * community trigger pays: n8n's own node under the same rule, the most any trigger can reach.
 * With `basicAuth` (a credential) it checks every caller as the trigger checks Plivo's signature,
 * and n8n then does for it what it does for any node holding a credential.
 * @param {1 | 2} [typeVersion] @param {{ id: string, name: string }} [basicAuth]
 */
function webhookWorkflow(typeVersion = 2, basicAuth) {
	const path = `bench-webhook-${randomUUID()}`;
	const node = webhookNode(path, { responseMode: 'onReceived' });
	const auth = basicAuth
		? { parameters: { ...node.parameters, authentication: 'basicAuth' }, credentials: { httpBasicAuth: basicAuth } }
		: {};
	return {
		webhookPath: path,
		workflow: {
			name: `bench webhook ${path.slice(14, 22)}`,
			nodes: [{ ...node, typeVersion, ...auth }],
			connections: {},
			settings: { executionOrder: 'v1' },
		},
	};
}

/**
 * The controls: n8n's own Webhook node under one of the trigger's conditions (webhookWorkflow).
 * Each gives two ratios per run: the control against the plain Webhook node (what n8n charges
 * for that condition), and the trigger against the control (key `vs…`).
 */
const CONTROLS = {
	webhookV1: {
		against: "n8n's own Webhook node v1 (the webhook-phase isolate every community trigger gets) vs v2",
		versus: 'the Webhook node v1 (same isolate rule)',
		// bench/report.js's per-run columns: `throughput ${short} / ${plain}`, `throughput trigger / ${short}`.
		short: 'Webhook v1',
		plain: 'v2',
	},
	webhookAuth: {
		against: "n8n's Webhook node with Basic Auth (a credential, every caller checked) vs without",
		versus: 'the Webhook node with Basic Auth (like for like)',
		short: 'Webhook Basic Auth',
		plain: 'without',
	},
};
/** @param {string} control */
const vsKey = (control) => `vs${control[0].toUpperCase()}${control.slice(1)}`;

/** The ratios of every control that ran: `{ webhookV1, vsWebhookV1, … }`. @param {Record<string, any>} results */
function controlRatios(results) {
	/** @type {Record<string, number>} */
	const ratios = {};
	for (const control of Object.keys(CONTROLS)) {
		if (!results[control]) continue;
		ratios[control] = results[control].perSecond / results.webhook.perSecond;
		ratios[vsKey(control)] = results.trigger.perSecond / results[control].perSecond;
	}
	return ratios;
}

/**
 * @param {import('./lib/setup').Env} env
 * @param {string} [engine] a key of ENGINES: on the vm engine (default, vm) the Webhook node's
 *   version 1 runs too, as the ceiling for any node that n8n gives a webhook-phase isolate
 */
async function runTrigger(env, engine = 'default') {
	const { n8n, plivoCredential, basicCredential } = env;
	// What the Webhook node with Basic Auth expects of every caller.
	const basicAuthHeader = `Basic ${Buffer.from(`${AUTH_ID}:${AUTH_TOKEN}`).toString('base64')}`;

	/** Executions of a workflow by status (without their data: cheap to count). @param {string} workflowId */
	async function executionsByStatus(workflowId) {
		const all = await n8n.executions({ workflowId, includeData: false });
		/** @type {Record<string, number>} */
		const byStatus = {};
		for (const execution of all) byStatus[execution.status] = (byStatus[execution.status] ?? 0) + 1;
		return { byStatus, ...finishedOf(byStatus) };
	}

	/** @param {string} contender @param {number} run @param {number} [count] callbacks to send */
	async function measure(contender, run, count = CALLBACKS) {
		const { webhookPath, workflow } =
			contender === 'webhook' || contender === 'webhookV1' || contender === 'webhookAuth'
				? webhookWorkflow(contender === 'webhookV1' ? 1 : 2, contender === 'webhookAuth' ? basicCredential : undefined)
				: triggerWorkflow(plivoCredential, { verifySignature: contender !== 'triggerNoVerify' });
		const created = await n8n.createWorkflow(/** @type {any} */ (workflow));
		await n8n.activateWorkflow(created.id);
		const url = n8n.webhookUrl(webhookPath);
		const withAuth = (/** @type {import('./lib/callbacks').SignedCallback[]} */ list) =>
			contender === 'webhookAuth'
				? list.map((callback) => ({ ...callback, headers: { ...callback.headers, Authorization: basicAuthHeader } }))
				: list;
		const warm = withAuth(signedCallbacks(url, `w${run}${contender}`, WARM_UP, ACCOUNT));
		const callbacks = withAuth(signedCallbacks(url, `r${run}${contender}`, count, ACCOUNT));

		// Warm-up at a gentle concurrency: it is there to load code paths, not to queue work.
		const warmSent = await sendCallbacks(url, warm, { concurrency: WARM_UP_CONCURRENCY });
		const warmed = await waitForFinished(() => executionsByStatus(created.id), warmSent.ok, {
			stallMs: STALL_MS,
			label: 'warm-up',
		});
		if (warmed.stalled)
			return {
				contender,
				workflowId: created.id,
				stalled: true,
				phase: 'warm-up',
				byStatus: warmed.byStatus,
				statuses: warmSent.statuses,
			};
		await delay(1000);

		const started = nowMs();
		const sent = await sendCallbacks(url, callbacks, { concurrency: CONCURRENCY });
		log(
			`  sent in ${fixed(sent.elapsedMs / 1000)} s: ${JSON.stringify(sent.statuses)}${Object.keys(sent.samples).length ? ` e.g. ${JSON.stringify(sent.samples)}` : ''}`,
		);
		// Executions may run after the answer: wait until every callback answered 200 has
		// finished. Another answer (503: n8n shedding load) should start nothing; Plivo retries it.
		const drained = await waitForFinished(() => executionsByStatus(created.id), warmed.finished + sent.ok, {
			stallMs: STALL_MS,
			label: 'drain',
		});
		const drainMs = drained.stalled ? NaN : nowMs() - started;
		const executions = drained.total - warmed.total;
		return {
			contender,
			workflowId: created.id,
			callbacks: count,
			concurrency: CONCURRENCY,
			statuses: sent.statuses,
			samples: sent.samples,
			ok: sent.ok,
			rejected: count - sent.ok,
			elapsedMs: sent.elapsedMs,
			// Callbacks accepted (200) per second of sending: what Plivo gets through.
			perSecond: sent.ok / (sent.elapsedMs / 1000),
			// Latency of the accepted callbacks (of every answer: p50AllMs / p99AllMs).
			p50Ms: percentile(sent.okLatencies, 50),
			p99Ms: percentile(sent.okLatencies, 99),
			maxMs: Math.max(...sent.okLatencies),
			p50AllMs: percentile(sent.latencies, 50),
			p99AllMs: percentile(sent.latencies, 99),
			drainMs,
			// Accepted callbacks whose execution finished, per second from the first one sent.
			executionsPerSecond: sent.ok / (drainMs / 1000),
			byStatus: drained.byStatus,
			executions,
			executionsSucceeded: (drained.byStatus.success ?? 0) - (warmed.byStatus.success ?? 0),
			// Answered 200 but no execution: Plivo will not send them again.
			lost: Math.max(0, sent.ok - executions),
			// Executions beyond the callbacks answered 200: an error answer that still started one
			// (Plivo's retry would then start a second).
			extra: Math.max(0, executions - sent.ok),
			stalled: drained.stalled,
			// Left active: deactivating waits for the webhook to disappear from n8n's preflight,
			// which n8n 2.41 keeps answering for the trigger's webhook (seen here: > 30 s).
		};
	}

	// The diagnostic variant (signature check off) shows what the check costs inside n8n.
	const contenders = [
		'trigger',
		'webhook',
		...(engine === 'default' || engine === 'vm' ? ['webhookV1'] : []),
		...(process.env.BENCH_TRIGGER_AUTH === '0' ? [] : ['webhookAuth']),
		...(process.env.BENCH_TRIGGER_NOVERIFY === '1' ? ['triggerNoVerify'] : []),
	];
	// A fresh n8n is slower at first: whichever contender went first would pay for it. Both
	// (all) go once at full concurrency, unmeasured, before run 1.
	const warmUpCount = Math.min(CALLBACKS, N8N_WARM_UP);
	for (const contender of contenders) {
		log(`trigger: warming n8n up with ${contender} (${warmUpCount} callbacks, not measured)`);
		const r = await measure(contender, 0, warmUpCount);
		if (r.stalled) {
			log('trigger: n8n stalled in its warm-up; no trigger runs on this n8n');
			return {
				callbacks: CALLBACKS,
				concurrency: CONCURRENCY,
				warmUp: WARM_UP,
				completeRuns: 0,
				stalled: true,
				warmUpRun: r,
				medians: { ratios: {} },
				perRun: [],
			};
		}
	}

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
			log(
				`  accepted ${fixed(r.perSecond, 1)}/s (${r.ok} of ${CALLBACKS}), p50 ${fixed(r.p50Ms, 1)} ms, p99 ${fixed(r.p99Ms, 1)} ms, executions ${r.executions} (${r.executionsSucceeded} success, ${r.lost} lost) drained in ${fixed(r.drainMs / 1000)} s`,
			);
		}
		perRun.push(results);
		if (order.some((contender) => !results[contender] || results[contender].stalled)) {
			// n8n stopped finishing executions: the rest of this n8n's figures would mean nothing.
			log("trigger: n8n stalled; this n8n's trigger runs stop here");
			break;
		}
		const t = results.trigger;
		const w = results.webhook;
		results.ratios = {
			throughput: t.perSecond / w.perSecond,
			p50: t.p50Ms / w.p50Ms,
			p99: t.p99Ms / w.p99Ms,
			executionsPerSecond: t.executionsPerSecond / w.executionsPerSecond,
			...controlRatios(results),
			...(results.triggerNoVerify
				? {
						noVerifyThroughput: results.triggerNoVerify.perSecond / w.perSecond,
						noVerifyP99: results.triggerNoVerify.p99Ms / w.p99Ms,
					}
				: {}),
		};
	}
	const complete = perRun.filter((r) => r.ratios);
	const med = (/** @type {(r: any) => number} */ pick) => median(complete.map(pick));
	/** @type {Record<string, any>} */
	const medians = {};
	for (const contender of contenders) {
		medians[contender] = {};
		for (const field of [
			'perSecond',
			'p50Ms',
			'p99Ms',
			'maxMs',
			'p50AllMs',
			'p99AllMs',
			'drainMs',
			'executionsPerSecond',
			'ok',
			'rejected',
			'executions',
			'executionsSucceeded',
			'lost',
			'extra',
		]) {
			medians[contender][field] = med((r) => r[contender][field]);
		}
	}
	medians.ratios = {};
	for (const ratio of Object.keys(complete[0]?.ratios ?? { throughput: 0, p50: 0, p99: 0, executionsPerSecond: 0 }))
		medians.ratios[ratio] = med((r) => r.ratios[ratio]);
	return {
		callbacks: CALLBACKS,
		concurrency: CONCURRENCY,
		warmUp: WARM_UP,
		n8nWarmUp: warmUpCount,
		completeRuns: complete.length,
		stalled: complete.length < perRun.length,
		medians,
		perRun,
	};
}

/**
 * The throughput target against the Webhook node: on n8n's default engine every community
 * trigger pays an expression isolate the Webhook node skips (LiveWebhooks.webhookPhaseNeedsIsolate
 * in n8n 2.41), so 0.6×; where nothing builds one per callback (legacy, lazy acquisition), 0.95×.
 * @param {any} result
 */
function throughputTarget(result) {
	const engine = result.engine ?? (/default expression engine \(vm\)$/.test(result.label ?? '') ? 'default' : 'other');
	return engine === 'default' || engine === 'vm' ? 0.6 : 0.95;
}

/**
 * Rows for the summary table: [figure, value, target, verdict].
 * @param {any} result @param {string} label which n8n (expression engine) the figures are from
 */
function summarize(result, label) {
	const name = `trigger [${label}]`;
	const target = throughputTarget(result);
	const r = result.medians.ratios;
	const t = result.medians.trigger;
	const w = result.medians.webhook;
	const stalled = result.perRun.flatMap((/** @type {any} */ run) =>
		['trigger', 'webhook', ...Object.keys(CONTROLS), 'triggerNoVerify']
			.filter((contender) => run[contender]?.stalled)
			.map((contender) => [
				`${name}: n8n STALLED in run ${run.run} (${contender}), executions ${JSON.stringify(run[contender].byStatus)}`,
				'—',
				'',
				'see raw',
			]),
	);
	if (result.warmUpRun?.stalled)
		stalled.push([
			`${name}: n8n STALLED in its warm-up (${result.warmUpRun.contender}), executions ${JSON.stringify(result.warmUpRun.byStatus)}`,
			'—',
			'',
			'see raw',
		]);
	if (result.completeRuns === 0)
		return [...stalled, [`${name}: no run completed, so no ratio`, '—', `≥ ${target}×`, 'NOT MEASURED']];
	// Each control: what n8n's own node pays under that condition, then the trigger against it.
	const controls = Object.entries(CONTROLS)
		.filter(([control]) => r[vsKey(control)] !== undefined)
		.flatMap(([control, { against, versus }]) => [
			[
				`${name}: ${against} (${fixed(result.medians[control].perSecond, 1)} vs ${fixed(w.perSecond, 1)}/s)`,
				`${fixed(r[control], 3)}×`,
				'—',
				'',
			],
			[`${name}: accepted callbacks/s vs ${versus}`, `${fixed(r[vsKey(control)], 3)}×`, '—', ''],
		]);
	const extra =
		r.noVerifyThroughput === undefined
			? []
			: [
					[
						`${name}: signature check OFF (diagnostic): callbacks/s vs Webhook`,
						`${fixed(r.noVerifyThroughput, 3)}×`,
						'—',
						'',
					],
					[`${name}: signature check OFF (diagnostic): p99 vs Webhook`, `${fixed(r.noVerifyP99, 3)}×`, '—', ''],
				];
	return [
		...stalled,
		[
			`${name}: accepted callbacks/s vs Webhook node (${fixed(t.perSecond, 1)} vs ${fixed(w.perSecond, 1)})`,
			`${fixed(r.throughput, 3)}×`,
			`≥ ${target}×`,
			verdict(r.throughput >= target),
		],
		[
			`${name}: p50 latency vs Webhook node (${fixed(t.p50Ms, 1)} vs ${fixed(w.p50Ms, 1)} ms)`,
			`${fixed(r.p50, 3)}×`,
			'—',
			'',
		],
		[
			`${name}: p99 latency vs Webhook node (${fixed(t.p99Ms, 1)} vs ${fixed(w.p99Ms, 1)} ms)`,
			`${fixed(r.p99, 3)}×`,
			'—',
			'',
		],
		[
			`${name}: executions finished/s vs Webhook node (${fixed(t.executionsPerSecond, 1)} vs ${fixed(w.executionsPerSecond, 1)})`,
			`${fixed(r.executionsPerSecond, 3)}×`,
			'—',
			'',
		],
		[
			`${name}: answered other than 200 (of ${result.callbacks}; Webhook node: ${w.rejected})`,
			String(t.rejected),
			'(0)',
			verdict(t.rejected === 0),
		],
		[
			`${name}: answered 200 without an execution (Webhook node: ${w.lost})`,
			String(t.lost),
			'(0)',
			verdict(t.lost === 0),
		],
		...controls,
		...extra,
	];
}

module.exports = { runTrigger, summarize, webhookWorkflow, CONTROLS, vsKey };
