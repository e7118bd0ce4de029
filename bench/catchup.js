// @ts-check
'use strict';
/**
 * Part "catchup": the Plivo New Recording Trigger catching up after n8n did not watch, in a
 * real n8n against the fake Plivo answering after 200 ms with Plivo's limit (300 requests per
 * 5 s sliding window, 429 beyond), as the lists part runs it.
 *
 * Each run, on a fresh account and a fresh workflow (the trigger alone, no download, polls
 * scheduled once a year so that only activations poll):
 *   1. the workflow is activated on the empty account: its activation poll finds nothing in
 *      Plivo's last 7 days and keeps its place (in the workflow's static data);
 *   2. it is deactivated, and BENCH_CATCHUP_COUNT recordings (20,000) are added, their add_time
 *      spread over the time it was off;
 *   3. it is activated again: n8n polls at once, and that poll catches up, emitting every
 *      recording in one execution (the first page, then the rest at once through the account's
 *      pacer, pinned to what the first saw).
 * Measured: activation (the bench's POST /workflows/:id/activate) → that execution's stoppedAt
 * (n8n's executions API), split into activation → first list request, first request → Plivo's
 * last answer, last answer → the execution's start (the trigger's own work after reading, and
 * n8n's emit), the execution itself (n8n running and saving it). The list requests the fake
 * received, and whether any page (offset and filters) was asked twice; every recording once,
 * oldest first; n8n's peak resident memory (VmHWM, reset through clear_refs just before).
 *
 * The bound: the fastest schedule Plivo's limit and the fake's latency allow for the pages a
 * catch-up needs (one per 20 recordings), page 1 alone (bench/lib/plivoLimit.js, as the lists
 * part). 20,000 recordings are 1,000 pages, more than three windows of Plivo's limit: the limit
 * sets the pace (bound 15.4 s), which is what the figure is about. Up to 6,000 (300 pages) fit one
 * window, and the bound is two round trips (5,000: 0.4 s), so such a figure measures n8n's fixed
 * costs rather than the catch-up's pace.
 *
 * A variant (BENCH_CATCHUP_MAX_POLLS, default 3; 0 leaves it out): Max Recordings per Poll =
 * BENCH_CATCHUP_MAX_PER_POLL (100) over the same catch-up, polled by activating again: each poll
 * reads the newest page and the oldest recordings only; its requests per poll, and that the
 * recordings come oldest first, once, 100 a poll.
 */
const { randomUUID } = require('node:crypto');
const fs = require('node:fs');
const { performance } = require('node:perf_hooks');
const { AUTH_ID, ENGINES, PACER_QUIET_MS, RATE_LIMIT, engineList, startEnv } = require('./lib/setup');
const { PACKAGE } = require('./lib/callbacks');
const { median, fixed, delay, positiveInt, runs, verdict, log, loadavg } = require('./lib/util');
const { newestExecutionId, nextFinishedExecution } = require('./lib/executions');
const { boundMs, windowSpread } = require('./lib/plivoLimit');
const { memoryOf } = require('./lib/memory');

const COUNT = positiveInt('BENCH_CATCHUP_COUNT', 20000);
const LATENCY_MS = positiveInt('BENCH_CATCHUP_LATENCY_MS', 200);
const MAX_PER_POLL = positiveInt('BENCH_CATCHUP_MAX_PER_POLL', 100);
/** Polls of the Max Recordings per Poll variant (0: no variant). */
const MAX_POLLS = process.env.BENCH_CATCHUP_MAX_POLLS === '0' ? 0 : positiveInt('BENCH_CATCHUP_MAX_POLLS', 3);
/** The expression engine of n8n (a key of ENGINES, default n8n's own). */
const ENGINE = engineList(process.env.BENCH_CATCHUP_ENGINE, 'default')[0];
/** Plivo's largest page. */
const PAGE_SIZE = 20;
const NODE_NAME = 'Plivo New Recording';
/** The warm-up's catch-up (unmeasured): n8n's first poll and first big execution. */
const WARM_UP = 200;
/** Waiting for the catch-up's execution at most this long. */
const EXECUTION_TIMEOUT_MS = 600_000;

/**
 * The trigger alone. Polls are scheduled at 03:00:00 on 1 January, so that in the bench only an
 * activation polls (a user's every-minute poll could land inside a run).
 * @param {string} name @param {import('./lib/setup').CredentialRef} credential @param {Record<string, any>} options
 */
