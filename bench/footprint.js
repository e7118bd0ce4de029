// @ts-check
'use strict';
/**
 * Part 4, footprint: runtime dependencies, the packed tarball (npm pack --dry-run), and the
 * time to load the nodes and the credential the way n8n does (require each file listed in
 * package.json "n8n", instantiate its class) in a fresh process, median of several.
 * Run `npm run build` first (run.js does).
 */
const { execFile } = require('node:child_process');
const path = require('node:path');
const { promisify } = require('node:util');
const { nodeRuntimes } = require('./lib/setup');
const { ROOT, median, fixed, positiveInt, verdict, log, readJson } = require('./lib/util');

const run = promisify(execFile);
const LOADS = positiveInt('BENCH_LOAD_RUNS', 15);

// Runs in the fresh child: prints the ms spent requiring + instantiating the package's files.
const CHILD = `
const preload = process.argv[1] === 'warm';
const files = JSON.parse(process.argv[2]);
if (preload) require(require.resolve('n8n-workflow', { paths: [files[0]] }));
const t0 = process.hrtime.bigint();
for (const file of files) {
	const exported = require(file);
	for (const value of Object.values(exported)) if (typeof value === 'function') new value();
}
process.stdout.write(String(Number(process.hrtime.bigint() - t0) / 1e6));
`;

/** @param {string} nodeBinary @param {string[]} files @param {'cold' | 'warm'} mode */
async function loadTimes(nodeBinary, files, mode) {
	/** @type {number[]} */
	const times = [];
	for (let i = 0; i < LOADS; i++) {
		const { stdout } = await run(nodeBinary, ['-e', CHILD, mode, JSON.stringify(files)], { cwd: ROOT });
		times.push(Number(stdout));
	}
	return times;
}

async function runFootprint() {
	const manifest = readJson(path.join(ROOT, 'package.json'));
	const dependencies = Object.keys(manifest.dependencies ?? {});
	const { stdout } = await run('npm', ['pack', '--dry-run', '--json'], { cwd: ROOT, maxBuffer: 16 * 2 ** 20 });
	const [packed] = JSON.parse(stdout);
	const files = [...manifest.n8n.credentials, ...manifest.n8n.nodes].map((file) => path.join(ROOT, file));

	const load = [];
	for (const runtime of await nodeRuntimes()) {
		const cold = await loadTimes(runtime.binary, files, 'cold');
		const warm = await loadTimes(runtime.binary, files, 'warm');
		load.push({
			node: runtime.version,
			coldMs: median(cold),
			warmMs: median(warm),
			coldSamples: cold,
			warmSamples: warm,
		});
		log(
			`footprint: load on ${runtime.version}: ${fixed(median(cold), 1)} ms with n8n-workflow, ${fixed(median(warm), 1)} ms with it already loaded`,
		);
	}
	return {
		dependencies,
		peerDependencies: Object.keys(manifest.peerDependencies ?? {}),
		tarball: {
			filename: packed.filename,
			bytes: packed.size,
			unpackedBytes: packed.unpackedSize,
			files: packed.entryCount,
		},
		loadedFiles: files.map((file) => path.relative(ROOT, file)),
		loads: LOADS,
		load,
	};
}

/** @param {any} result */
function summarize(result) {
	const rows = [
		[
			'footprint: runtime dependencies',
			String(result.dependencies.length),
			'0',
			verdict(result.dependencies.length === 0),
		],
		[
			'footprint: packed tarball',
			`${fixed(result.tarball.bytes / 1024, 1)} KiB (${result.tarball.files} files, ${fixed(result.tarball.unpackedBytes / 1024, 1)} KiB unpacked)`,
			'report',
			'',
		],
	];
	for (const load of result.load) {
		rows.push([
			`footprint: load nodes + credential, ${load.node}, n8n-workflow already loaded`,
			`${fixed(load.warmMs, 1)} ms`,
			'report',
			'',
		]);
		rows.push([
			`footprint: load nodes + credential, ${load.node}, cold (incl. n8n-workflow)`,
			`${fixed(load.coldMs, 1)} ms`,
			'report',
			'',
		]);
	}
	return rows;
}

module.exports = { runFootprint, summarize };
