// @ts-check
'use strict';
/**
 * Small helpers shared by the benchmark parts: statistics, formatting, the machine's
 * description, the commit measured. Only Node built-ins.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');

/** @param {number[]} values */
function median(values) {
	const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Nearest-rank percentile (p in 0..100) of unsorted values.
 * @param {number[]} values @param {number} p
 */
function percentile(values, p) {
	const sorted = [...values].sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
	return sorted[rank - 1];
}

/** @param {number} n @param {number} [digits] */
const fixed = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : String(n));

/** @param {number} ms */
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Milliseconds from a monotonic clock. */
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * A positive whole number from the environment, else `fallback`.
 * @param {string} name @param {number} fallback
 */
function positiveInt(name, fallback) {
	const n = Number(process.env[name] || fallback);
	return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** How many runs of each part (BENCH_RUNS, default 3). */
const runs = () => positiveInt('BENCH_RUNS', 3);

/**
 * The last column of the summary: whether a figure meets its target.
 * @param {boolean} ok
 */
const verdict = (ok) => (ok ? 'met' : 'NOT MET');

/** @param {string} text */
function log(text) {
	process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
}

/** The 1/5/15-minute load averages, rounded. */
const loadavg = () => os.loadavg().map((v) => Number(v.toFixed(2)));

/** CPU model, cores, RAM, OS and this Node's version. */
function machine() {
	const cpus = os.cpus();
	return {
		cpu: cpus[0]?.model.trim() ?? 'unknown',
		cores: cpus.length,
		ramGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
		os: `${os.type()} ${os.release()} ${os.arch()}`,
		node: process.version,
		loadavgAtStart: loadavg(),
	};
}

/**
 * The commit of the product code measured (`git rev-parse --short HEAD`), with " dirty" when
 * nodes/ or credentials/ hold uncommitted changes (then the commit alone does not say what ran).
 */
function productCommit() {
	const git = (/** @type {string[]} */ args) =>
		execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
	try {
		const commit = git(['rev-parse', '--short', 'HEAD']);
		return git(['status', '--porcelain', '--', 'nodes', 'credentials']) ? `${commit} dirty` : commit;
	} catch {
		return 'unknown (no git)';
	}
}

/**
 * Prints a plain text table (the summary `npm run bench` ends with).
 * @param {string[]} header @param {Array<Array<string | number>>} rows
 */
function table(header, rows) {
	const cells = [header, ...rows.map((row) => row.map(String))];
	const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
	const line = (/** @type {string[]} */ row) =>
		row
			.map((cell, i) => (cell ?? '').padEnd(widths[i]))
			.join('  ')
			.trimEnd();
	return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n');
}

/** @param {string} file */
const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

module.exports = {
	ROOT,
	median,
	percentile,
	fixed,
	delay,
	nowMs,
	positiveInt,
	runs,
	verdict,
	log,
	loadavg,
	machine,
	productCommit,
	table,
	readJson,
};
