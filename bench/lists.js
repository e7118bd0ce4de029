// @ts-check
'use strict';
/**
 * Part "lists": Plivo's lists at Plivo's pace, against the fake Plivo answering after 200 ms
 * with Plivo's limit (300 requests per 5 s sliding window, answered 429 beyond):
 *
 *   Get Many, Return All, over 10,000 recordings (500 pages of 20), while a new recording
 *   arrives every 50 ms (Plivo lists newest first by offset, so each arrival shifts the later
 *   pages by one):
 *     package     this package's Get Many: page 1, then every other page at once through the
 *                 account's pacer, pinned to what page 1 saw
 *     before      the same node at BENCH_LISTS_BEFORE (default aef8c24, the last commit that
 *                 read one page after the other, each waiting for the previous answer)
 *     httpPaging  n8n's HTTP Request node with its own pagination option, as a user sets it up
 *                 for Plivo: `offset` = {{ $pageCount * 20 }}, complete when meta.next is null
 *   Delete over 1,200 recordings (Webhook → Split Out → the contender):
 *     package     this package's Delete, paced
 *     httpStop    n8n's HTTP Request node, DELETE, default settings
 *
 * Each contender is a workflow (Webhook, answering when the last node is done → the contender)
 * in its own real n8n: the work tree's package and the earlier one cannot share an n8n (same
 * package name), so two n8n processes run side by side, both on the one fake Plivo. The
 * contenders run one after the other, their order reversed every other run, each after the
 * pacer's quiet time, each on a freshly seeded account.
 *
 * The bound: the fastest schedule Plivo's limit allows (a request counted when it arrives).
 * For a list, page 1 goes alone (its answer says how many there are), then the rest as the
 * window allows: for 10,000 recordings, 1 page at 0, 299 at 0.2 s, 1 at 5.0 s, 199 at 5.2 s,
 * the last answered at 5.4 s. For 1,200 deletes, 300 at 0, 5, 10 and 15 s: 15.2 s.
 * Measured against it: from the contender node's start (n8n's runData startTime) to Plivo's
 * last answer. The peak memory is the n8n process's resident set (VmHWM, reset before each
 * run through /proc/<pid>/clear_refs), next to what it held just before.
 */
const { randomUUID } = require('node:crypto');
const { AUTH_ID, ENGINES, PACER_QUIET_MS, RATE_LIMIT, engineList, startEnv, packCommit } = require('./lib/setup');
const { webhookNode, splitOutNode } = require('../tools/workflows');
const { PACKAGE } = require('./lib/callbacks');
const { median, fixed, delay, positiveInt, runs, verdict, log, loadavg } = require('./lib/util');
const { newestExecutionId, nextFinishedExecution } = require('./lib/executions');
const { boundMs: limitBoundMs, windowSpread } = require('./lib/plivoLimit');
const { memoryOf } = require('./lib/memory');

const RECORDINGS = positiveInt('BENCH_LISTS_RECORDINGS', 10_000);
const DELETES = positiveInt('BENCH_LISTS_DELETES', 1200);
const LATENCY_MS = positiveInt('BENCH_LISTS_LATENCY_MS', 200);
const ARRIVAL_MS = positiveInt('BENCH_LISTS_ARRIVAL_MS', 50);
const BEFORE = process.env.BENCH_LISTS_BEFORE || 'aef8c24';
/** 'getMany' or 'delete' to measure one of the two (default: both). */
const ONLY = process.env.BENCH_LISTS_ONLY ?? '';
/** The expression engine of both n8n (a key of ENGINES, default n8n's own). */
const ENGINE = engineList(process.env.BENCH_LISTS_ENGINE, 'default')[0];
/** Plivo's largest page. */
const PAGE_SIZE = 20;
/** Seeded recordings are this far apart, all inside Plivo's default 7-day search. */
const SEED_SPACING_MS = 30_000;

/** The contender node of each workflow, by contender. */
const NODE_NAME = {
	package: 'Plivo Recording',
	before: 'Plivo Recording',
	httpPaging: 'HTTP Request',
	httpStop: 'HTTP Request',
};