const triggerWorkflow = (name, credential, options) => ({
	name: `bench catchup ${name} ${randomUUID().slice(0, 8)}`,
	nodes: [
		{
			id: randomUUID(),
			name: NODE_NAME,
			type: `${PACKAGE}.plivoNewRecordingTrigger`,
			typeVersion: 1,
			position: [0, 0],
			parameters: {
				pollTimes: { item: [{ mode: 'custom', cronExpression: '0 0 3 1 1 *' }] },
				filters: {},
				options,
			},
			credentials: { plivoRecordingApi: credential },
		},
	],
	connections: {},
	settings: { executionOrder: 'v1' },
});

/**
 * CPU time a process has used (user + system), in ms, from /proc (Linux; NaN elsewhere).
 * @param {number | undefined} pid
 */
function cpuMs(pid) {
	try {
		const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		// utime and stime, fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
	} catch {
		return NaN;
	}
}

/** The list request's page: its query (filters, limit and offset), keys sorted. @param {Record<string, string>} query */
const pageKey = (query) =>
	JSON.stringify(
		Object.keys(query)
			.sort()
			.map((key) => [key, query[key]]),
	);

/** How many pages a catch-up of `count` recordings needs (page 1 even when empty). @param {number} count */
const pagesFor = (count) => Math.max(1, Math.ceil(count / PAGE_SIZE));

async function run() {
	const env = await startEnv({ engine: ENGINE });
	try {
		return await measure(env);
	} finally {
		await env.stop();
	}
}

