#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Prints the raw per-run figures of a results file (BENCH_OUT of bench/run.js) as Markdown
 * tables, for BENCHMARKS.md:  node bench/report.js /tmp/plivo-recording-bench-….json
 */
const { fixed, readJson } = require('./lib/util');

/** @param {string[]} header @param {Array<Array<string | number>>} rows */
const md = (header, rows) => [
	`| ${header.join(' | ')} |`,
	`| ${header.map(() => '---').join(' | ')} |`,
	...rows.map((row) => `| ${row.map(String).join(' | ')} |`),
].join('\n');

/** @param {number | null | undefined} ms */
const s = (ms) => (ms === null || ms === undefined || !Number.isFinite(ms) ? '—' : fixed(ms / 1000, 2));
/** @param {number | null | undefined} n @param {number} [d] */
const f = (n, d = 3) => (n === null || n === undefined || !Number.isFinite(n) ? '—' : fixed(n, d));

function main() {
	const file = process.argv[2];
	if (!file) throw new Error('usage: node bench/report.js <results.json>');
	const results = readJson(file);
	const out = [];
	const m = results.machine;
	out.push(`Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.os}; bench on Node ${m.node}` +
		(m.n8n ? `, n8n ${m.n8n} on Node ${m.n8nNode} (expression engine: ${m.expressionEngine})` : '') +
		`. Load average ${m.loadavgAtStart.join(' / ')} at start, ${m.loadavgAtEnd?.join(' / ') ?? '?'} at end. ` +
		`Command: \`${results.command}\`, BENCH_RUNS=${results.runs}, ${results.date}, ${results.totalSeconds ?? '?'} s.`);

	const pacing = results.parts.pacing;
	if (pacing) {
		out.push('', `#### Pacing, per run (${pacing.items} items, bound ${s(pacing.boundMs)} s)`, '');
		const rows = [];
		for (const run of pacing.perRun) {
			for (const key of ['package', 'httpStop', 'httpContinue', 'httpRerun', 'httpBatched']) {
				const r = run[key];
				rows.push([run.run, run.loadavg[0], key, s(r.e2eMs), s(r.workflowMs), s(r.nodeMs), s(r.nodeToFirstRequestMs), s(r.plivoSpanMs),
					r.uniqueStarted, r.duplicates, r.itemsOut, r.requests, r.r429, r.maxInWindow, r.rounds ?? '', r.executionStatus ?? '']);
			}
		}
		out.push(md(['run', 'load 1 min', 'contender', 'end to end s', 'execution start → last answer s', 'node start → last answer s', 'node start → 1st request s', '1st request → last answer s', 'recordings started', 'duplicates', 'items output as started', 'requests', '429s', 'max in 5 s', 're-runs', 'execution'], rows));
		out.push('', md(['run', 'bound / (execution start → last answer)', 'bound / end to end', 'bound / node', 'started per run vs httpStop', 'time to all, httpRerun / package', 'time to all, httpBatched / package'],
			pacing.perRun.map((/** @type {any} */ run) => [run.run, f(run.ratios.boundOverWorkflow), f(run.ratios.boundOverE2e), f(run.ratios.boundOverNode), f(run.ratios.startedPerRunVsHttpStop, 2), f(run.ratios.timeToAllVsHttpRerun, 2), f(run.ratios.timeToAllVsHttpBatched, 2)])));
	}

	const trigger = results.parts.trigger;
	if (trigger) {
		out.push('', `#### Trigger, per run (${trigger.callbacks} callbacks, concurrency ${trigger.concurrency}, warm-up ${trigger.warmUp})`, '');
		const rows = [];
		for (const run of trigger.perRun) {
			for (const key of run.order) {
				const r = run[key];
				if (!r) continue;
				rows.push([run.run, run.loadavg[0], key, JSON.stringify(r.statuses ?? {}), s(r.elapsedMs), f(r.perSecond, 1), f(r.p50Ms, 1), f(r.p99Ms, 1), f(r.maxMs, 0), s(r.drainMs), f(r.executionsPerSecond, 1),
					`${r.stalled ? 'STALLED ' : ''}${JSON.stringify(r.byStatus ?? {})}`,
					r.lost ?? (r.executionRows === undefined ? '—' : `${Math.max(0, r.ok - r.executionRows)} (at the stall)`)]);
			}
		}
		out.push(md(['run', 'load 1 min', 'contender', 'answers', 'sending s', 'accepted/s', 'p50 ms (200s)', 'p99 ms (200s)', 'max ms (200s)', 'drain s', 'executions/s', 'executions (incl. warm-up)', 'answered 200, no execution'], rows));
		const complete = trigger.perRun.filter((/** @type {any} */ run) => run.ratios);
		if (complete.length) {
			out.push('', md(['run', 'throughput trigger/Webhook', 'p50 trigger/Webhook', 'p99 trigger/Webhook', 'executions/s trigger/Webhook'],
				complete.map((/** @type {any} */ run) => [run.run, f(run.ratios.throughput), f(run.ratios.p50), f(run.ratios.p99), f(run.ratios.executionsPerSecond)])));
		}
	}

	const signature = results.parts.signature;
	if (signature) {
		out.push('', `#### Signature (${signature.iterations} iterations × ${signature.repeats}, Node ${signature.node}), µs per call`, '');
		out.push(md(['case', 'median', 'samples'], Object.entries(signature.samples).map(([name, samples]) => [name, f(signature.microseconds[name], 2), /** @type {number[]} */ (samples).map((v) => fixed(v, 2)).join(', ')])));
	}

	const footprint = results.parts.footprint;
	if (footprint) {
		out.push('', `#### Footprint`, '');
		out.push(`Runtime dependencies: ${footprint.dependencies.length} (peer: ${footprint.peerDependencies.join(', ')}). ` +
			`Tarball ${footprint.tarball.filename}: ${footprint.tarball.bytes} B packed, ${footprint.tarball.unpackedBytes} B unpacked, ${footprint.tarball.files} files.`, '');
		out.push(md(['Node', 'n8n-workflow already loaded, ms (median)', 'cold incl. n8n-workflow, ms (median)', 'samples (already loaded)'],
			footprint.load.map((/** @type {any} */ l) => [l.node, f(l.warmMs, 1), f(l.coldMs, 1), l.warmSamples.map((/** @type {number} */ v) => fixed(v, 1)).join(', ')])));
	}
	process.stdout.write(`${out.join('\n')}\n`);
}

main();