/**
 * The fastest schedule Plivo's limit allows for `count` requests at this part's latency
 * (bench/lib/plivoLimit.js).
 * @param {number} count @param {{ alone?: number }} [options]
 */
const boundMs = (count, { alone = 0 } = {}) => limitBoundMs(count, { alone, latencyMs: LATENCY_MS });

/**
 * Webhook (answers once the last node is done, without a body) → [Split Out →] the contender.
 * @param {string} name @param {Record<string, any>} node @param {string} [splitField]
 */
function workflow(name, node, splitField) {
	const path = `bench-lists-${name}-${randomUUID().slice(0, 8)}`;
	/** @type {Array<Record<string, any>>} */
	const chain = [webhookNode(path, { responseMode: 'lastNode', responseData: 'noData' })];
	if (splitField) chain.push(splitOutNode(splitField));
	const nodes = [...chain, { id: randomUUID(), position: [440, 0], ...node }];
	/** @type {Record<string, any>} */
	const connections = {};
	for (let i = 0; i + 1 < nodes.length; i++)
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return { path, workflow: { name: `bench lists ${name}`, nodes, connections, settings: { executionOrder: 'v1' } } };
}

/** @param {import('./lib/setup').CredentialRef} credential @param {Record<string, any>} parameters */
const packageNode = (credential, parameters) => ({
	name: NODE_NAME.package,
	type: `${PACKAGE}.plivoRecording`,
	typeVersion: 1,
	parameters: { resource: 'recording', ...parameters },
	credentials: { plivoRecordingApi: credential },
});

/**
 * n8n's HTTP Request node (4.5, what the editor adds) with the Basic auth credential a user
 * makes for Plivo.
 * @param {import('./lib/setup').CredentialRef} credential @param {Record<string, any>} parameters
 */
const httpNode = (credential, parameters) => ({
	name: NODE_NAME.httpPaging,
	type: 'n8n-nodes-base.httpRequest',
	typeVersion: 4.5,
	parameters: { authentication: 'genericCredentialType', genericAuthType: 'httpBasicAuth', options: {}, ...parameters },
	credentials: { httpBasicAuth: credential },
});

/**
 * What one contender's run saw: its execution, the node's output, the fake's requests.
 * @typedef {{
 *   contender: string, executionStatus: string, httpStatus: number, nodeMs: number,
 *   nodeExecutionMs: number, nodeToFirstRequestMs: number, plivoSpanMs: number, requests: number,
 *   r429: number, maxInWindow: number, rssBeforeMiB: number, peakMiB: number,
 *   [key: string]: any,
 * }} RunResult
 */

async function run() {
	if (!['', 'getMany', 'delete'].includes(ONLY)) throw new Error('BENCH_LISTS_ONLY: getMany or delete');
	// The package before is a contender of Get Many only.
	const packed = ONLY === 'delete' ? undefined : await packCommit(BEFORE);
	const current = await startEnv({ engine: ENGINE });
	const { fake } = current;
	/** @type {import('./lib/setup').Env | undefined} */
	let before;
	try {
		if (packed) before = await startEnv({ engine: ENGINE, tarball: packed.tarball, fake });
		return await measure(current, before, packed?.commit);
	} finally {
		await before?.stop();
		await current.stop();
	}
}

/**
 * @param {import('./lib/setup').Env} current @param {import('./lib/setup').Env | undefined} before
 * @param {string | undefined} beforeCommit
 */
