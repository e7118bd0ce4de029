// @ts-check
'use strict';
/**
 * Installs and starts a real n8n on 127.0.0.1 with this package loaded as a user's instance
 * loads it, and talks to it over its public API (/api/v1) and the editor's internal API (/rest).
 * Shared by the end-to-end tests, `npm start` and the benchmarks; only Node built-ins.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { register } = require('../cleanup');
const { createN8nClient, HttpError } = require('./client');

const ROOT = path.resolve(__dirname, '..', '..');
// Where scripts/install-n8n.sh keeps its installs (same rule as the script).
const CACHE =
	process.env.PLIVO_REC_CACHE ||
	path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'n8n-nodes-plivo-recording');
// The n8n versions the project is tested on (tools/n8n/versions.json, read by the scripts too).
const N8N_VERSIONS = require('./versions.json');
/** The n8n this run uses: N8N_VERSION, else the pinned one. */
const DEFAULT_VERSION = process.env.N8N_VERSION || N8N_VERSIONS.pinned;
// Fixed so a kept user folder (and its encrypted credentials) can be reopened by a later start.
const ENCRYPTION_KEY = 'n8n-nodes-plivo-recording-e2e-encryption-key';
const READY_LINE = 'Editor is now accessible via';
/**
 * What each n8n command logs once it serves (2.41.1's dist/commands): `start` after its editor
 * and webhooks are up, `webhook` (queue mode's webhook processor) after its server listens and
 * is marked ready, `worker` after it has joined the queue.
 * @type {Record<N8nCommand, string>}
 */
const READY_LINES = {
	start: READY_LINE,
	webhook: 'Webhook listener waiting for requests.',
	worker: 'n8n worker is now ready',
};
// Any origin works: the preflight only needs one so n8n runs its CORS lookup of the webhook.
const PREFLIGHT_ORIGIN = 'http://127.0.0.1';

const DEFAULT_OWNER = {
	email: 'owner@example.com',
	password: 'E2e-Passw0rd',
	firstName: 'E2E',
	lastName: 'Owner',
};

/** @typedef {{ type: 'postgresdb', host: string, port: number, database: string, user: string, password: string, schema?: string }} PostgresOptions */
/** @typedef {{ path: string, method?: string }} WebhookRef */
/** @typedef {'start' | 'webhook' | 'worker'} N8nCommand */
/** @typedef {{ id?: string, name: string, type: string, typeVersion?: number, position?: number[], parameters?: Record<string, any>, credentials?: Record<string, { id: string, name: string }>, webhookId?: string, disabled?: boolean }} WorkflowNode */
/** @typedef {{ id?: string, name?: string, nodes: WorkflowNode[], connections: Record<string, any>, settings?: Record<string, any>, [key: string]: any }} Workflow */
/** @typedef {{ id: string, name: string, type: string, data: Record<string, any> }} Credential */
/** @typedef {{ id: string, status: string, finished: boolean, workflowId: string, mode: string, data?: any, [key: string]: any }} Execution */

/**
 * Runs a command; resolves with its stdout, rejects with the tail of its output.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, echo?: boolean }} [options]
 * @returns {Promise<string>}
 */
function run(command, args, options = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env });
		// A build, a pack or an install left running by a hook that gave up must not outlive the run.
		const unregister = register({
			name: `${command} ${args.join(' ')}`,
			stop: async () => void child.kill('SIGKILL'),
			kill: () => child.kill('SIGKILL'),
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => {
			stderr += chunk;
			// A first install takes minutes: show its progress instead of looking hung.
			if (options.echo) process.stderr.write(chunk);
		});
		child.on('error', reject);
		child.on('close', (code) => {
			unregister();
			if (code === 0) return resolve(stdout);
			reject(new Error(`${command} ${args.join(' ')} exited with ${code}\n${tail(stdout + stderr)}`));
		});
	});
}

/** @param {string} text @param {number} [lines] */
function tail(text, lines = 60) {
	return text.split('\n').slice(-lines).join('\n');
}

