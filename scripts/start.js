#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * `npm start`: this package in a real n8n, ready to try without a Plivo account.
 *
 *   builds and packs the package → installs the pinned n8n (cached, scripts/install-n8n.sh)
 *   → starts the project's fake Plivo on 127.0.0.1:8787 → starts n8n on 127.0.0.1:5678 with the
 *   package installed as a user installs it → owner, a "Plivo (local fake)" credential, the two
 *   example workflows (the callback one published, i.e. active) → prints how to use it; Ctrl-C
 *   stops everything.
 *
 * Options: --port <n8n port, 5678> --fake-port <8787> --reset (forget the kept n8n user folder
 * first) --verbose (n8n's own log on stderr) --state <folder> (keep n8n's user folder there
 * instead of the cache's start-user; the test of this script uses it). Re-running reuses the
 * user folder: nothing is created twice.
 */
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const {
	CACHE,
	DEFAULT_OWNER,
	DEFAULT_VERSION,
	HttpError,
	installN8n,
	installedN8n,
	packPackage,
	startN8n,
} = require('../tools/n8n');
const { startFakePlivo, DEFAULT_AUTH_ID, DEFAULT_AUTH_TOKEN } = require('../tools/fakePlivo');
const { setUpExamples } = require('../tools/workflows');

const VERSION = DEFAULT_VERSION;
const CREDENTIAL_NAME = 'Plivo (local fake)';
const API_KEY_LABEL = 'npm start (temporary)';
// After a recording is stopped, the fake sends its callbacks this much later, as Plivo would.
const AUTO_FINISH_MS = 3000;

/** @param {string[]} argv */
function parseArgs(argv) {
	const options = {
		port: 5678,
		fakePort: 8787,
		reset: false,
		verbose: !!process.env.N8N_E2E_ECHO,
		state: path.join(CACHE, 'start-user'),
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const number = () => {
			const value = Number(argv[++i]);
			if (!Number.isInteger(value) || value <= 0 || value > 65535) throw new Error(`${arg} needs a port number`);
			return value;
		};
		if (arg === '--port') options.port = number();
		else if (arg === '--fake-port') options.fakePort = number();
		else if (arg === '--reset') options.reset = true;
		else if (arg === '--verbose') options.verbose = true;
		else if (arg === '--state') {
			const folder = argv[++i];
			if (!folder) throw new Error('--state needs a folder');
			options.state = path.resolve(folder);
		} else if (arg === '--help' || arg === '-h') {
			process.stdout.write(
				'usage: npm start [-- --port 5678] [--fake-port 8787] [--reset] [--verbose] [--state <folder>]\n',
			);
			process.exit(0);
		} else throw new Error(`unknown option ${arg} (try --help)`);
	}
	return options;
}

/** Fails early, with what to do, when a port is taken (n8n's own message is buried in its log). */
function assertPortFree(/** @type {number} */ port, /** @type {string} */ what, /** @type {string} */ option) {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', () =>
			reject(
				new Error(
					`127.0.0.1:${port} is in use, so ${what} cannot listen there: stop what uses it, or run npm start -- ${option} <another port>`,
				),
			),
		);
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(undefined)));
	});
}

/**
 * Deletes the keys this script created (2.41 lists them under `items`).
 * @param {Awaited<ReturnType<typeof startN8n>>} n8n
 */
async function deleteApiKeys(n8n) {
	const listed = await n8n.rest('GET', '/api-keys');
	/** @type {Array<{ id: string, label: string }>} */
	const keys = Array.isArray(listed) ? listed : (listed?.items ?? []);
	for (const key of keys) {
		if (key.label === API_KEY_LABEL) await n8n.rest('DELETE', `/api-keys/${key.id}`);
	}
}

