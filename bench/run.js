#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * `npm run bench` — every part; `node bench/run.js signature|footprint|pacing|burst|trigger|lists|catchup|queue …` — some.
 *   signature  µs per signature check (no n8n)
 *   footprint  runtime dependencies, tarball, time to load the nodes (no n8n)
 *   pacing     1,200 items: the package's action vs the HTTP Request node, fake Plivo (one n8n)
 *   burst      900 one-item executions at once against the fake Plivo's 300 / 5 s: in the
 *              engine harness (n8n-core in this process), and in a real n8n once per engine in
 *              BENCH_BURST_ENGINES (default "default")
 *   trigger    2,000 callbacks: the package's trigger vs the Webhook node, once per expression
 *              engine in BENCH_TRIGGER_ENGINES (default "default,legacy,lazy"), each its own n8n
 *   lists      Get Many over 10,000 recordings and Delete over 1,200 items at Plivo's limit and
 *              200 ms: the package vs itself before (one page after the other) and the HTTP
 *              Request node (its pagination; DELETE), two n8n of its own (bench/lists.js)
 *   catchup    the New Recording Trigger catching up 20,000 recordings added while it was off,
 *              at Plivo's limit and 200 ms, in one n8n of its own (bench/catchup.js)
 *   queue      5,000 callbacks through queue mode (bench/queue.js), 1 and 2 workers
 * Prints progress on stderr, then the machine and a summary table (figure, value, target, met?)
 * on stdout. Every run's raw figures go to bench/results/<UTC date-time>-<parts>.json (BENCH_OUT
 * names another file), and bench/report.js's Markdown of them beside it, the same name in .md.
 * Env: BENCH_RUNS (3), N8N_VERSION (the e2e suite's), BENCH_PACING_ITEMS (1200), BENCH_PACING_ENGINE
 * (one; default "default"), BENCH_CALLBACKS (2000), BENCH_CONCURRENCY (32), BENCH_TRIGGER_ENGINES, BENCH_BURST_ENGINES,
 * BENCH_BURST_EXECUTIONS (900), BENCH_BURST_CONCURRENCY (all at once), BENCH_SIG_ITERATIONS,
 * BENCH_LOAD_RUNS, and bench/lists.js's BENCH_LISTS_*, bench/catchup.js's BENCH_CATCHUP_* and bench/queue.js's BENCH_QUEUE_*. Engines: default (n8n's own, 2.41: vm),
 * legacy, lazy (vm with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true), vm.
 */
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { promisify } = require('node:util');
const { ROOT, machine, productCommit, table, runs, log, loadavg, nowMs, fixed } = require('./lib/util');
const { render, writeResultsIndex, RESULTS } = require('./report');

const signaturePart = require('./signature');
const footprintPart = require('./footprint');
const pacingPart = require('./pacing');
const burstPart = require('./burst');
const triggerPart = require('./trigger');
const queuePart = require('./queue');
const listsPart = require('./lists');
const catchupPart = require('./catchup');
const { startEnv, ENGINES, engineList } = require('./lib/setup');
const { installN8n } = require('../tools/n8n');

const PARTS = ['signature', 'footprint', 'pacing', 'burst', 'trigger', 'lists', 'catchup', 'queue'];
const SUMMARY_HEADER = ['figure (median of runs; ratios taken per run)', 'value', 'target', 'met?'];

