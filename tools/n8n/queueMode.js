// @ts-check
'use strict';
/**
 * n8n's distributed ("queue") mode on 127.0.0.1, as a self-hosted user runs it: PostgreSQL
 * (postgres.js) and Redis (redis.js), one main process (`n8n start`:
 * editor, /rest, /api, activation, the wait tracker), webhook processors (`n8n webhook`:
 * production and waiting webhooks) and workers (`n8n worker`: every execution). All share one
 * database, one Redis and one N8N_ENCRYPTION_KEY (startN8n's); each process has its own user
 * folder with this package installed, its own port and its own task-runner broker port.
 *
 * Production URLs, and so `$execution.resumeUrl`, point at the first webhook processor
 * (N8N_WEBHOOK_URL on every process). The main serves no production webhooks unless
 * `mainServesWebhooks` (N8N_DISABLE_PRODUCTION_MAIN_PROCESS, as n8n's docs advise with webhook
 * processors): a production call can then only have gone through a webhook processor.
 * Further webhook processors stand for replicas behind a load balancer: same public URL, own port.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { register } = require('../cleanup');
const { DEFAULT_VERSION, freePort, installPackage, packPackage, startN8n } = require('./launcher');
const { startPostgres } = require('./postgres');
const { startRedis } = require('./redis');

/** @typedef {import('./launcher').N8n} N8n */

/**
 * @param {{
 *   version?: string,
 *   workers?: number,
 *   webhookProcessors?: number,
 *   concurrency?: number,
 *   tarball?: string,
 *   mainServesWebhooks?: boolean,
 *   env?: Record<string, string>,
 *   echo?: boolean,
 *   startTimeoutMs?: number,
 * }} [options]
 *   workers (default 1) and webhookProcessors (default 1) at start; concurrency: jobs each
 *   worker runs at once (`n8n worker --concurrency`, default 5); tarball: the packed package
 *   (default: build and pack it now); env: added to every n8n process.
 */
async function startQueueMode(options = {}) {
	const version = options.version ?? DEFAULT_VERSION;
	if (Number(version.split('.')[0]) < 2) throw new Error('queue mode is set up for n8n 2.x only');
	const concurrency = options.concurrency ?? 5;
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-'));

	/** @type {Array<{ stop: () => Promise<void> }>} */
	const services = [];
	/** @type {N8n[]} */
	const webhookProcessors = [];
	/** @type {N8n[]} */
	const workers = [];
	/** @type {N8n | undefined} */
	let main;
	let webhookProcessorsStarted = 0;

	async function stopAll() {
		unregister();
		// No new work first, then whoever runs it, then the main, then what they all share.
		await Promise.allSettled(webhookProcessors.map((one) => one.stop()));
		await Promise.allSettled(workers.map((one) => one.stop()));
		await main?.stop();
		await Promise.allSettled(services.map((service) => service.stop()));
		fs.rmSync(dir, { recursive: true, force: true });
	}

	// Each process registers itself too; this removes the queue's folder as well.
	const unregister = register({ name: 'queue mode', stop: stopAll });
	try {
		// Our own copy: packPackage() replaces its tarball on every call.
		const tarball = path.join(dir, 'package.tgz');
		fs.copyFileSync(options.tarball ?? (await packPackage()), tarball);
		const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
		services.push(redis, postgres);
		// One npm install; every process copies it into its own user folder.
		const template = path.join(dir, 'package-install');
		await installPackage(template, tarball);

		const mainPort = await freePort();
		const mainUrl = `http://127.0.0.1:${mainPort}`;
		const webhookPort = await freePort();
		const webhookUrl = `http://127.0.0.1:${webhookPort}`;

		/** @type {Record<string, string>} */
		const env = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: redis.host,
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			// Links to the editor (instance base URL) stay on the main; webhook URLs do not.
			N8N_EDITOR_BASE_URL: `${mainUrl}/`,
			// Manual runs go to the workers too (n8n 2.x's deprecation notice; the default in 3.x).
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			// Benchmarks count every execution in the database: n8n must not prune any meanwhile.
			EXECUTIONS_DATA_PRUNE: 'false',
			...options.env,
		};
		/**
		 * @param {'start' | 'webhook' | 'worker'} command
		 * @param {number} [port]
		 */
		const start = (command, port) =>
			startN8n({
				version,
				command,
				port,
				nodesFrom: template,
				database: postgres,
				webhookUrl,
				echo: options.echo,
				startTimeoutMs: options.startTimeoutMs,
				args: command === 'worker' ? [`--concurrency=${concurrency}`] : [],
				env: {
					...env,
					...(command === 'start' && !options.mainServesWebhooks
						? { N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' }
						: {}),
				},
			});

		// The main first: it runs the database migrations the others expect.
		main = await start('start', mainPort);
		const queue = {
			version,
			/** the main's API client: setupOwner, createApiKey, createWorkflow, activateWorkflow, executions… */
			main,
			/** the webhook processors; [0] is the one production URLs point at */
			webhookProcessors,
			workers,
			postgres,
			redis,
			/** the packed package every process loaded */
			tarball,
			/** where production webhooks (and resume URLs) go: the first webhook processor */
			webhookBaseUrl: webhookUrl,
			/** @param {string} webhookPath e.g. `${webhookId}/webhook` */
			webhookUrl: (webhookPath) => `${webhookUrl}/webhook/${webhookPath}`,
			/** Starts one more worker (same database, Redis, key and concurrency). */
			async addWorker() {
				const worker = await start('worker');
				workers.push(worker);
				return worker;
			},
			/**
			 * Starts one more webhook processor on its own port: a replica behind the same public
			 * URL (production URLs still name the first one).
			 */
			async addWebhookProcessor() {
				// Counted before the await: the first one started gets the public port.
				const first = webhookProcessorsStarted++ === 0;
				const processor = await start('webhook', first ? webhookPort : undefined);
				webhookProcessors.push(processor);
				return processor;
			},
			/** pid → command of every n8n process, for reports */
			processes() {
				return [main, ...webhookProcessors, ...workers].map((one) => ({
					command: one?.command,
					pid: one?.pid,
					baseUrl: one?.baseUrl,
				}));
			},
			stop: stopAll,
		};
		// Starting them together is faster; each one waits for its own ready line. They are
		// recorded as each one starts, so a failure still stops those already running.
		const count = (/** @type {number | undefined} */ value, /** @type {number} */ fallback) =>
			Math.max(0, value ?? fallback);
		const results = await Promise.allSettled([
			...Array.from({ length: Math.max(1, count(options.webhookProcessors, 1)) }, () => queue.addWebhookProcessor()),
			...Array.from({ length: count(options.workers, 1) }, () => queue.addWorker()),
		]);
		const failed = results.find((result) => result.status === 'rejected');
		if (failed) throw /** @type {PromiseRejectedResult} */ (failed).reason;
		return queue;
	} catch (error) {
		await stopAll();
		throw error;
	}
}

/** @typedef {Awaited<ReturnType<typeof startQueueMode>>} QueueMode */

module.exports = { startQueueMode };