async function measure(current, before, beforeCommit) {
	const { fake } = current;
	fake.setLatency(LATENCY_MS);
	fake.setRateLimit({ ...RATE_LIMIT });
	const listPath = `/v1/Account/${AUTH_ID}/Recording/`;
	const listUrl = `${fake.baseUrl}${listPath}`;

	const getMany = { resource: 'recording', operation: 'getAll', returnAll: true };
	/** @type {Record<string, { env: import('./lib/setup').Env, path: string, id?: string, workflow: any }>} */
	const flows = {
		package: { env: current, ...workflow('package-get-many', packageNode(current.plivoCredential, getMany)) },
		...(before && {
			before: { env: before, ...workflow('before-get-many', packageNode(before.plivoCredential, getMany)) },
		}),
		httpPaging: {
			env: current,
			...workflow(
				'http-paging',
				httpNode(current.basicCredential, {
					method: 'GET',
					url: listUrl,
					sendQuery: true,
					queryParameters: { parameters: [{ name: 'limit', value: String(PAGE_SIZE) }] },
					options: {
						pagination: {
							pagination: {
								paginationMode: 'updateAParameterInEachRequest',
								parameters: { parameters: [{ type: 'qs', name: 'offset', value: `={{ $pageCount * ${PAGE_SIZE} }}` }] },
								paginationCompleteWhen: 'other',
								completeExpression: '={{ $response.body.meta.next === null }}',
							},
						},
					},
				}),
			),
		},
		packageDelete: {
			env: current,
			...workflow(
				'package-delete',
				packageNode(current.plivoCredential, { operation: 'delete', recordingId: '={{ $json.id }}' }),
				'body.recordings',
			),
		},
		httpStop: {
			env: current,
			...workflow(
				'http-delete',
				httpNode(current.basicCredential, { method: 'DELETE', url: `=${listUrl}{{ $json.id }}/` }),
				'body.recordings',
			),
		},
	};
	const listKeys = ONLY === 'delete' ? [] : ['package', 'before', 'httpPaging'];
	const deleteKeys = ONLY === 'getMany' ? [] : ['packageDelete', 'httpStop'];
	for (const flow of [...listKeys, ...deleteKeys].map((key) => flows[key])) {
		const created = await flow.env.n8n.createWorkflow(flow.workflow);
		await flow.env.n8n.activateWorkflow(created.id);
		flow.id = created.id;
	}

	/**
	 * A fresh account of `count` finished recordings, the newest a minute old, then `SEED_SPACING_MS` apart.
	 * @param {number} count @returns {Set<string>} their IDs
	 */
	function seed(count) {
		fake.reset();
		const newest = Date.now() - 60_000;
		const ids = new Set();
		for (let i = 0; i < count; i++)
			ids.add(fake.addRecording({ addedAt: newest - i * SEED_SPACING_MS, conferenceName: `bench-${i}` }).recordingId);
		return ids;
	}

	/**
	 * Calls the flow's webhook and returns its finished execution, with the contender node's run.
	 * @param {string} key @param {unknown} body
	 */
	async function execute(key, body) {
		const flow = flows[key];
		const n8n = flow.env.n8n;
		const previous = await newestExecutionId(n8n, /** @type {string} */ (flow.id));
		const response = await fetch(n8n.webhookUrl(flow.path), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		await response.arrayBuffer();
		const execution = await nextFinishedExecution(n8n, /** @type {string} */ (flow.id), previous);
		const nodeName = NODE_NAME[/** @type {keyof typeof NODE_NAME} */ (key.replace('Delete', ''))];
		const nodeRun = execution.data?.resultData?.runData?.[nodeName]?.[0];
		return { httpStatus: response.status, status: execution.status, nodeRun };
	}

	/**
	 * Runs one contender on a seeded account and reads what it did.
	 * @param {string} key @param {{ recordings: number, arrivals: boolean }} setup
	 * @returns {Promise<RunResult>}
	 */
	async function once(key, { recordings, arrivals }) {
		const isDelete = key === 'packageDelete' || key === 'httpStop';
		const { env } = flows[key];
		// The account's pacer lives in the n8n process and keeps a request's slot until 5 s after
		// its answer; the fake's window is reset with the account.
		await delay(PACER_QUIET_MS);
		const originals = seed(recordings);
		const memory = memoryOf(env.n8n.pid);
		const rssBeforeMiB = memory.rssMiB();
		memory.resetPeak();
		/** @type {Map<string, number>} the recordings that arrived meanwhile, by ID: when */
		const arrivedAt = new Map();
		const arrivalTimer = arrivals
			? setInterval(() => {
					const rec = fake.addRecording({ conferenceName: `arrival-${arrivedAt.size + 1}` });
					arrivedAt.set(rec.recordingId, rec.addedAt);
				}, ARRIVAL_MS)
			: undefined;
		let result;
		try {
			result = await execute(key, isDelete ? { recordings: [...originals].map((id) => ({ id })) } : {});
		} finally {
			clearInterval(arrivalTimer);
		}
		const peakMiB = memory.peakMiB();

		const seen = fake.requests.filter((request) => request.path.startsWith(listPath));
		const arrivalsAt = seen.map((request) => request.at);
		const firstArrival = Math.min(...arrivalsAt);
		const lastAnswered = Math.max(...arrivalsAt) + LATENCY_MS;
		const nodeStart = Number(result.nodeRun?.startTime);
		/** @type {any[]} */
		const items = result.nodeRun?.data?.main?.[0] ?? [];
		const common = {
			contender: key,
			executionStatus: result.status,
			httpStatus: result.httpStatus,
			nodeMs: lastAnswered - nodeStart,
			nodeExecutionMs: Number(result.nodeRun?.executionTime),
			nodeToFirstRequestMs: firstArrival - nodeStart,
			plivoSpanMs: lastAnswered - firstArrival,
			// How long n8n took to put a window's worth of requests on the wire at once (0 in the
			// bound): from the first to the last arrival of the first full window (after page 1).
			windowSpreadMs: windowSpread(arrivalsAt, isDelete ? 0 : 1),
			requests: seen.length,
			r429: seen.filter((request) => request.status === 429).length,
			maxInWindow: fake.stats().maxInWindow,
			rssBeforeMiB,
			peakMiB,
			loadavg: loadavg()[0],
		};
		if (isDelete) {
			const left = new Set(fake.recordings.map((recording) => recording.recordingId));
			return {
				...common,
				items: originals.size,
				deleted: [...originals].filter((id) => !left.has(id)).length,
				itemsOut: items.length,
			};
		}
		// The package outputs one item per recording; the HTTP Request node one per page.
		const ids = items.flatMap((item) =>
			Array.isArray(item.json?.objects)
				? item.json.objects.map((/** @type {any} */ o) => o.recording_id)
				: [item.json?.recording_id],
		);
		/** @type {Map<string, number>} */
		const times = new Map();
		for (const id of ids) times.set(id, (times.get(id) ?? 0) + 1);
		const unique = new Set(ids);
		const originalsOut = [...unique].filter((id) => originals.has(id)).length;
		// A recording that arrived before page 1 was read is in the list's snapshot; one that
		// arrived after it is not.
		const arrivalsOut = [...unique].filter((id) => arrivedAt.has(id));
		return {
			...common,
			items: originals.size,
			arrived: arrivedAt.size,
			itemsOut: items.length,
			recordingsOut: ids.length,
			originalsOnce: [...originals].filter((id) => times.get(id) === 1).length,
			missing: originals.size - originalsOut,
			duplicates: ids.length - unique.size,
			arrivalsOut: arrivalsOut.length,
			arrivalsAfterPage1Out: arrivalsOut.filter((id) => Number(arrivedAt.get(id)) > firstArrival).length,
		};
	}

	log('lists: warm-up (200 recordings listed, 20 deleted, through each workflow)');
	for (const key of listKeys) await once(key, { recordings: 200, arrivals: false });
	for (const key of deleteKeys) await once(key, { recordings: 20, arrivals: false });

	const listBound = boundMs(Math.ceil(RECORDINGS / PAGE_SIZE), { alone: 1 });
	const deleteBound = boundMs(DELETES);
	/** @type {any[]} */
	const perRun = [];
	for (let runNo = 1; runNo <= runs(); runNo++) {
		const flip = (/** @type {string[]} */ keys) => (runNo % 2 === 1 ? keys : [...keys].reverse());
		/** @type {Record<string, any>} */
		const results = { run: runNo, loadavg: loadavg(), order: [...flip(listKeys), ...flip(deleteKeys)] };
		for (const key of results.order) {
			const isDelete = deleteKeys.includes(key);
			log(`lists run ${runNo}: ${key} (${isDelete ? `${DELETES} deletes` : `${RECORDINGS} recordings`})`);
			const r = (results[key] = await once(key, {
				recordings: isDelete ? DELETES : RECORDINGS,
				arrivals: !isDelete,
			}));
			log(
				`  node → last answer ${fixed(r.nodeMs / 1000)} s, requests ${r.requests}, 429s ${r.r429}, ` +
					(isDelete
						? `deleted ${r.deleted} of ${r.items}`
						: `originals once ${r.originalsOnce}, missing ${r.missing}, duplicates ${r.duplicates}, arrived ${r.arrived}`) +
					`, execution ${r.executionStatus}, n8n peak ${fixed(r.peakMiB, 0)} MiB (before ${fixed(r.rssBeforeMiB, 0)})`,
			);
		}
		results.ratios = {};
		if (results.package) {
			results.ratios.listBoundOverNode = listBound / results.package.nodeMs;
			results.ratios.beforeOverPackage = results.before.nodeMs / results.package.nodeMs;
			results.ratios.httpPagingOverPackage = results.httpPaging.nodeMs / results.package.nodeMs;
		}
		if (results.packageDelete) results.ratios.deleteBoundOverNode = deleteBound / results.packageDelete.nodeMs;
		perRun.push(results);
	}

	/** @type {Record<string, any>} */
	const medians = {};
	for (const key of [...listKeys, ...deleteKeys, 'ratios']) {
		medians[key] = {};
		for (const field of Object.keys(perRun[0][key]))
			if (typeof perRun[0][key][field] === 'number') medians[key][field] = median(perRun.map((r) => r[key][field]));
	}
	return {
		recordings: RECORDINGS,
		deletes: DELETES,
		latencyMs: LATENCY_MS,
		arrivalMs: ARRIVAL_MS,
		rateLimit: RATE_LIMIT,
		beforeCommit,
		n8n: current.n8n.version,
		engine: ENGINES[ENGINE].label,
		listBoundMs: listBound,
		deleteBoundMs: deleteBound,
		medians,
		perRun,
	};
}

/** @param {any} result @returns {string[][]} figure, value, target, met? */
function summarize(result) {
	const m = result.medians;
	const r = m.ratios;
	const s = (/** @type {number} */ ms) => `${fixed(ms / 1000, 1)} s`;
	const n = result.recordings.toLocaleString('en-US');
	const once = (/** @type {any} */ c) =>
		`${c.originalsOnce} once, ${c.missing} missing, ${c.duplicates} repeats; ${c.arrivalsAfterPage1Out} of the ${c.arrived} that arrived meanwhile listed though added after page 1`;
	// Rows name the engine unless it is n8n's default.
	const name = result.engine && result.engine !== ENGINES.default.label ? `lists [${result.engine}]` : 'lists';
	return [...(m.package ? getManyRows() : []), ...(m.packageDelete ? deleteRows() : [])].map(([figure, ...rest]) => [
		figure.replace(/^lists:/, `${name}:`),
		...rest,
	]);

	function getManyRows() {
		const exact = m.package.originalsOnce === result.recordings && m.package.duplicates === 0;
		return [
			[
				`lists: Get Many, Return All, ${n} recordings: bound / measured, node start → last Plivo answer (bound ${s(result.listBoundMs)}, measured ${s(m.package.nodeMs)})`,
				fixed(r.listBoundOverNode, 3),
				'≥ 0.85',
				verdict(r.listBoundOverNode >= 0.85),
			],
			[`lists: Get Many, 429s`, String(m.package.r429), '0', verdict(m.package.r429 === 0)],
			[
				`lists: Get Many while a recording arrives every ${result.arrivalMs} ms: the ${n} recordings`,
				once(m.package),
				'each once',
				verdict(exact && m.package.arrivalsAfterPage1Out === 0),
			],
			[
				`lists: Get Many, n8n's peak memory (resident) during the run, and before it`,
				`${fixed(m.package.peakMiB, 0)} MiB (${fixed(m.package.rssBeforeMiB, 0)} MiB before)`,
				'report',
				'',
			],
			[
				`vs the package before (${result.beforeCommit}, one page after the other): time, ${s(m.before.nodeMs)} vs ${s(m.package.nodeMs)}`,
				`${fixed(r.beforeOverPackage, 1)}×`,
				'—',
				'',
			],
			[`  the package before: the ${n} recordings`, once(m.before), '—', ''],
			[
				`vs HTTP Request node with its pagination (offset += 20 until meta.next is null): time, ${s(m.httpPaging.nodeMs)} vs ${s(m.package.nodeMs)}`,
				`${fixed(r.httpPagingOverPackage, 1)}×`,
				'—',
				'',
			],
			[`  HTTP Request node: the ${n} recordings`, once(m.httpPaging), '—', ''],
			[
				`  n8n's peak memory, package before / HTTP Request node`,
				`${fixed(m.before.peakMiB, 0)} / ${fixed(m.httpPaging.peakMiB, 0)} MiB`,
				'',
				'',
			],
		];
	}

	function deleteRows() {
		return [
			[
				`lists: Delete, ${result.deletes} items: bound / measured, node start → last Plivo answer (bound ${s(result.deleteBoundMs)}, measured ${s(m.packageDelete.nodeMs)})`,
				fixed(r.deleteBoundOverNode, 3),
				'≥ 0.9',
				verdict(r.deleteBoundOverNode >= 0.9),
			],
			[
				`lists: Delete, 429s; recordings deleted (of ${result.deletes})`,
				`${m.packageDelete.r429}; ${m.packageDelete.deleted}`,
				`0; ${result.deletes}`,
				verdict(m.packageDelete.r429 === 0 && m.packageDelete.deleted === result.deletes),
			],
			[
				`vs HTTP Request node, DELETE, default settings: recordings deleted by one run`,
				`${m.httpStop.deleted} of ${result.deletes} (execution ${result.perRun[0].httpStop.executionStatus})`,
				'—',
				'',
			],
		];
	}
}

/**
 * The per-run table of a lists result, for bench/report.js.
 * @param {any} result @returns {{ header: string[], rows: unknown[][] }}
 */
function perRunTable(result) {
	const s = (/** @type {number} */ ms) => (Number.isFinite(ms) ? fixed(ms / 1000, 2) : '—');
	const rows = [];
	for (const runResult of result.perRun) {
		for (const key of runResult.order) {
			const c = runResult[key];
			rows.push([
				runResult.run,
				c.loadavg,
				key,
				c.executionStatus,
				s(c.nodeMs),
				s(c.nodeToFirstRequestMs),
				s(c.plivoSpanMs),
				s(c.windowSpreadMs),
				c.requests,
				c.r429,
				c.maxInWindow,
				c.deleted ?? `${c.originalsOnce} / ${c.missing} / ${c.duplicates} / ${c.arrivalsAfterPage1Out} of ${c.arrived}`,
				`${fixed(c.peakMiB, 0)} (${fixed(c.rssBeforeMiB, 0)})`,
			]);
		}
	}
	return {
		header: [
			'run',
			'load 1 min',
			'contender',
			'execution',
			'node start → last answer (s)',
			'node start → 1st request (s)',
			'1st request → last answer (s)',
			'first window sent over (s)',
			'requests',
			'429s',
			'max in 5 s',
			'deleted, or: originals once / missing / repeats / arrivals after page 1 listed, of those arrived',
			'n8n peak MiB (before)',
		],
		rows,
	};
}

module.exports = { run, summarize, perRunTable, boundMs };