/** @param {import('./lib/setup').Env} env */
async function measure(env) {
	const { fake, n8n } = env;
	fake.setLatency(LATENCY_MS);
	fake.setRateLimit({ ...RATE_LIMIT });
	const listPath = `/v1/Account/${AUTH_ID}/Recording/`;
	const memory = memoryOf(n8n.pid);

	/**
	 * A fresh account and a workflow whose trigger has kept its place on it (activated on the
	 * empty account, then deactivated), then `count` recordings added while it was off, their
	 * add_time spread evenly over that time, each a distinct millisecond when it was that long.
	 * @param {number} count @param {Record<string, any>} options
	 * @returns {Promise<{ id: string, addedAt: Map<string, number> }>}
	 */
	async function offWhileAdded(count, options) {
		// The account's pacer lives in the n8n process and keeps a request's slot until 5 s after
		// its answer; the fake's window is reset with the account.
		fake.reset();
		const created = await n8n.createWorkflow(triggerWorkflow(`${count}`, env.plivoCredential, options));
		await n8n.activateWorkflow(created.id);
		const place = await waitForPlace(created.id);
		await n8n.deactivateWorkflow(created.id);
		const offAt = Date.now();
		await delay(Math.max(PACER_QUIET_MS, count + 1000));
		const span = Date.now() - offAt - 500;
		/** @type {Map<string, number>} */
		const addedAt = new Map();
		for (let i = 0; i < count; i++) {
			const at = offAt + 250 + Math.floor((i * span) / count);
			addedAt.set(fake.addRecording({ addedAt: at, conferenceName: `catchup-${i}` }).recordingId, at);
		}
		log(`  place kept by the first activation: ${JSON.stringify(place).slice(0, 160)}`);
		return { id: created.id, addedAt };
	}

	/**
	 * The node's static data once the first activation's poll has saved it.
	 * @param {string} id
	 */
	async function waitForPlace(id) {
		const deadline = Date.now() + 30_000;
		for (;;) {
			const workflow = await n8n.api('GET', `/workflows/${id}`);
			const place = workflow.staticData?.[`node:${NODE_NAME}`]?.place;
			if (place) return place;
			if (Date.now() > deadline) throw new Error(`workflow ${id}: no place in its static data after activation`);
			await delay(100);
		}
	}

	/**
	 * Activates the workflow and waits for the execution its activation poll starts.
	 * @param {string} id
	 */
	async function activateAndWait(id) {
		const previous = await newestExecutionId(n8n, id);
		const mark = fake.requests.length;
		// What n8n and this process (the fake Plivo answers in it) were busy with meanwhile.
		const n8nCpuBefore = cpuMs(n8n.pid);
		const eluBefore = performance.eventLoopUtilization();
		const benchCpuBefore = process.cpuUsage();
		const activatedAt = Date.now();
		// The public API's activation (2.41: publishing), timed alone: the trigger has no webhook to wait for.
		await n8n.api('POST', `/workflows/${id}/activate`, {});
		const activateAnsweredAt = Date.now();
		// Looked for once a second: each look is an API call that n8n serves while it catches up.
		const execution = await nextFinishedExecution(n8n, id, previous, EXECUTION_TIMEOUT_MS, 1000);
		const finishedSeenAt = Date.now();
		const n8nCpuMs = cpuMs(n8n.pid) - n8nCpuBefore;
		const benchBusyMs = performance.eventLoopUtilization(eluBefore).active;
		const benchCpu = process.cpuUsage(benchCpuBefore);
		const benchCpuMs = (benchCpu.user + benchCpu.system) / 1000;
		const requests = fake.requests.slice(mark).filter((request) => request.path === listPath);
		/** @type {any[]} */
		const items = execution.data?.resultData?.runData?.[NODE_NAME]?.[0]?.data?.main?.[0] ?? [];
		return {
			activatedAt,
			activateAnsweredAt,
			finishedSeenAt,
			execution,
			requests,
			items,
			n8nCpuMs,
			benchBusyMs,
			benchCpuMs,
		};
	}

	/**
	 * What a poll's requests were: how many, 429s, pages asked more than once.
	 * @param {Array<{ query: Record<string, string>, status: number | null, at: number }>} requests
	 */
	function pagesOf(requests) {
		/** @type {Map<string, number>} */
		const times = new Map();
		for (const request of requests) times.set(pageKey(request.query), (times.get(pageKey(request.query)) ?? 0) + 1);
		return {
			requests: requests.length,
			r429: requests.filter((request) => request.status === 429).length,
			pages: times.size,
			pagesTwice: [...times.values()].filter((n) => n > 1).length,
			keys: [...times.keys()],
		};
	}

	/**
	 * Recordings emitted against those added: once each, oldest first.
	 * @param {any[]} items @param {Map<string, number>} addedAt
	 */
	function emitted(items, addedAt) {
		const ids = items.map((item) => String(item.json?.recording_id));
		const unique = new Set(ids);
		const times = ids.map((id) => addedAt.get(id) ?? NaN);
		return {
			itemsOut: ids.length,
			once: [...unique].filter((id) => addedAt.has(id)).length,
			repeats: ids.length - unique.size,
			foreign: [...unique].filter((id) => !addedAt.has(id)).length,
			oldestFirst: times.every((t, i) => i === 0 || t >= times[i - 1]),
			ids,
		};
	}

	/**
	 * One catch-up of `count` recordings, measured.
	 * @param {number} count
	 */
	async function catchUp(count) {
		const { id, addedAt } = await offWhileAdded(count, {});
		const rssBeforeMiB = memory.rssMiB();
		memory.resetPeak();
		const r = await activateAndWait(id);
		const peakMiB = memory.peakMiB();
		await n8n.deactivateWorkflow(id);
		const arrivals = r.requests.map((request) => request.at);
		const sorted = [...arrivals].sort((a, b) => a - b);
		const firstRequest = Math.min(...arrivals);
		const lastAnswer = Math.max(...arrivals) + LATENCY_MS;
		const startedAt = Date.parse(r.execution.startedAt);
		const stoppedAt = Date.parse(r.execution.stoppedAt);
		const { keys: _keys, ...pages } = pagesOf(r.requests);
		const { ids: _ids, ...out } = emitted(r.items, addedAt);
		return {
			count,
			executionStatus: r.execution.status,
			activationMs: stoppedAt - r.activatedAt,
			activationToFirstRequestMs: firstRequest - r.activatedAt,
			activationAnswerMs: r.activateAnsweredAt - r.activatedAt,
			plivoSpanMs: lastAnswer - firstRequest,
			lastAnswerToExecutionStartMs: startedAt - lastAnswer,
			executionMs: stoppedAt - startedAt,
			activationToLastAnswerMs: lastAnswer - r.activatedAt,
			windowSpreadMs: windowSpread(arrivals, 1),
			// Page 1's arrival → the next page's, and the first to the last arrival of the pages after page 1.
			page1ToPage2Ms: sorted.length > 1 ? sorted[1] - sorted[0] : NaN,
			laterPagesSpreadMs: sorted.length > 1 ? sorted[sorted.length - 1] - sorted[1] : NaN,
			...pages,
			pagesNeeded: pagesFor(count),
			maxInWindow: fake.stats().maxInWindow,
			// From the activation until the bench saw the execution finished: n8n's CPU time (all
			// its threads), and the bench process's busy time (the fake Plivo, answering in it).
			n8nCpuMs: r.n8nCpuMs,
			benchBusyMs: r.benchBusyMs,
			benchCpuMs: r.benchCpuMs,
			untilSeenMs: r.finishedSeenAt - r.activatedAt,
			...out,
			rssBeforeMiB,
			peakMiB,
			loadavg: loadavg()[0],
			// Wall-clock moments, to read a CPU profile of n8n against (bench/profile.js).
			at: Object.fromEntries(
				Object.entries({ activated: r.activatedAt, firstRequest, lastAnswer, startedAt, stoppedAt }).map(
					([key, ms]) => [key, new Date(ms).toISOString()],
				),
			),
		};
	}

	/**
	 * The Max Recordings per Poll variant: `polls` activations over one catch-up of `count`.
	 * @param {number} count @param {number} polls
	 */
	async function maxPerPollVariant(count, polls) {
		const { id, addedAt } = await offWhileAdded(count, { maxRecordingsPerPoll: MAX_PER_POLL });
		const oldestFirst = [...addedAt.entries()].sort((a, b) => a[1] - b[1]).map(([rid]) => rid);
		/** @type {Set<string>} */
		const earlierPages = new Set();
		/** @type {string[]} */
		const all = [];
		const perPoll = [];
		for (let poll = 1; poll <= polls; poll++) {
			await delay(PACER_QUIET_MS);
			const r = await activateAndWait(id);
			await n8n.deactivateWorkflow(id);
			const { keys, ...pages } = pagesOf(r.requests);
			const { ids, ...out } = emitted(r.items, addedAt);
			const expected = oldestFirst.slice(all.length, all.length + MAX_PER_POLL);
			all.push(...ids);
			perPoll.push({
				poll,
				...pages,
				pagesReadInEarlierPolls: keys.filter((key) => earlierPages.has(key)).length,
				...out,
				theNextOldest: ids.length === expected.length && ids.every((rid, i) => rid === expected[i]),
				executionStatus: r.execution.status,
			});
			for (const key of keys) earlierPages.add(key);
		}
		return {
			count,
			maxPerPoll: MAX_PER_POLL,
			perPoll,
			emitted: all.length,
			repeats: all.length - new Set(all).size,
		};
	}

	log(`catchup: warm-up (${WARM_UP} recordings caught up, unmeasured)`);
	await catchUp(WARM_UP);

	const bound = boundMs(pagesFor(COUNT), { alone: 1, latencyMs: LATENCY_MS });
	/** @type {any[]} */
	const perRun = [];
	for (let runNo = 1; runNo <= runs(); runNo++) {
		log(`catchup run ${runNo}: ${COUNT} recordings added while the trigger was off`);
		await delay(PACER_QUIET_MS);
		const r = await catchUp(COUNT);
		const result = {
			run: runNo,
			...r,
			ratios: {
				boundOverActivation: bound / r.activationMs,
				boundOverActivationToLastAnswer: bound / r.activationToLastAnswerMs,
				boundOverPlivoSpan: bound / r.plivoSpanMs,
			},
		};
		log(
			`  activation → execution finished ${fixed(r.activationMs / 1000)} s (→ 1st request ${fixed(r.activationToFirstRequestMs / 1000)}, ` +
				`Plivo ${fixed(r.plivoSpanMs / 1000)}, last answer → execution start ${fixed(r.lastAnswerToExecutionStartMs / 1000)}, ` +
				`execution ${fixed(r.executionMs / 1000)}); bound ${fixed(bound / 1000)} s; requests ${r.requests} (${r.pagesNeeded} needed), ` +
				`pages twice ${r.pagesTwice}, 429s ${r.r429}; ${r.once} of ${COUNT} once, repeats ${r.repeats}, oldest first ${r.oldestFirst}; ` +
				`execution ${r.executionStatus}; ${JSON.stringify(r.at)}; CPU over ${fixed(r.untilSeenMs / 1000)} s: n8n ${fixed(r.n8nCpuMs / 1000)} s, bench + fake ${fixed(r.benchCpuMs / 1000)} s (its event loop busy ${fixed(r.benchBusyMs / 1000)} s); ` +
				`later pages' arrivals spread over ${fixed(r.laterPagesSpreadMs / 1000)} s; n8n peak ${fixed(r.peakMiB, 0)} MiB (before ${fixed(r.rssBeforeMiB, 0)})`,
		);
		perRun.push(result);
	}

	let maxVariant;
	if (MAX_POLLS > 0) {
		log(`catchup: Max Recordings per Poll = ${MAX_PER_POLL}, ${MAX_POLLS} polls over ${COUNT} recordings`);
		await delay(PACER_QUIET_MS);
		maxVariant = await maxPerPollVariant(COUNT, MAX_POLLS);
		for (const p of maxVariant.perPoll)
			log(
				`  poll ${p.poll}: requests ${p.requests}, pages twice ${p.pagesTwice}, read in earlier polls ${p.pagesReadInEarlierPolls}, ` +
					`emitted ${p.itemsOut} (the next oldest: ${p.theNextOldest})`,
			);
	}

	/** @type {Record<string, number>} */
	const medians = {};
	for (const [field, value] of Object.entries(perRun[0]))
		if (typeof value === 'number') medians[field] = median(perRun.map((r) => r[field]));
	/** @type {Record<string, number>} */
	const ratios = {};
	for (const field of Object.keys(perRun[0].ratios)) ratios[field] = median(perRun.map((r) => r.ratios[field]));
	return {
		count: COUNT,
		latencyMs: LATENCY_MS,
		rateLimit: RATE_LIMIT,
		n8n: n8n.version,
		engine: ENGINES[ENGINE].label,
		boundMs: bound,
		medians: { ...medians, ratios },
		perRun,
		maxVariant,
	};
}