async function main() {
	const asked = process.argv.slice(2);
	const unknown = asked.filter((part) => !PARTS.includes(part));
	if (unknown.length) {
		process.stderr.write(`unknown part(s): ${unknown.join(', ')}; choose from ${PARTS.join(', ')}\n`);
		process.exit(2);
	}
	const parts = asked.length ? PARTS.filter((part) => asked.includes(part)) : PARTS;
	const triggerEngines = parts.includes('trigger')
		? engineList(process.env.BENCH_TRIGGER_ENGINES, 'default,legacy,lazy')
		: [];
	const burstEngines = parts.includes('burst') ? engineList(process.env.BENCH_BURST_ENGINES, 'default') : [];
	// One engine: the pacing part's results hold one n8n's figures.
	const pacingEngines = parts.includes('pacing') ? engineList(process.env.BENCH_PACING_ENGINE, 'default') : [];
	if (pacingEngines.length > 1) throw new Error('BENCH_PACING_ENGINE takes one engine');
	const started = nowMs();
	/** @type {Record<string, any>} */
	const results = {
		command: `node bench/run.js${asked.length ? ` ${asked.join(' ')}` : ''}`,
		// Taken before `npm run build` below, which compiles what is measured.
		commit: productCommit(),
		// The settings that change what is measured (BENCH_OUT only says where this file goes).
		env: Object.fromEntries(
			Object.entries(process.env).filter(
				([key]) => (key.startsWith('BENCH_') && key !== 'BENCH_OUT') || key === 'N8N_VERSION',
			),
		),
		date: new Date().toISOString(),
		machine: machine(),
		runs: runs(),
		parts: {},
		/** @type {Record<string, number>} seconds each part took, n8n starts included */
		partSeconds: {},
	};
	log(`parts: ${parts.join(', ')}; ${results.runs} run(s); load average ${loadavg().join(' / ')}`);

	log('npm run build');
	await promisify(execFile)('npm', ['run', 'build'], { cwd: ROOT });

	const stamp = results.date.replace(/:/g, '').replace(/\.\d+Z$/, 'Z'); // 2026-11-29T152315Z
	const out =
		process.env.BENCH_OUT ||
		path.join(ROOT, 'bench', 'results', `${stamp}-${asked.length ? parts.join('-') : 'all'}.json`);
	const outMarkdown = `${out.replace(/\.json$/, '')}.md`;
	fs.mkdirSync(path.dirname(out), { recursive: true });
	log(`results: ${out}`);
	// Written after every part, so a later part that fails does not lose the earlier figures.
	const save = () => fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
	/** @type {Array<Array<string>>} */
	const summary = [];
	/**
	 * Runs one part, keeps its time, its summary rows and the results file up to date.
	 * @param {string} name @param {() => Promise<Array<Array<string>>>} body
	 */
	async function part(name, body) {
		const t0 = nowMs();
		try {
			summary.push(...(await body()));
		} finally {
			results.partSeconds[name] = Number(((results.partSeconds[name] ?? 0) + (nowMs() - t0) / 1000).toFixed(1));
			save();
		}
	}

	if (parts.includes('signature')) {
		await part('signature', async () =>
			signaturePart.summarize((results.parts.signature = await signaturePart.runSignature())),
		);
	}
	if (parts.includes('footprint')) {
		await part('footprint', async () =>
			footprintPart.summarize((results.parts.footprint = await footprintPart.runFootprint())),
		);
	}

	// The burst's engine-harness half needs no n8n server: it runs first, in this process.
	if (parts.includes('burst')) {
		await part('burst', async () => {
			results.parts.burst = { engine: await burstPart.runEngineBurst(), n8n: {} };
			return [];
		});
	}

	// Pacing runs in n8n with one engine (its default unless BENCH_PACING_ENGINE); the burst and the
	// trigger once per engine, each in its own n8n (the engine is set when n8n starts), shared
	// between the parts.
	const envEngines = [...new Set([...pacingEngines, ...burstEngines, ...triggerEngines])];
	if (envEngines.length) {
		try {
			const { nodeBin } = await installN8n(process.env.N8N_VERSION);
			results.machine.n8nNode = (await promisify(execFile)(path.join(nodeBin, 'node'), ['--version'])).stdout.trim();
		} catch {
			// reported as unknown
		}
	}
	for (const engine of envEngines) {
		const t0 = nowMs();
		const env = await startEnv({ engine });
		results.machine.n8n = env.n8n.version;
		// Each part's time includes its share of the n8n start (added below to the first part run).
		let startSeconds = (nowMs() - t0) / 1000;
		const charge = (/** @type {string} */ name) => {
			results.partSeconds[name] = Number(((results.partSeconds[name] ?? 0) + startSeconds).toFixed(1));
			startSeconds = 0;
		};
		try {
			if (pacingEngines.includes(engine)) {
				charge('pacing');
				await part('pacing', async () => {
					results.parts.pacing = { engine: ENGINES[engine].label, ...(await pacingPart.runPacing(env)) };
					return pacingPart.summarize(results.parts.pacing);
				});
			}
			if (burstEngines.includes(engine)) {
				charge('burst');
				await part('burst', async () => {
					results.parts.burst.n8n[engine] = { label: ENGINES[engine].label, ...(await burstPart.runN8nBurst(env)) };
					return [];
				});
			}
			if (triggerEngines.includes(engine)) {
				charge('trigger');
				await part('trigger', async () => {
					const trigger = (results.parts.trigger ??= { engines: {} });
					trigger.engines[engine] = {
						engine,
						label: ENGINES[engine].label,
						n8nStartMs: env.n8n.startMs,
						...(await triggerPart.runTrigger(env, engine)),
					};
					return triggerPart.summarize(trigger.engines[engine], ENGINES[engine].label);
				});
			}
		} finally {
			await env.stop();
		}
	}

	if (results.parts.burst) summary.push(...burstPart.summarize(results.parts.burst));
	// Two n8n of its own (the package now and before), side by side on one fake Plivo.
	if (parts.includes('lists')) {
		await part('lists', async () => listsPart.summarize((results.parts.lists = await listsPart.run())));
	}
	// One n8n of its own: the trigger's catch-up.
	if (parts.includes('catchup')) {
		await part('catchup', async () => catchupPart.summarize((results.parts.catchup = await catchupPart.run())));
	}
	if (parts.includes('queue')) {
		await part('queue', async () => queuePart.summarize((results.parts.queue = await queuePart.run())));
	}
	results.machine.loadavgAtEnd = loadavg();
	results.totalSeconds = Number(((nowMs() - started) / 1000).toFixed(1));
	save();
	fs.writeFileSync(outMarkdown, render(results));
	if (path.dirname(outMarkdown) === RESULTS) writeResultsIndex();

	const m = results.machine;
	process.stdout.write(
		[
			'',
			`machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.os}`,
			`node: ${m.node} (bench)${m.n8n ? `, n8n ${m.n8n} on ${m.n8nNode ?? 'unknown'}` : ''}`,
			`load average (1/5/15 min): start ${m.loadavgAtStart.join(' / ')}, end ${m.loadavgAtEnd.join(' / ')}`,
			`command: ${results.command}, BENCH_RUNS=${results.runs}${
				Object.keys(results.env).length
					? ` (${Object.entries(results.env)
							.map(([k, v]) => `${k}=${v}`)
							.join(' ')})`
					: ''
			}`,
			`took ${fixed(results.totalSeconds, 0)} s: ${Object.entries(results.partSeconds)
				.map(([name, s]) => `${name} ${fixed(s, 0)} s`)
				.join(', ')}`,
			`product code: ${results.commit}`,
			`results: ${out} (raw), ${outMarkdown} (Markdown)`,
			'',
			table(SUMMARY_HEADER, summary),
			'',
		].join('\n'),
	);
}

// Ctrl-C or a kill: exit through 'exit', where the launcher stops the n8n it started. While the
// queue part runs, its own handler stops queue mode (PostgreSQL outlives this process) and exits.
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
	process.on(signal, () => {
		if (process.listenerCount(signal) === 1) process.exit(130);
	});
}

main().catch((error) => {
	process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
	process.exit(1);
});
