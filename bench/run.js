#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * `npm run bench` — every part; `node bench/run.js pacing|trigger|signature|footprint …` — some.
 * Prints progress on stderr, then the machine, per-part medians and a summary table on stdout;
 * the full results (every run's raw figures) go to BENCH_OUT (default: a file in the temp folder).
 * Env: BENCH_RUNS (default 3), N8N_VERSION (default the e2e suite's), BENCH_PACING_ITEMS,
 * BENCH_CALLBACKS, BENCH_CONCURRENCY, BENCH_SIG_ITERATIONS, BENCH_LOAD_RUNS.
 */
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');
const { ROOT, machine, table, runs, log, loadavg, nowMs, fixed } = require('./lib/util');

const signaturePart = require('./signature');
const footprintPart = require('./footprint');
const pacingPart = require('./pacing');
const triggerPart = require('./trigger');
const { startEnv } = require('./lib/setup');
const { installN8n } = require('../test/support/n8n');

const PARTS = ['signature', 'footprint', 'pacing', 'trigger'];

async function main() {
	const asked = process.argv.slice(2);
	const unknown = asked.filter((part) => !PARTS.includes(part));
	if (unknown.length) {
		process.stderr.write(`unknown part(s): ${unknown.join(', ')}; choose from ${PARTS.join(', ')}\n`);
		process.exit(2);
	}
	const parts = asked.length ? PARTS.filter((part) => asked.includes(part)) : PARTS;
	const started = nowMs();
	/** @type {Record<string, any>} */
	const results = {
		command: `node bench/run.js${asked.length ? ` ${asked.join(' ')}` : ''}`,
		date: new Date().toISOString(),
		machine: machine(),
		runs: runs(),
		parts: {},
	};
	log(`parts: ${parts.join(', ')}; ${results.runs} run(s); load average ${loadavg().join(' / ')}`);

	log('npm run build');
	await promisify(execFile)('npm', ['run', 'build'], { cwd: ROOT });

	const out = process.env.BENCH_OUT || path.join(os.tmpdir(), `plivo-recording-bench-${results.date.replace(/[:.]/g, '-')}.json`);
	// Written after every part, so a later part that fails does not lose the earlier figures.
	const save = () => fs.writeFileSync(out, JSON.stringify(results, null, 2));
	/** @type {Array<Array<string>>} */
	const summary = [];
	if (parts.includes('signature')) {
		results.parts.signature = signaturePart.runSignature();
		summary.push(...signaturePart.summarize(results.parts.signature));
		save();
	}
	if (parts.includes('footprint')) {
		results.parts.footprint = await footprintPart.runFootprint();
		summary.push(...footprintPart.summarize(results.parts.footprint));
		save();
	}
	if (parts.includes('pacing') || parts.includes('trigger')) {
		const env = await startEnv();
		results.machine.n8n = env.n8n.version;
		results.machine.expressionEngine = process.env.BENCH_EXPRESSION_ENGINE || 'n8n default';
		try {
			const { nodeBin } = await installN8n(env.n8n.version);
			results.machine.n8nNode = (await promisify(execFile)(path.join(nodeBin, 'node'), ['--version'])).stdout.trim();
		} catch {
			// reported as unknown
		}
		try {
			if (parts.includes('pacing')) {
				results.parts.pacing = await pacingPart.runPacing(env);
				summary.push(...pacingPart.summarize(results.parts.pacing));
				save();
			}
			if (parts.includes('trigger')) {
				results.parts.trigger = await triggerPart.runTrigger(env);
				summary.push(...triggerPart.summarize(results.parts.trigger));
				save();
			}
		} finally {
			await env.stop();
		}
	}
	results.machine.loadavgAtEnd = loadavg();
	results.totalSeconds = Number(((nowMs() - started) / 1000).toFixed(1));

	save();

	const m = results.machine;
	process.stdout.write([
		'',
		`machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.os}`,
		`node: ${m.node} (bench)${m.n8n ? `, n8n ${m.n8n} on ${m.n8nNode ?? 'unknown'}` : ''}`,
		`load average (1/5/15 min): start ${m.loadavgAtStart.join(' / ')}, end ${m.loadavgAtEnd.join(' / ')}`,
		`command: ${results.command}, BENCH_RUNS=${results.runs}; took ${fixed(results.totalSeconds, 0)} s`,
		`raw results: ${out}`,
		'',
		table(['figure (median of runs; ratios taken per run)', 'value', 'target', ''], summary),
		'',
	].join('\n'));
}

// Ctrl-C or a kill: exit through 'exit', where the launcher stops the n8n it started.
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => process.exit(130));

main().catch((error) => {
	process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
	process.exit(1);
});
