#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Turns a results file of bench/run.js into Markdown: the command, commit and date, the machine,
 * the summary table (figure, value, target, met?) and every part's per-run figures. bench/run.js
 * writes it beside each results file; to render one again:
 *   node bench/report.js bench/results/<name>.json > bench/results/<name>.md
 * A results file of bench/queue.js alone has no such file: run `node bench/run.js queue`.
 */
const fs = require('node:fs');
const path = require('node:path');
const { fixed, readJson } = require('./lib/util');
const signaturePart = require('./signature');
const footprintPart = require('./footprint');
const pacingPart = require('./pacing');
const burstPart = require('./burst');
const triggerPart = require('./trigger');
const queuePart = require('./queue');
const listsPart = require('./lists');
const catchupPart = require('./catchup');

/** @param {unknown} cell */
const escape = (cell) => String(cell).replace(/\|/g, '\\|');

/** @param {string[]} header @param {Array<Array<unknown>>} rows */
const md = (header, rows) =>
	[
		`| ${header.map(escape).join(' | ')} |`,
		`| ${header.map(() => '---').join(' | ')} |`,
		...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
	].join('\n');

/** @param {number | null | undefined} ms */
const s = (ms) => (ms === null || ms === undefined || !Number.isFinite(ms) ? '—' : fixed(ms / 1000, 2));
/** @param {number | null | undefined} n @param {number} [d] */
const f = (n, d = 3) => (n === null || n === undefined || !Number.isFinite(n) ? '—' : fixed(n, d));