const started = Date.now();
/** @param {string} text */
const step = (text) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${text}\n`);

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const userFolder = options.state;
	if (options.reset) fs.rmSync(userFolder, { recursive: true, force: true });
	const firstTime = !fs.existsSync(path.join(userFolder, '.n8n'));

	await assertPortFree(options.port, 'n8n', '--port');
	await assertPortFree(options.fakePort, 'the fake Plivo', '--fake-port');

	step('building and packing the package');
	const tarball = await packPackage();

	try {
		installedN8n(VERSION);
	} catch {
		step(
			`installing n8n ${VERSION} and Node 24 into ${CACHE} (first time only: about 6 minutes, 3 GB; npm's progress follows)`,
		);
		await installN8n(VERSION);
	}

	const fake = await startFakePlivo({
		port: options.fakePort,
		authId: DEFAULT_AUTH_ID,
		authToken: DEFAULT_AUTH_TOKEN,
		autoFinishMs: AUTO_FINISH_MS,
		log: (line) => process.stdout.write(`  [fake Plivo] ${line}\n`),
	});
	/** @type {Awaited<ReturnType<typeof startN8n>> | undefined} */
	let n8n;
	let stopping = false;
	const stop = async (/** @type {number} */ code) => {
		if (stopping) return;
		stopping = true;
		process.stdout.write('\nstopping n8n and the fake Plivo…\n');
		await n8n?.stop().catch(() => undefined);
		await fake.close().catch(() => undefined);
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));

	try {
		step(
			`starting n8n ${VERSION} on http://127.0.0.1:${options.port} (${firstTime ? 'new' : 'kept'} user folder ${userFolder})`,
		);
		n8n = await startN8n({
			version: VERSION,
			port: options.port,
			tarball,
			userFolder,
			keepUserFolder: true,
			echo: options.verbose,
		});
		step(`n8n is up (${(n8n.startMs / 1000).toFixed(1)} s) with ${n8n.packageName} installed`);

		await n8n.setupOwner(DEFAULT_OWNER).catch((error) => {
			if (!(error instanceof HttpError && error.status === 401)) throw error;
			throw new Error(
				`n8n refused the login ${DEFAULT_OWNER.email} / ${DEFAULT_OWNER.password} (changed in the editor?): npm start -- --reset starts over with a new user folder`,
			);
		});
		// A temporary public API key for the imports below, deleted again at the end.
		await deleteApiKeys(n8n);
		await n8n.createApiKey({ label: API_KEY_LABEL });

		const { credential, openAi, callback, record, wait, archive, pci, once, ask } = await setUpExamples(n8n, fake, {
			credentialName: CREDENTIAL_NAME,
		});

		await deleteApiKeys(n8n);
		step('ready');

		const editor = `http://127.0.0.1:${options.port}`;
		const kept = (/** @type {boolean} */ created) => (created ? 'imported' : 'already there, kept as you left it');
		process.stdout.write(`
  n8n ${n8n.version} with ${n8n.packageName}:  ${editor}
  log in as  ${DEFAULT_OWNER.email}  /  ${DEFAULT_OWNER.password}

  credential  "${credential.name}" (Plivo Recording API, ${credential.created ? 'created' : 'already there, kept as you left it'})
              the fake Plivo: ${fake.baseUrl}, Auth ID ${fake.authId}
  workflows   "${record.name}" (${kept(record.created)})  ${editor}/workflow/${record.id}
              "${callback.name}" (${kept(callback.created)}, ${callback.active ? 'published' : 'not published'})  ${editor}/workflow/${callback.id}
              callbacks go to its Production URL ${callback.productionUrl}
              "${wait.name}" (${kept(wait.created)})  ${editor}/workflow/${wait.id}
              the one-workflow way: it waits for its own recording
              "${archive.name}" (${kept(archive.created)}, ${archive.active ? 'published' : 'not published'})  ${editor}/workflow/${archive.id}
              saves each finished recording to disk, then deletes it from Plivo (publish it to use it)
              "${pci.name}" (${kept(pci.created)}, ${pci.active ? 'published' : 'not published'})  ${editor}/workflow/${pci.id}
              pauses and resumes a Multi-Party Call's recording while a card number is read
              "${once.name}" (${kept(once.created)}, ${once.active ? 'published' : 'not published'})  ${editor}/workflow/${once.id}
              the callback and a poll of Plivo's list, each recording saved once (publish it to use it)
              "${ask.name}" (${kept(ask.created)})  ${editor}/workflow/${ask.id}
              an AI agent with the Plivo Recording tools: put your key in "${openAi.name}", then Open chat

  Try the whole loop without a Plivo account: open "${record.name}" and click
  "Execute workflow". It starts recording the conference "Daily Standup" on the fake Plivo,
  waits 10 s and stops it; ${AUTO_FINISH_MS / 1000} s later the fake sends the recording and the
  transcription callbacks, signed as Plivo signs them, and "${callback.name}" runs once
  for each (its Executions tab). The fake's requests and callbacks are logged below.

  Your Plivo account instead: Overview → Credentials → "${credential.name}": enter the Auth ID
  and Auth Token from the Plivo console, set Base URL to https://api.plivo.com, Save (rename it
  if you like; all three Plivo nodes use it). Plivo must then reach the Production URL: run n8n
  on a public address (or a tunnel), and set the trigger's Options → Public URL if a proxy
  rewrites the address.

  Everything listens on 127.0.0.1 only. State is kept in ${userFolder}
  (npm start -- --reset starts over). Ctrl-C stops n8n and the fake Plivo.

`);
	} catch (error) {
		process.stderr.write(`\nnpm start failed: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
		await stop(1);
	}
}

main().catch((error) => {
	process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : error}\n`);
	process.exit(1);
});