/** @param {number} ms */
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The command that installs every n8n version the tests use (and Node 24, the browser, the databases). */
const INSTALL_COMMAND = 'bash scripts/install-test-deps.sh';

/**
 * An n8n that scripts/install-n8n.sh installed: its folder and the Node it runs on (2.x: the
 * Node 24 of install-node24.sh; 1.x: this machine's). Installs nothing: a test's time budget
 * is no place for a first install of minutes, so a missing one fails at once with the command.
 * @param {string} [version]
 * @returns {{ dir: string, nodeBin: string, version: string }}
 */
function installedN8n(version = DEFAULT_VERSION) {
	const v2 = Number(version.split('.')[0]) >= 2;
	const dir = path.join(CACHE, `n8n-${version}`);
	const node24 = path.join(CACHE, 'node24');
	const missing = [
		...(fs.existsSync(path.join(dir, '.installed')) ? [] : [`n8n ${version} (${dir})`]),
		...(!v2 || fs.existsSync(path.join(node24, '.installed')) ? [] : [`Node 24 (${node24})`]),
	];
	if (missing.length) {
		throw new Error(
			`${missing.join(' and ')} not installed: run \`${INSTALL_COMMAND}\` first (npm test does; a first install takes several minutes)`,
		);
	}
	const nodeBin = v2
		? path.dirname(fs.realpathSync(path.join(node24, 'node_modules', '.bin', 'node')))
		: path.dirname(process.execPath);
	return { dir, nodeBin, version };
}

/**
 * Installs n8n (and the Node it needs) into the cache unless it is there, showing npm's
 * progress: for `npm start`, the screenshots and the benchmarks, which may be a machine's first
 * run. Tests never call it (scripts/install-test-deps.sh runs before them).
 * @param {string} [version]
 * @returns {Promise<{ dir: string, nodeBin: string, version: string }>}
 */
async function installN8n(version = DEFAULT_VERSION) {
	try {
		return installedN8n(version);
	} catch {
		await run('bash', [path.join(ROOT, 'scripts', 'install-n8n.sh'), version], { echo: true });
		return installedN8n(version);
	}
}

/**
 * Builds the package and packs it into the cache folder (never the work tree), replacing the
 * previous tarball: one folder, as two packs at once would clash in dist/ anyway.
 * `.npmrc` turns install scripts off, so `prepack` would not build: build explicitly.
 * @returns {Promise<string>} absolute path of the .tgz
 */
async function packPackage() {
	await run('npm', ['run', 'build']);
	const destination = path.join(CACHE, 'pack');
	fs.rmSync(destination, { recursive: true, force: true });
	fs.mkdirSync(destination, { recursive: true });
	const packed = JSON.parse(await run('npm', ['pack', '--json', '--pack-destination', destination]));
	return path.join(destination, packed[0].filename);
}

/** @returns {Promise<number>} a port free right now on 127.0.0.1 (n8n binds it a moment later) */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = /** @type {net.AddressInfo} */ (server.address());
			server.close(() => resolve(address.port));
		});
	});
}

/**
 * Installs the tarball into `<userFolder>/.n8n/nodes` as a user does by hand; n8n scans
 * `.n8n/nodes/node_modules/n8n-nodes-*` at start (2.41: CommunityPackagesModule.nodeLoaders).
 * @param {string} userFolder
 * @param {string} tarball
 * @returns {Promise<string>} the package's name
 */
async function installPackage(userFolder, tarball) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const manifest = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(manifest)) {
		fs.writeFileSync(manifest, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	}
	// Peers (n8n-workflow) come from n8n itself, as in n8n's own installer. --legacy-peer-deps
	// also skips resolving them: without it npm fetches n8n-workflow's whole tree (10 s, online).
	await run(
		'npm',
		[
			'install',
			'--omit=peer',
			'--legacy-peer-deps',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			path.resolve(tarball),
		],
		{ cwd: nodesDir },
	);
	return JSON.parse(await run('tar', ['-xzOf', path.resolve(tarball), 'package/package.json'])).name;
}

