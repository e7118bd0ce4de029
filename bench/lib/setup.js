// @ts-check
'use strict';
/**
 * One real n8n (the end-to-end suite's launcher, same version) with this package installed
 * from its packed tarball, and one fake Plivo, shared by the parts that need them.
 */
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { promisify } = require('node:util');
const { CACHE, installN8n, packPackage, startN8n } = require('../../tools/n8n');
const { startFakePlivo } = require('../../tools/fakePlivo');
const { ROOT, log, loadavg } = require('./util');

const AUTH_ID = 'MABENCH0000000000001';
const AUTH_TOKEN = 'bench-auth-token-0123456789abcdefABCDEF';
// Part 1's conditions: Plivo's limit and a realistic round trip.
const LATENCY_MS = 100;
const RATE_LIMIT = { max: 300, windowMs: 5000 };
/**
 * The action's pacer is the account's, for the whole n8n process, and a request keeps its slot
 * until 5 s after its answer: wait this long before the action runs again in the same n8n.
 */
const PACER_QUIET_MS = RATE_LIMIT.windowMs + 1000;

/**
 * @typedef {Awaited<ReturnType<typeof startN8n>>} N8n
 * @typedef {Awaited<ReturnType<typeof startFakePlivo>>} Fake
 * @typedef {{ id: string, name: string }} CredentialRef
 * @typedef {{
 *   n8n: N8n, fake: Fake, tarball: string, engine: string,
 *   plivoCredential: CredentialRef, basicCredential: CredentialRef,
 *   stop: () => Promise<void>,
 * }} Env
 */

/**
 * The expression engines a part can run n8n with: n8n's default (2.41: 'vm', isolated-vm), one
 * named by N8N_EXPRESSION_ENGINE, or the default with lazy isolate acquisition.
 * @type {Record<string, { env: Record<string, string>, label: string }>}
 */
const ENGINES = {
	default: { env: {}, label: "n8n's default expression engine (vm)" },
	vm: { env: { N8N_EXPRESSION_ENGINE: 'vm' }, label: 'N8N_EXPRESSION_ENGINE=vm' },
	legacy: { env: { N8N_EXPRESSION_ENGINE: 'legacy' }, label: 'N8N_EXPRESSION_ENGINE=legacy' },
	// n8n's default engine, an isolate built only when an expression is really evaluated.
	lazy: {
		env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
		label: "n8n's default engine (vm) with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true",
	},
};

/**
 * Engine names from a comma-separated list (an env var), each checked against ENGINES.
 * @param {string | undefined} list @param {string} fallback
 */
function engineList(list, fallback) {
	const names = (list || fallback)
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	const unknown = names.filter((name) => !(name in ENGINES));
	if (unknown.length)
		throw new Error(
			`unknown expression engine(s) ${unknown.join(', ')}: choose from ${Object.keys(ENGINES).join(', ')}`,
		);
	return [...new Set(names)];
}

/**
 * @param {{ engine?: string, tarball?: string, fake?: Fake }} [options] engine: a key of ENGINES
 *   (default: n8n's own); tarball: the package to install (default: the work tree's, packed
 *   now); fake: a fake Plivo to share with another env (stop() leaves it running)
 * @returns {Promise<Env>}
 */