/** @param {any} results */
function render(results) {
	const out = [];
	const m = results.machine;
	const env = Object.entries(results.env ?? {})
		.map(([key, value]) => `${key}=${value}`)
		.join(' ');
	out.push(
		`# \`${env ? `${env} ` : ''}${results.command}\`, product code \`${results.commit ?? 'not recorded'}\`, ${results.date.slice(0, 16).replace('T', ' ')} UTC`,
		'',
		`Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.os}; bench on Node ${m.node}` +
			(m.n8n ? `, n8n ${m.n8n} on Node ${m.n8nNode}` : '') +
			`. Load average ${m.loadavgAtStart.join(' / ')} at start, ${m.loadavgAtEnd?.join(' / ') ?? '?'} at end. ` +
			`Command: \`${env ? `${env} ` : ''}${results.command}\`, ${results.runs} run(s), ${results.date}; took ${results.totalSeconds ?? '?'} s` +
			(results.partSeconds
				? ` (${Object.entries(results.partSeconds)
						.map(([name, sec]) => `${name} ${fixed(Number(sec), 0)} s`)
						.join(', ')})`
				: '') +
			'.',
	);

	const p = results.parts;
	/** @type {unknown[][]} */
	const summary = [];
	if (p.signature) summary.push(...signaturePart.summarize(p.signature));
	if (p.footprint) summary.push(...footprintPart.summarize(p.footprint));
	if (p.pacing) summary.push(...pacingPart.summarize(p.pacing));
	if (p.burst) summary.push(...burstPart.summarize(p.burst));
	for (const trigger of Object.values(p.trigger?.engines ?? {}))
		summary.push(...triggerPart.summarize(trigger, /** @type {any} */ (trigger).label));
	if (p.lists) summary.push(...listsPart.summarize(p.lists));
	if (p.catchup) summary.push(...catchupPart.summarize(p.catchup));
	if (p.queue) summary.push(...queuePart.summarize(p.queue));
	out.push(
		'',
		'## Summary (medians of the runs; each ratio taken within one run)',
		'',
		md(['figure', 'value', 'target', 'met?'], summary),
	);

	const pacing = p.pacing;
	if (pacing) {
		out.push(
			'',
			`## Pacing, per run (${pacing.items} items, ${pacing.rateLimit.max} requests / ${pacing.rateLimit.windowMs} ms, latency ${pacing.latencyMs} ms, bound ${s(pacing.boundMs)} s; n8n with ${pacing.engine ?? 'its default expression engine'})`,
			'',
		);
		out.push(
			'Contenders: package = Plivo Recording action; httpStop = HTTP Request node, default settings; httpContinue = On Error: Continue; httpRerun = httpContinue re-run on its failed items until all started; httpBatched = Batching 300 items / 5,000 ms. Times in s.',
			'',
		);
		const rows = [];
		for (const run of pacing.perRun) {
			for (const key of run.order) {
				const r = run[key];
				rows.push([
					run.run,
					run.loadavg[0],
					key,
					r.executionStatus ?? `${r.rounds} runs`,
					s(r.e2eMs),
					s(r.workflowMs),
					s(r.nodeMs),
					s(r.nodeToFirstRequestMs),
					s(r.plivoSpanMs),
					r.uniqueStarted,
					r.duplicates,
					r.itemsOut,
					r.requests,
					r.r429,
					r.maxInWindow,
				]);
			}
		}
		out.push(
			md(
				[
					'run',
					'load 1 min',
					'contender',
					'execution',
					'end to end',
					'execution start → last answer',
					'node start → last answer',
					'node start → 1st request',
					'1st request → last answer',
					'recordings started',
					'duplicates',
					'items output as started',
					'requests',
					'429s',
					'max in 5 s',
				],
				rows,
			),
		);
		out.push(
			'',
			md(
				[
					'run',
					'bound / node',
					'bound / execution',
					'bound / end to end',
					'bound / (1st request → last answer)',
					'package 429s at (ms after 1st request)',
					'started per run vs httpStop',
					'vs httpContinue',
					'time to all, httpRerun / package',
					'time to all, httpBatched / package',
				],
				pacing.perRun.map((/** @type {any} */ run) => [
					run.run,
					f(run.ratios.boundOverNode),
					f(run.ratios.boundOverWorkflow),
					f(run.ratios.boundOverE2e),
					f(run.ratios.boundOverPlivoSpan),
					(run.package.r429AtMs ?? []).join(', ') || '—',
					f(run.ratios.startedPerRunVsHttpStop, 2),
					f(run.ratios.startedPerRunVsHttpContinue, 2),
					f(run.ratios.timeToAllVsHttpRerun, 2),
					f(run.ratios.timeToAllVsHttpBatched, 2),
				]),
			),
		);
	}

	const burst = p.burst;
	if (burst?.engine) {
		const e = burst.engine;
		out.push(
			'',
			`## Burst in the engine harness, per run (${e.executions} one-item executions at once in n8n-core, in one process; fake Plivo ${e.rateLimit.max} requests / ${e.rateLimit.windowMs} ms, latency ${e.latencyMs} ms; bound ${s(e.boundMs)} s)`,
			'',
		);
		out.push(
			'engine = one pacer per account (the package); control = one pacer per execution (the action before). Time: first execution started → last one finished.',
			'',
		);
		out.push(
			md(
				[
					'run',
					'load 1 min',
					'contender',
					'executions failed',
					'errors',
					'429s',
					'requests',
					'max in 5 s',
					'started once',
					'twice or more',
					'never',
					'time s',
					'bound / time',
				],
				e.perRun.map((/** @type {any} */ r) => [
					r.run,
					r.loadavg[0],
					r.contender,
					r.failed,
					r.errors.join('; ') || '—',
					r.r429,
					r.requests,
					r.maxInWindow,
					r.startedOnce,
					r.startedTwiceOrMore,
					r.notStarted,
					s(r.totalMs),
					f(r.boundOverTotal),
				]),
			),
		);
	}
	for (const n of /** @type {any[]} */ (Object.values(burst?.n8n ?? {}))) {
		out.push(
			'',
			`## Burst in a real n8n, per run: ${n.label} (${n.executions} calls at once, concurrency ${n.concurrency}, to Webhook (Respond: Immediately) → Start Conference Recording; bound ${s(n.boundMs)} s)`,
			'',
		);
		out.push(
			"package = Webhook → Start Conference Recording; webhookOnly = the Webhook node alone (control: what n8n does with that many calls). Time: first webhook call sent → Plivo's last answer (webhookOnly: → last execution's end). Started/s: executions n8n started per second, first to last start.",
			'',
		);
		out.push(
			md(
				[
					'run',
					'load 1 min',
					'contender',
					'answers',
					'executions',
					'failed',
					'429s',
					'requests',
					'max in 5 s',
					'started once',
					'twice or more',
					'never',
					'started/s',
					'time s',
					'bound / time',
				],
				n.perRun.map((/** @type {any} */ r) => {
					const pkg = (r.contender ?? 'package') === 'package';
					return [
						r.run,
						r.loadavg[0],
						r.contender ?? 'package',
						JSON.stringify(r.answers),
						`${r.stalled ? 'STALLED ' : ''}${JSON.stringify(r.executionsByStatus)}`,
						r.failed,
						...(pkg
							? [r.r429, r.requests, r.maxInWindow, r.startedOnce, r.startedTwiceOrMore, r.notStarted]
							: ['—', '—', '—', '—', '—', '—']),
						f(r.startedPerSecond, 1),
						s(r.totalMs),
						pkg ? f(r.boundOverTotal) : '—',
					];
				}),
			),
		);
		const notes = n.perRun.flatMap((/** @type {any} */ r) => [
			...Object.entries(r.answerSamples ?? {}).map(
				([status, body]) => `run ${r.run} ${r.contender ?? 'package'}: first ${status} answer: ${JSON.stringify(body)}`,
			),
			...(r.errors ?? []).map(
				(/** @type {string} */ error) => `run ${r.run} ${r.contender ?? 'package'}: execution error: ${error}`,
			),
		]);
		if (notes.length) out.push('', ...notes.map((/** @type {string} */ note) => `- ${note}`));
	}

	for (const trigger of /** @type {any[]} */ (Object.values(p.trigger?.engines ?? {}))) {
		out.push(
			'',
			`## Trigger, per run: ${trigger.label} (${trigger.callbacks} callbacks, concurrency ${trigger.concurrency}, after ${trigger.warmUp} warm-up; n8n started in ${s(trigger.n8nStartMs)} s and took ${trigger.n8nWarmUp ?? 0} unmeasured callbacks per contender first)`,
			'',
		);
		const rows = [];
		for (const run of trigger.perRun) {
			for (const key of run.order) {
				const r = run[key];
				if (!r) continue;
				rows.push([
					run.run,
					run.loadavg[0],
					key,
					JSON.stringify(r.statuses ?? {}),
					s(r.elapsedMs),
					f(r.perSecond, 1),
					f(r.p50Ms, 1),
					f(r.p99Ms, 1),
					f(r.maxMs, 0),
					s(r.drainMs),
					f(r.executionsPerSecond, 1),
					`${r.stalled ? 'STALLED ' : ''}${JSON.stringify(r.byStatus ?? {})}`,
					r.lost ?? '—',
				]);
			}
		}
		out.push(
			md(
				[
					'run',
					'load 1 min',
					'contender',
					'answers',
					'sending s',
					'accepted/s',
					'p50 ms (200s)',
					'p99 ms (200s)',
					'max ms (200s)',
					'drain s',
					'executions/s',
					'executions (incl. warm-up)',
					'answered 200, no execution',
				],
				rows,
			),
		);
		const complete = trigger.perRun.filter((/** @type {any} */ run) => run.ratios);
		// The controls that ran (the Webhook node v1 only on the vm engine): a pair of columns each.
		const controls = Object.entries(triggerPart.CONTROLS).filter(([control]) =>
			complete.some((/** @type {any} */ run) => run.ratios[triggerPart.vsKey(control)] !== undefined),
		);
		if (complete.length) {
			out.push(
				'',
				md(
					[
						'run',
						'throughput trigger / Webhook',
						'p50 trigger / Webhook',
						'p99 trigger / Webhook',
						'executions/s trigger / Webhook',
						...controls.flatMap(([, { short, plain }]) => [
							`throughput ${short} / ${plain}`,
							`throughput trigger / ${short}`,
						]),
					],
					complete.map((/** @type {any} */ run) => [
						run.run,
						f(run.ratios.throughput),
						f(run.ratios.p50),
						f(run.ratios.p99),
						f(run.ratios.executionsPerSecond),
						...controls.flatMap(([control]) => [f(run.ratios[control]), f(run.ratios[triggerPart.vsKey(control)])]),
					]),
				),
			);
		}
	}

	const lists = p.lists;
	if (lists) {
		out.push(
			'',
			`## Lists, per run (n8n ${lists.n8n}, the package now and at ${lists.beforeCommit} in two n8n side by side; fake Plivo ${lists.rateLimit.max} requests / ${lists.rateLimit.windowMs} ms, latency ${lists.latencyMs} ms; Get Many over ${lists.recordings} recordings while one arrives every ${lists.arrivalMs} ms, bound ${s(lists.listBoundMs)} s; Delete over ${lists.deletes}, bound ${s(lists.deleteBoundMs)} s)`,
			'',
		);
		const perRun = listsPart.perRunTable(lists);
		out.push(md(perRun.header, perRun.rows));
	}

	const catchup = p.catchup;
	if (catchup) {
		out.push(
			'',
			`## Catch-up, per run (n8n ${catchup.n8n}, ${catchup.engine}; the New Recording Trigger activated again after ${catchup.count} recordings were added while it was off; fake Plivo ${catchup.rateLimit.max} requests / ${catchup.rateLimit.windowMs} ms, latency ${catchup.latencyMs} ms; bound ${s(catchup.boundMs)} s)`,
			'',
		);
		for (const [index, table] of catchupPart.perRunTables(catchup).entries())
			out.push(...(index ? [''] : []), md(table.header, table.rows));
	}

	const queue = p.queue;
	if (queue) {
		out.push(
			'',
			`## Queue mode, per run (n8n ${queue.version}: main + 1 webhook processor + workers --concurrency=${queue.workerConcurrency}, PostgreSQL, Redis, ${queue.expressionEngine}; ${queue.callbacks} callbacks at concurrency ${queue.concurrency} after ${queue.warmUp} warm-up, up to ${queue.retries} retries; set-up ${s(queue.setupMs)} s)`,
			'',
		);
		const perRun = queuePart.perRunTable(queue);
		out.push(md(perRun.header, perRun.rows));
	}

	const signature = p.signature;
	if (signature) {
		out.push('', `## Signature (${signature.iterations} iterations × ${signature.repeats} per case), µs per call`, '');
		const rows = signature.runtimes.flatMap((/** @type {any} */ runtime) =>
			Object.entries(runtime.samples).map(([name, samples]) => [
				runtime.node,
				name,
				f(runtime.microseconds[name], 2),
				/** @type {number[]} */ (samples).map((v) => fixed(v, 2)).join(', '),
			]),
		);
		out.push(md(['Node', 'case', 'median', 'samples'], rows));
	}

	const footprint = p.footprint;
	if (footprint) {
		out.push('', '## Footprint', '');
		out.push(
			`Runtime dependencies: ${footprint.dependencies.length} (peer: ${footprint.peerDependencies.join(', ')}). ` +
				`Tarball ${footprint.tarball.filename}: ${footprint.tarball.bytes} B packed, ${footprint.tarball.unpackedBytes} B unpacked, ${footprint.tarball.files} files. ` +
				`Load: require every file of package.json "n8n" and instantiate its classes, in a fresh process, median of ${footprint.loads}.`,
			'',
		);
		out.push(
			md(
				[
					'Node',
					'n8n-workflow already loaded, ms (median)',
					'cold incl. n8n-workflow, ms (median)',
					'samples (already loaded)',
				],
				footprint.load.map((/** @type {any} */ l) => [
					l.node,
					f(l.warmMs, 1),
					f(l.coldMs, 1),
					l.warmSamples.map((/** @type {number} */ v) => fixed(v, 1)).join(', '),
				]),
			),
		);
	}
	return `${out.join('\n')}\n`;
}