/**
 * Copies the package install of another user folder (`<from>/.n8n/nodes`, made by
 * installPackage) into `userFolder`: the processes of one queue-mode setup each load the same
 * install from their own folder, without an npm run each.
 * @param {string} userFolder
 * @param {string} from
 * @returns {string | undefined} the name of the n8n-nodes-* package found there
 */
function copyPackageInstall(userFolder, from) {
	const source = path.join(from, '.n8n', 'nodes');
	if (!fs.existsSync(path.join(source, 'package.json'))) throw new Error(`no package install in ${source}`);
	fs.cpSync(source, path.join(userFolder, '.n8n', 'nodes'), { recursive: true });
	const { dependencies = {} } = JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8'));
	return Object.keys(dependencies).find((name) => /(^|\/)n8n-nodes-/.test(name));
}

/**
 * Environment for the child: ours only, so a developer's own N8N_* / DB_* settings and jest's
 * NODE_ENV=test (n8n refuses to load nodes under it) do not leak in.
 * @param {Record<string, string>} settings
 */
function childEnv(settings) {
	/** @type {NodeJS.ProcessEnv} */
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (
			/^(N8N_|DB_|EXECUTIONS_|QUEUE_|OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS$|WEBHOOK_URL$|NODE_ENV$|NODE_OPTIONS$|JEST_)/.test(
				key,
			)
		)
			continue;
		env[key] = value;
	}
	return { ...env, ...settings };
}

/** @param {import('node:child_process').ChildProcess} child @param {NodeJS.Signals} signal */
function killGroup(child, signal) {
	try {
		// Negative pid: n8n and the task runners it spawned (the child leads its own group).
		if (child.pid) process.kill(-child.pid, signal);
	} catch {
		// already gone
	}
}

/**
 * The production (or test) webhook paths of a workflow's trigger nodes: nodes with a webhookId
 * that no other node feeds (an action node that waits for a callback has a webhookId too, but
 * its webhook exists only while an execution waits).
 * The core Webhook node serves `<path>` (isFullPath); other triggers serve `<webhookId>/<path>`
 * from their description, which is `webhook` for n8n's own triggers and this package's.
 * @param {Workflow} workflow
 * @returns {WebhookRef[]}
 */
function triggerWebhooks(workflow) {
	const fed = new Set();
	// An AI agent's sub-nodes (a tool, a model: their outputs are ai_* connections) are no
	// triggers, though a tool whose node can wait for a callback has a webhookId too.
	const subNodes = new Set();
	for (const [source, outputs] of Object.entries(workflow.connections ?? {})) {
		for (const [type, branches] of Object.entries(outputs)) {
			if (type.startsWith('ai_')) subNodes.add(source);
			for (const branch of /** @type {any[]} */ (branches)) {
				for (const target of branch ?? []) fed.add(target.node);
			}
		}
	}
	return workflow.nodes
		.filter((node) => node.webhookId && !node.disabled && !fed.has(node.name) && !subNodes.has(node.name))
		.map((node) =>
			node.type === 'n8n-nodes-base.webhook'
				? { path: node.parameters?.path || String(node.webhookId), method: node.parameters?.httpMethod ?? 'GET' }
				: { path: `${node.webhookId}/webhook`, method: 'POST' },
		);
}

/**
 * Starts n8n and resolves once it serves its editor (webhooks are served only from then on;
 * /healthz answers earlier).
 * Queue mode (queueMode.js) starts the other two commands the same way:
 * `command: 'webhook'` (a webhook processor: production and waiting webhooks only, on `port`)
 * and `command: 'worker'` (no editor, no webhooks: its health server on `port`, 127.0.0.1). Both
 * resolve on their own ready line; the API helpers (rest, api, setupOwner…) belong to the main.
 * `webhookUrl` is the public base of production webhook URLs (N8N_WEBHOOK_URL, and so of
 * `$execution.resumeUrl`), default this process's own base URL; webhookUrl() and activation's
 * wait for the webhooks use it. `nodesFrom` copies the package install of another user folder
 * instead of installing `tarball` again.
 * @param {{
 *   version?: string,
 *   port?: number,
 *   tarball?: string,
 *   nodesFrom?: string,
 *   userFolder?: string,
 *   keepUserFolder?: boolean,
 *   env?: Record<string, string>,
 *   database?: 'sqlite' | PostgresOptions,
 *   echo?: boolean,
 *   startTimeoutMs?: number,
 *   command?: N8nCommand,
 *   args?: string[],
 *   webhookUrl?: string,
 * }} [options]
 */