async function startEnv({ engine = 'default', tarball: given, fake: shared } = {}) {
	const fake =
		shared ??
		(await startFakePlivo({
			port: 0,
			authId: AUTH_ID,
			authToken: AUTH_TOKEN,
			latencyMs: LATENCY_MS,
			rateLimit: { ...RATE_LIMIT },
		}));
	const closeFake = async () => {
		if (!shared) await fake.close();
	};
	if (!given) log('building and packing the package');
	const tarball = given ?? (await packPackage());
	log(`starting n8n, ${ENGINES[engine].label} (load average ${loadavg().join(' / ')})`);
	// BENCH_N8N_NODE_OPTIONS: Node options for n8n alone (say, a --require hook that profiles it).
	/** @type {Record<string, string>} */
	const nodeOptions = process.env.BENCH_N8N_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_N8N_NODE_OPTIONS } : {};
	await installN8n(process.env.N8N_VERSION);
	const n8n = await startN8n({
		version: process.env.N8N_VERSION,
		port: 0,
		tarball,
		// n8n keeps 10,000 executions by default: once an hour it marks the older ones deleted
		// (one UPDATE over them all), an hour later it deletes them, 100 a second. A trigger run
		// makes 8,000, so a long bench would meet both in some runs; off, every run meets the same n8n.
		env: { EXECUTIONS_DATA_PRUNE: 'false', ...ENGINES[engine].env, ...nodeOptions },
	});
	log(`n8n ${n8n.version} ready in ${(n8n.startMs / 1000).toFixed(1)} s at ${n8n.baseUrl}`);
	try {
		await n8n.setupOwner();
		await n8n.createApiKey({ label: `bench ${Date.now()}` });
		const plivo = await n8n.createCredential({
			name: 'Plivo (fake, bench)',
			type: 'plivoRecordingApi',
			data: { authId: AUTH_ID, authToken: AUTH_TOKEN, baseUrl: fake.baseUrl },
		});
		// What a user of the HTTP Request node would create: Basic auth_id:auth_token.
		const basic = await n8n.createCredential({
			name: 'Plivo Basic auth (bench)',
			type: 'httpBasicAuth',
			data: { user: AUTH_ID, password: AUTH_TOKEN },
		});
		return {
			n8n,
			fake,
			tarball,
			engine,
			plivoCredential: { id: plivo.id, name: plivo.name },
			basicCredential: { id: basic.id, name: basic.name },
			async stop() {
				await n8n.stop();
				await closeFake();
			},
		};
	} catch (error) {
		await n8n.stop();
		await closeFake();
		throw error;
	}
}

/**
 * The package as it was at an earlier commit, built and packed once into the cache (never the
 * work tree): `git archive` of the commit, this tree's node_modules lent to its build.
 * @param {string} commit
 * @returns {Promise<{ tarball: string, commit: string }>}
 */
async function packCommit(commit) {
	const git = async (/** @type {string[]} */ args) =>
		(await promisify(execFile)('git', args, { cwd: ROOT, maxBuffer: 1 << 26 })).stdout;
	const sha = (await git(['rev-parse', '--short', `${commit}^{commit}`])).trim();
	const dir = path.join(CACHE, `bench-package-${sha}`);
	const done = path.join(dir, '.packed');
	if (!fs.existsSync(done)) {
		log(`building and packing the package at ${sha}`);
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		await promisify(execFile)('bash', ['-c', `git archive ${sha} | tar -x -C "${dir}"`], { cwd: ROOT });
		fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
		await promisify(execFile)('npm', ['run', 'build'], { cwd: dir });
		const packed = JSON.parse(
			(await promisify(execFile)('npm', ['pack', '--json', '--pack-destination', dir], { cwd: dir })).stdout,
		);
		fs.writeFileSync(done, packed[0].filename);
	}
	return { tarball: path.join(dir, fs.readFileSync(done, 'utf8')), commit: sha };
}

/**
 * The Node.js binaries to time code on: the one running the bench, and the one n8n runs on
 * (2.x: the Node 24 the e2e suite installs), when it can be had.
 * @returns {Promise<Array<{ binary: string, version: string }>>}
 */
async function nodeRuntimes() {
	const runtimes = [{ binary: process.execPath, version: process.version }];
	try {
		const { nodeBin } = await installN8n(process.env.N8N_VERSION);
		const binary = path.join(nodeBin, 'node');
		const version = (await promisify(execFile)(binary, ['--version'])).stdout.trim();
		if (version !== process.version) runtimes.push({ binary, version });
	} catch (error) {
		log(`no Node.js of the n8n install (${/** @type {Error} */ (error).message.split('\n')[0]})`);
	}
	return runtimes;
}

module.exports = {
	startEnv,
	packCommit,
	nodeRuntimes,
	ENGINES,
	engineList,
	AUTH_ID,
	AUTH_TOKEN,
	LATENCY_MS,
	RATE_LIMIT,
	PACER_QUIET_MS,
};