/** @param {any} result @returns {string[][]} figure, value, target, met? */
function summarize(result) {
	const m = result.medians;
	const r = m.ratios;
	const s = (/** @type {number} */ ms) => `${fixed(ms / 1000, 2)} s`;
	const n = result.count.toLocaleString('en-US');
	const name = result.engine && result.engine !== ENGINES.default.label ? `catchup [${result.engine}]` : 'catchup';
	const range = (/** @type {(run: any) => number} */ pick) =>
		result.perRun.map((/** @type {any} */ run) => fixed(pick(run), 3)).join(', ');
	const allOnce = result.perRun.every(
		(/** @type {any} */ run) =>
			run.once === result.count &&
			run.repeats === 0 &&
			run.foreign === 0 &&
			run.oldestFirst &&
			run.itemsOut === run.count,
	);
	const noPageTwice = result.perRun.every((/** @type {any} */ run) => run.pagesTwice === 0 && run.r429 === 0);
	const rows = [
		[
			`${name}: New Recording Trigger catching up ${n} recordings added while off: bound / measured, activation → the execution finished (bound ${s(result.boundMs)}, measured ${s(m.activationMs)}; runs ${range((run) => run.ratios.boundOverActivation)})`,
			fixed(r.boundOverActivation, 3),
			'≥ 0.85',
			verdict(r.boundOverActivation >= 0.85),
		],
		[
			`  where it went: activation → 1st request / 1st request → Plivo's last answer / → the execution's start / the execution`,
			`${s(m.activationToFirstRequestMs)} / ${s(m.plivoSpanMs)} / ${s(m.lastAnswerToExecutionStartMs)} / ${s(m.executionMs)}`,
			'report',
			'',
		],
		[
			`  CPU from the activation until the bench saw the execution finished (${s(m.untilSeenMs)}): n8n / the bench with the fake Plivo`,
			`${s(m.n8nCpuMs)} / ${s(m.benchCpuMs)}`,
			'report',
			'',
		],
		[
			`  bound / measured, the reading alone: 1st request → Plivo's last answer (runs ${range((run) => run.ratios.boundOverPlivoSpan)})`,
			fixed(r.boundOverPlivoSpan, 3),
			'report',
			'',
		],
		[
			`${name}: list requests (pages needed: ${result.perRun[0].pagesNeeded}), pages asked twice, 429s`,
			`${m.requests}, ${m.pagesTwice}, ${m.r429}`,
			`${result.perRun[0].pagesNeeded}, 0, 0`,
			verdict(noPageTwice && result.perRun.every((/** @type {any} */ run) => run.requests === run.pagesNeeded)),
		],
		[
			`${name}: the ${n} recordings in one execution`,
			`${m.once} once, ${m.repeats} repeats, oldest first in ${result.perRun.filter((/** @type {any} */ run) => run.oldestFirst).length} of ${result.perRun.length} runs`,
			'each once, oldest first',
			verdict(allOnce),
		],
		[
			`${name}: n8n's peak memory (resident) during the catch-up, and before it`,
			`${fixed(m.peakMiB, 0)} MiB (${fixed(m.rssBeforeMiB, 0)} MiB before)`,
			'report',
			'',
		],
	];
	const v = result.maxVariant;
	if (v) {
		const polls = v.perPoll;
		rows.push([
			`${name}: Max Recordings per Poll = ${v.maxPerPoll}, ${polls.length} polls over ${v.count.toLocaleString('en-US')}: requests per poll; pages asked twice in a poll`,
			`${polls.map((/** @type {any} */ p) => p.requests).join(', ')}; ${polls.map((/** @type {any} */ p) => p.pagesTwice).join(', ')}`,
			'report; 0',
			verdict(polls.every((/** @type {any} */ p) => p.pagesTwice === 0 && p.r429 === 0)),
		]);
		rows.push([
			`  each poll emits the next ${v.maxPerPoll} oldest, once`,
			`${polls.filter((/** @type {any} */ p) => p.theNextOldest).length} of ${polls.length} polls; ${v.repeats} repeats`,
			'all; 0',
			verdict(polls.every((/** @type {any} */ p) => p.theNextOldest) && v.repeats === 0),
		]);
	}
	return rows;
}

