#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * Runs the fake Plivo API standalone on 127.0.0.1 until SIGINT/SIGTERM.
 *
 *   node tools/fakePlivo/cli.js --port 8787 --auth-id MA... --auth-token ...
 *     [--latency-ms 0] [--rate-max 300] [--rate-window-ms 5000] [--no-rate-limit]
 *     [--auto-finish-ms 1000] [--quiet]
 *
 * The first stdout line is the base URL; everything else goes to stderr.
 * Defaults: port 8787, auth id/token from PLIVO_AUTH_ID / PLIVO_AUTH_TOKEN or the module's
 * defaults, Plivo's rate limit (300 per 5000 ms). --auto-finish-ms sends a recording's callbacks
 * that many ms after it is stopped (off unless given).
 */

const { startFakePlivo, DEFAULT_AUTH_ID, DEFAULT_AUTH_TOKEN } = require('.');

/** @param {string[]} argv */
function parseArgs(argv) {
	/** @type {Record<string, string | true>} */
	const args = {};
	for (let i = 0; i < argv.length; i++) {
		const m = /^--([^=]+)(?:=(.*))?$/.exec(argv[i]);
		if (!m) throw new Error(`unexpected argument: ${argv[i]}`);
		if (m[2] !== undefined) args[m[1]] = m[2];
		else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) args[m[1]] = argv[++i];
		else args[m[1]] = true;
	}
	return args;
}

/** @param {string | true | undefined} value @param {number} fallback @param {string} name */
function num(value, fallback, name) {
	if (value === undefined) return fallback;
	const n = Number(value);
	if (value === true || !Number.isFinite(n) || n < 0) throw new Error(`--${name} needs a non-negative number`);
	return n;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		process.stderr.write(
			'usage: tools/fakePlivo/cli.js [--port 8787] [--auth-id MA...] [--auth-token ...] [--latency-ms N] ' +
				'[--rate-max N] [--rate-window-ms N] [--no-rate-limit] [--auto-finish-ms N] [--quiet]\n',
		);
		return;
	}
	const str = (/** @type {string} */ name, /** @type {string} */ fallback) =>
		typeof args[name] === 'string' ? String(args[name]) : fallback;
	const quiet = args.quiet === true;
	const fake = await startFakePlivo({
		port: num(args.port, 8787, 'port'),
		authId: str('auth-id', process.env.PLIVO_AUTH_ID || DEFAULT_AUTH_ID),
		authToken: str('auth-token', process.env.PLIVO_AUTH_TOKEN || DEFAULT_AUTH_TOKEN),
		latencyMs: num(args['latency-ms'], 0, 'latency-ms'),
		rateLimit: args['no-rate-limit']
			? null
			: { max: num(args['rate-max'], 300, 'rate-max'), windowMs: num(args['rate-window-ms'], 5000, 'rate-window-ms') },
		autoFinishMs: args['auto-finish-ms'] === undefined ? null : num(args['auto-finish-ms'], 0, 'auto-finish-ms'),
		log: quiet ? undefined : (line) => process.stderr.write(`[fake-plivo] ${line}\n`),
	});
	process.stdout.write(fake.baseUrl + '\n');
	if (!quiet) process.stderr.write(`[fake-plivo] auth id ${fake.authId}, listening on ${fake.baseUrl}\n`);

	let closing = false;
	const stop = () => {
		if (closing) return;
		closing = true;
		fake.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((err) => {
	process.stderr.write(`fakePlivo: ${err && err.message ? err.message : err}\n`);
	process.exit(1);
});