async function startN8n(options = {}) {
	const install = installedN8n(options.version);
	const { version } = install;
	const isV1 = version.startsWith('1.');
	const port = options.port || (await freePort());
	const baseUrl = `http://127.0.0.1:${port}`;
	const ownFolder = !options.userFolder;
	const userFolder = options.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-'));
	const keep = options.keepUserFolder ?? !!process.env.N8N_E2E_KEEP;
	const command = options.command ?? 'start';
	const readyLine = READY_LINES[command];
	if (!readyLine) throw new Error(`unknown n8n command ${command}: use start, webhook or worker`);
	// Production webhooks (and resume URLs) are served from here: this process, or queue mode's
	// webhook processor.
	const webhookBase = (options.webhookUrl ?? baseUrl).replace(/\/+$/, '');

	const packageName = options.nodesFrom
		? copyPackageInstall(userFolder, options.nodesFrom)
		: options.tarball
			? await installPackage(userFolder, options.tarball)
			: undefined;

	const database = options.database ?? 'sqlite';
	/** @type {Record<string, string>} */
	const dbEnv =
		database === 'sqlite'
			? { DB_TYPE: 'sqlite' }
			: {
					DB_TYPE: 'postgresdb',
					DB_POSTGRESDB_HOST: database.host,
					DB_POSTGRESDB_PORT: String(database.port),
					DB_POSTGRESDB_DATABASE: database.database,
					DB_POSTGRESDB_USER: database.user,
					DB_POSTGRESDB_PASSWORD: database.password,
					...(database.schema ? { DB_POSTGRESDB_SCHEMA: database.schema } : {}),
				};

	const env = childEnv({
		// n8n's children (task runner, npm) must find the same Node n8n runs on.
		PATH: `${install.nodeBin}${path.delimiter}${process.env.PATH ?? ''}`,
		NODE_ENV: 'production',
		N8N_USER_FOLDER: userFolder,
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_PROTOCOL: 'http',
		// The public base of webhook URLs (what getNodeWebhookUrl() returns); 2.x renamed it.
		[isV1 ? 'WEBHOOK_URL' : 'N8N_WEBHOOK_URL']: `${webhookBase}/`,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		...dbEnv,
		// Each instance needs its own task-runner broker port, or a second n8n fails to start.
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_PUBLIC_API_DISABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		// The vetted-packages list is fetched from n8n's servers; nothing here needs it.
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_LOG_LEVEL: 'info',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		// 1.x on Node 20: the VM expression engine needs isolated-vm, which is not built here.
		// 2.x: the MCP registry module fetches api.n8n.io at start; tests stay on 127.0.0.1.
		...(isV1 ? { N8N_EXPRESSION_ENGINE: 'legacy' } : { N8N_DISABLED_MODULES: 'mcp-registry' }),
		// A worker listens only for its health server (/healthz, /healthz/readiness): on its own
		// port and on loopback (n8n's default address is '::', every interface).
		...(command === 'worker'
			? {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(port),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				}
			: {}),
		...options.env,
	});

	const startedAt = Date.now();
	const child = spawn(
		path.join(install.nodeBin, 'node'),
		[path.join(install.dir, 'node_modules', 'n8n', 'bin', 'n8n'), command, ...(options.args ?? [])],
		{
			cwd: userFolder,
			env,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	/** @type {string[]} */
	const chunks = [];
	const logs = () => chunks.join('');
	/** @type {Promise<void>} */
	const exited = new Promise((resolve) => child.on('exit', () => resolve()));
	let hasExited = false;
	void exited.then(() => (hasExited = true));
	let unregister = () => {};
	/** SIGTERM, SIGKILL after `graceMs`; removes a user folder it created unless kept. Safe to call twice. */
	const stopProcess = async (graceMs = 20_000) => {
		if (!hasExited) {
			child.kill('SIGTERM');
			const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
			await exited;
			clearTimeout(timer);
		}
		// n8n's task runners lead no group of their own: whatever is left of the group goes too.
		killGroup(child, 'SIGKILL');
		unregister();
		if (ownFolder && !keep) fs.rmSync(userFolder, { recursive: true, force: true });
	};
	// Registered before anything waits for it: a hook that gives up (or a script that dies)
	// stops it; if the run has already stopped everything, this throws and n8n is stopped.
	unregister = register({
		name: `n8n ${version} ${command} (pid ${child.pid})`,
		stop: () => stopProcess(),
		kill: () => killGroup(child, 'SIGKILL'),
	});

	await new Promise((resolve, reject) => {
		let ready = false;
		const timeoutMs = options.startTimeoutMs ?? 180_000;
		const timer = setTimeout(() => fail(`n8n ${version} ${command} did not start within ${timeoutMs} ms`), timeoutMs);
		/** @param {string} message */
		const fail = (message) => {
			if (ready) return;
			ready = true;
			clearTimeout(timer);
			void stopProcess(0).finally(() => reject(new Error(`${message}\n--- n8n log tail ---\n${tail(logs())}`)));
		};
		/** @param {Buffer} chunk */
		const onData = (chunk) => {
			// The line may arrive split across two chunks.
			const recent = (chunks[chunks.length - 1] ?? '').slice(-readyLine.length) + chunk.toString();
			chunks.push(chunk.toString());
			if (options.echo) process.stderr.write(chunk);
			if (!ready && recent.includes(readyLine)) {
				ready = true;
				clearTimeout(timer);
				resolve(undefined);
			}
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
		child.on('error', (error) => fail(`n8n could not be started: ${error.message}`));
		void exited.then(() =>
			fail(`n8n ${command} exited with ${child.exitCode ?? child.signalCode} before it was ready`),
		);
	});
	const startMs = Date.now() - startedAt;

	const client = createN8nClient(baseUrl);
	const { rest, api } = client;

	/**
	 * Preflight status of a webhook: 204 once n8n has registered it, 404/500 before.
	 * @param {string} prefix 'webhook' | 'webhook-test'
	 * @param {WebhookRef} webhook
	 */
	async function preflight(prefix, webhook) {
		// Test webhooks live on the main only; production ones where the public base points.
		const base = prefix === 'webhook' ? webhookBase : baseUrl;
		const response = await fetch(`${base}/${prefix}/${webhook.path}`, {
			method: 'OPTIONS',
			headers: { origin: PREFLIGHT_ORIGIN, 'access-control-request-method': webhook.method ?? 'POST' },
		});
		await response.arrayBuffer();
		return response.status;
	}

	/**
	 * Activation (and listening for a test event) returns before n8n registers the webhooks:
	 * poll their preflight until each answers 204 (or, with `gone`, stops answering 204).
	 * @param {string} prefix
	 * @param {WebhookRef[]} webhooks
	 * @param {{ gone?: boolean, timeoutMs?: number }} [options]
	 */
	async function waitForWebhooks(prefix, webhooks, { gone = false, timeoutMs = 30_000 } = {}) {
		const deadline = Date.now() + timeoutMs;
		for (const webhook of webhooks) {
			let status = 0;
			while (((status = await preflight(prefix, webhook)) === 204) === gone) {
				if (Date.now() > deadline) {
					throw new Error(
						`/${prefix}/${webhook.path} (${webhook.method}) still answers ${status} to a preflight after ${timeoutMs} ms\n${tail(logs(), 20)}`,
					);
				}
				await delay(100);
			}
		}
	}

	/**
	 * 2.x: the workflow's publication status once n8n has applied its last publish or unpublish
	 * (2.41 queues them in an outbox); undefined on 1.x, which applies them in the call itself.
	 * @param {string} id @param {number} timeoutMs
	 * @returns {Promise<{ status: string, triggers: Array<{ status: string, errorMessage: string | null }> } | undefined>}
	 */
	async function settledPublication(id, timeoutMs) {
		if (isV1) return undefined;
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const publication = await rest('GET', `/workflows/${id}/publication-status`);
			if (publication.status !== 'in_progress') return publication;
			if (Date.now() > deadline) {
				throw new Error(`workflow ${id}: publication still ${publication.status} after ${timeoutMs} ms`);
			}
			await delay(200);
		}
	}

	/** @param {string} id @param {WebhookRef[] | undefined} webhooks */
	async function webhooksOf(id, webhooks) {
		return webhooks ?? triggerWebhooks(await api('GET', `/workflows/${id}`));
	}

	const n8n = {
		version,
		/** 'start' (the main), 'webhook' or 'worker' */
		command,
		/** this process's own server: the editor and API; a webhook processor's webhooks; a worker's health server */
		baseUrl,
		/** the public base of production webhook URLs (no trailing slash) */
		webhookBase,
		userFolder,
		/** @type {number | undefined} */
		pid: child.pid,
		/** ms from spawn to the editor being served */
		startMs,
		/** @type {string | undefined} name of the package installed from the tarball */
		packageName,
		logs,
		rest,
		api,
		triggerWebhooks,
		/** @param {string} webhookPath */
		webhookUrl: (webhookPath) => `${webhookBase}/webhook/${webhookPath}`,
		/** @param {string} webhookPath */
		webhookTestUrl: (webhookPath) => `${baseUrl}/webhook-test/${webhookPath}`,

		/**
		 * Creates the owner (once per user folder) and logs in, keeping the auth cookie.
		 * @param {Partial<typeof DEFAULT_OWNER>} [owner]
		 */
		async setupOwner(owner = {}) {
			const { email, password, firstName, lastName } = { ...DEFAULT_OWNER, ...owner };
			try {
				await rest('POST', '/owner/setup', { email, password, firstName, lastName });
			} catch (error) {
				// A reused user folder already has its owner: logging in is all that is left.
				if (!(error instanceof HttpError && /already/i.test(error.body))) throw error;
			}
			return await client.login(email, password);
		},

		/**
		 * Creates a public API key with every scope the owner may grant (2.41 wants a label,
		 * scopes and expiresAt) and keeps it for api().
		 * @param {{ label?: string }} [options] the label the key is listed under (Settings → n8n API)
		 * @returns {Promise<string>}
		 */
		async createApiKey({ label = `e2e ${Date.now()}` } = {}) {
			/** @type {string[] | undefined} */
			let scopes;
			try {
				scopes = await rest('GET', '/api-keys/scopes');
			} catch (error) {
				// Older 1.x has no scoped keys.
				if (!(error instanceof HttpError && error.status === 404)) throw error;
			}
			const created = await rest('POST', '/api-keys', { label, expiresAt: null, ...(scopes ? { scopes } : {}) });
			const apiKey = created.rawApiKey ?? created.apiKey;
			client.useApiKey(apiKey);
			return apiKey;
		},

		/**
		 * @param {{ name: string, type: string, data: Record<string, any> }} credential
		 * @returns {Promise<Credential>} the stored credential with the data it was given
		 */
		async createCredential({ name, type, data }) {
			// 1.x refuses requests from a credential with `authenticate` unless its domains are
			// allowed; the schema of a credential without one (openAiApi) refuses the field.
			if (isV1) {
				const stored = { allowedHttpRequestDomains: 'all', ...data };
				try {
					return { ...(await api('POST', '/credentials', { name, type, data: stored })), data: stored };
				} catch (error) {
					if (!(error instanceof HttpError && error.status === 400 && /allowedHttpRequestDomains/.test(error.body)))
						throw error;
				}
			}
			return { ...(await api('POST', '/credentials', { name, type, data })), data };
		},

		/**
		 * The editor's "Test" button. n8n looks the credential up by id, so store it first.
		 * @param {Credential} credential
		 * @returns {Promise<{ status: 'OK' | 'Error', message: string }>}
		 */
		async testCredential({ id, name, type, data }) {
			return await rest('POST', '/credentials/test', { credentials: { id, name, type, data } });
		},

		/**
		 * @param {Workflow} workflow
		 * @returns {Promise<Workflow & { id: string }>}
		 */
		async createWorkflow(workflow) {
			// The public API rejects read-only fields (id, active, …).
			const { name = 'e2e workflow', nodes, connections, settings = { executionOrder: 'v1' }, staticData } = workflow;
			return await api('POST', '/workflows', {
				name,
				nodes,
				connections,
				settings,
				...(staticData ? { staticData } : {}),
			});
		},

		/**
		 * Activates (2.x: publishes) and waits until its trigger webhooks are registered.
		 * @param {string} id
		 * @param {{ webhooks?: WebhookRef[], timeoutMs?: number }} [options] webhooks default to the workflow's triggers
		 */
		async activateWorkflow(id, options = {}) {
			const result = await api('POST', `/workflows/${id}/activate`, {});
			await waitForWebhooks('webhook', await webhooksOf(id, options.webhooks), options);
			return result;
		},

		/**
		 * Activates (2.x: publishes) a workflow and resolves once n8n has activated its triggers,
		 * a polling trigger's first poll included (n8n runs it during activation): `{ ok: true }`,
		 * or `{ ok: false, error }` with n8n's message when a trigger failed to activate. 1.x
		 * answers the activation call itself; 2.41 queues the publication, and
		 * `GET /rest/workflows/:id/publication-status` tells when it has settled.
		 * @param {string} id
		 * @param {{ timeoutMs?: number }} [options]
		 * @returns {Promise<{ ok: true } | { ok: false, error: string }>}
		 */
		async publish(id, { timeoutMs = 60_000 } = {}) {
			try {
				await api('POST', `/workflows/${id}/activate`, {});
			} catch (error) {
				if (isV1 && error instanceof HttpError && error.status === 400) {
					return { ok: false, error: String(JSON.parse(error.body).message) };
				}
				throw error;
			}
			const publication = await settledPublication(id, timeoutMs);
			if (publication && publication.status !== 'published') {
				const failed = publication.triggers.filter((trigger) => trigger.status === 'failed');
				return { ok: false, error: failed.map((trigger) => trigger.errorMessage).join('; ') };
			}
			// Its trigger webhooks (a callback trigger beside the poller) are served a moment later.
			await waitForWebhooks('webhook', await webhooksOf(id, undefined), { timeoutMs });
			return { ok: true };
		},

		/**
		 * @param {string} id
		 * @param {{ webhooks?: WebhookRef[], timeoutMs?: number }} [options]
		 */
		async deactivateWorkflow(id, options = {}) {
			const webhooks = await webhooksOf(id, options.webhooks);
			const result = await api('POST', `/workflows/${id}/deactivate`, {});
			// 2.41 queues the unpublishing like the publishing: its outbox may take a poll (15 s) to
			// get to it on a busy machine.
			await settledPublication(id, options.timeoutMs ?? 60_000);
			await waitForWebhooks('webhook', webhooks, { ...options, gone: true });
			return result;
		},

		/**
		 * All finished executions (all pages), newest first. n8n's list leaves out running ones
		 * unless asked for status 'running'.
		 * @param {{ workflowId?: string, includeData?: boolean, status?: string }} [query]
		 * @returns {Promise<Execution[]>}
		 */
		async executions({ workflowId, includeData = true, status } = {}) {
			/** @type {Execution[]} */
			const all = [];
			let cursor = '';
			do {
				const params = new URLSearchParams({ includeData: String(includeData), limit: '250' });
				if (workflowId) params.set('workflowId', workflowId);
				if (status) params.set('status', status);
				if (cursor) params.set('cursor', cursor);
				const page = await api('GET', `/executions?${params}`);
				all.push(...page.data);
				cursor = page.nextCursor ?? '';
			} while (cursor);
			return all;
		},

		/**
		 * Polls until the workflow has at least `count` finished executions (of `status`, if given).
		 * @param {string} workflowId
		 * @param {number} count
		 * @param {{ timeoutMs?: number, status?: string }} [options]
		 * @returns {Promise<Execution[]>}
		 */
		async waitForExecutions(workflowId, count, { timeoutMs = 30_000, status } = {}) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				// Without a status, every finished one; 'waiting' can be asked for by name (n8n 1.x
				// lists waiting executions only when asked for them, and without their data).
				const found = (
					await n8n.executions({ workflowId, includeData: status !== 'waiting', ...(status ? { status } : {}) })
				).filter((execution) =>
					status ? execution.status === status : !['new', 'running', 'waiting'].includes(execution.status),
				);
				if (found.length >= count) return found;
				if (Date.now() > deadline) {
					throw new Error(
						`workflow ${workflowId}: ${found.length} of ${count} ${status ?? 'finished'} executions after ${timeoutMs} ms\n${tail(logs(), 20)}`,
					);
				}
				await delay(200);
			}
		},

		/**
		 * The editor's "Listen for test event" on one trigger; waits until its test URL is live.
		 * The workflow must be saved (it needs an id); 1.x runs the `workflowData` sent, 2.41 the stored one.
		 * @param {Workflow & { id: string }} workflow
		 * @param {string} triggerName
		 * @param {{ webhooks?: WebhookRef[], timeoutMs?: number }} [options]
		 */
		async listenForTestEvent(workflow, triggerName, options = {}) {
			const result = await rest(
				'POST',
				`/workflows/${workflow.id}/run`,
				{ workflowData: workflow, triggerToStartFrom: { name: triggerName } },
				{ 'push-ref': `e2e-${Date.now()}` },
			);
			const trigger = workflow.nodes.find((node) => node.name === triggerName);
			const webhooks = options.webhooks ?? (trigger ? triggerWebhooks({ nodes: [trigger], connections: {} }) : []);
			await waitForWebhooks('webhook-test', webhooks, options);
			return result;
		},

		/**
		 * Node types n8n serves to the editor (needs setupOwner()).
		 * @returns {Promise<Array<{ name: string, displayName: string, version: number | number[] }>>}
		 */
		nodeTypes: client.nodeTypes,

		/** SIGTERM, SIGKILL after a grace period; removes a user folder it created unless kept. */
		stop: stopProcess,
	};

	// Only the main writes the editor's type files; a worker or webhook processor that missed the
	// package shows up as its executions failing (queue.e2e.test.ts runs the nodes there).
	if (packageName && command === 'start') {
		// Prove the package really loaded: a broken package only shows up as a missing node later.
		const typesFile = path.join(userFolder, '.cache', 'n8n', 'public', 'types', 'nodes.json');
		/** @type {Array<{ name: string }>} */
		const types = JSON.parse(fs.readFileSync(typesFile, 'utf8'));
		if (!types.some((type) => type.name.startsWith(`${packageName}.`))) {
			await n8n.stop();
			throw new Error(`n8n started but loaded no node of ${packageName}\n${tail(logs())}`);
		}
	}
	return n8n;
}

/** @typedef {Awaited<ReturnType<typeof startN8n>>} N8n */

module.exports = {
	DEFAULT_VERSION,
	N8N_VERSIONS,
	installN8n,
	installedN8n,
	INSTALL_COMMAND,
	packPackage,
	installPackage,
	startN8n,
	freePort,
	triggerWebhooks,
	HttpError,
	DEFAULT_OWNER,
	CACHE,
};