const RESULTS = path.join(__dirname, 'results');
const INDEX_START = '<!-- index: written by bench/run.js (node bench/report.js --index) -->';

/**
 * Rewrites the index of bench/results/README.md (from its marker to the end): one row per
 * report kept there, named by the report's own heading, so the index is never edited by hand.
 */
function writeResultsIndex() {
	const readme = path.join(RESULTS, 'README.md');
	const text = fs.readFileSync(readme, 'utf8');
	const start = text.indexOf(INDEX_START);
	if (start < 0) throw new Error(`${readme} has no index marker (${INDEX_START})`);
	const rows = fs
		.readdirSync(RESULTS)
		.filter((name) => name.endsWith('.md') && name !== 'README.md')
		.sort()
		.map((name) => {
			const heading = /^#{1,3} (.+)$/m.exec(fs.readFileSync(path.join(RESULTS, name), 'utf8'))?.[1] ?? '';
			return [`[${name}](${name})`, heading];
		});
	fs.writeFileSync(readme, `${text.slice(0, start)}${INDEX_START}\n\n${md(['file', 'run set'], rows)}\n`);
}

if (require.main === module) {
	const file = process.argv[2];
	if (!file) {
		process.stderr.write('usage: node bench/report.js <results.json> | --index\n');
		process.exit(2);
	}
	if (file === '--index') writeResultsIndex();
	else process.stdout.write(render(readJson(file)));
}

module.exports = { render, writeResultsIndex, RESULTS };