/**
 * The per-run tables of a catchup result, for bench/report.js.
 * @param {any} result @returns {Array<{ header: string[], rows: unknown[][] }>}
 */
function perRunTables(result) {
	const s = (/** @type {number} */ ms) => (Number.isFinite(ms) ? fixed(ms / 1000, 2) : '—');
	const tables = [
		{
			header: [
				'run',
				'load 1 min',
				'execution',
				'activation → execution finished (s)',
				'activation → 1st request (s)',
				'1st request → last answer (s)',
				'last answer → execution start (s)',
				'execution start → stop (s)',
				'first window sent over (s)',
				'bound / measured',
				'bound / reading',
				'requests (needed)',
				'pages twice',
				'429s',
				'max in 5 s',
				'CPU s until seen finished: n8n / bench + fake (over s)',
				'recordings once / repeats / oldest first',
				'n8n peak MiB (before)',
			],
			rows: result.perRun.map((/** @type {any} */ r) => [
				r.run,
				r.loadavg,
				r.executionStatus,
				s(r.activationMs),
				s(r.activationToFirstRequestMs),
				s(r.plivoSpanMs),
				s(r.lastAnswerToExecutionStartMs),
				s(r.executionMs),
				s(r.windowSpreadMs),
				fixed(r.ratios.boundOverActivation, 3),
				fixed(r.ratios.boundOverPlivoSpan, 3),
				`${r.requests} (${r.pagesNeeded})`,
				r.pagesTwice,
				r.r429,
				r.maxInWindow,
				`${s(r.n8nCpuMs)} / ${s(r.benchCpuMs)} (${s(r.untilSeenMs)})`,
				`${r.once} / ${r.repeats} / ${r.oldestFirst ? 'yes' : 'NO'}`,
				`${fixed(r.peakMiB, 0)} (${fixed(r.rssBeforeMiB, 0)})`,
			]),
		},
	];
	if (result.maxVariant)
		tables.push({
			header: [
				`poll (Max Recordings per Poll = ${result.maxVariant.maxPerPoll})`,
				'execution',
				'requests',
				'pages',
				'pages twice',
				'pages read in earlier polls',
				'429s',
				'emitted',
				'the next oldest, in order',
			],
			rows: result.maxVariant.perPoll.map((/** @type {any} */ p) => [
				p.poll,
				p.executionStatus,
				p.requests,
				p.pages,
				p.pagesTwice,
				p.pagesReadInEarlierPolls,
				p.r429,
				p.itemsOut,
				p.theNextOldest ? 'yes' : 'NO',
			]),
		});
	return tables;
}

module.exports = { run, summarize, perRunTables };
