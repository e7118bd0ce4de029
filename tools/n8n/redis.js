// @ts-check
'use strict';
/**
 * A throwaway Redis server on 127.0.0.1 (Debian's `redis-server` package, installed by
 * scripts/install-system-deps.sh), for n8n's queue mode in tests and benchmarks: a free port,
 * no persistence (no RDB snapshots, no AOF), a temporary working folder removed by stop().
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { register } = require('../cleanup');
const { freePort } = require('./launcher');

const CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'];

function serverBinary() {
	const found = CANDIDATES.find((candidate) => fs.existsSync(candidate));
	if (!found) throw new Error('redis-server not found: run scripts/install-system-deps.sh');
	return found;
}

/**
 * Sends one command in RESP and resolves with the first reply line (e.g. "+PONG").
 * @param {number} port
 * @param {string[]} command
 * @param {number} [timeoutMs]
 * @returns {Promise<string>}
 */
function redisCommand(port, command, timeoutMs = 2000) {
	return new Promise((resolve, reject) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		let reply = '';
		const timer = setTimeout(
			() => socket.destroy(new Error(`redis on port ${port} did not answer ${command[0]}`)),
			timeoutMs,
		);
		socket.on('connect', () => {
			socket.write(
				`*${command.length}\r\n${command.map((part) => `$${Buffer.byteLength(part)}\r\n${part}\r\n`).join('')}`,
			);
		});
		socket.on('data', (chunk) => {
			reply += chunk.toString();
			const end = reply.indexOf('\r\n');
			if (end < 0) return;
			clearTimeout(timer);
			socket.end();
			resolve(reply.slice(0, end));
		});
		socket.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
	});
}

/**
 * @param {{ port?: number, startTimeoutMs?: number }} [options]
 */
async function startRedis(options = {}) {
	const port = options.port || (await freePort());
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plivo-redis-'));
	const child = spawn(
		serverBinary(),
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
			'--daemonize',
			'no',
			'--protected-mode',
			'yes',
			'--loglevel',
			'warning',
		],
		{ cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	let log = '';
	child.stdout?.on('data', (chunk) => (log += chunk));
	child.stderr?.on('data', (chunk) => (log += chunk));
	/** @type {Promise<void>} */
	const exited = new Promise((resolve) => child.on('exit', () => resolve()));
	let hasExited = false;
	void exited.then(() => (hasExited = true));
	let unregister = () => {};
	/** SIGTERM (Redis exits at once, saving nothing: persistence is off), SIGKILL after `graceMs`. */
	const stop = async (graceMs = 5_000) => {
		if (!hasExited) {
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
			await exited;
			clearTimeout(timer);
		}
		unregister();
		fs.rmSync(dir, { recursive: true, force: true });
	};
	// Before the wait for PING: a hook that gives up stops it (tools/cleanup).
	unregister = register({
		name: `redis-server on port ${port}`,
		stop: () => stop(),
		kill: () => child.kill('SIGKILL'),
	});

	const deadline = Date.now() + (options.startTimeoutMs ?? 15_000);
	for (;;) {
		if (hasExited) {
			await stop();
			throw new Error(`redis-server exited with ${child.exitCode ?? child.signalCode} before it was ready\n${log}`);
		}
		try {
			if ((await redisCommand(port, ['PING'])) === '+PONG') break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			await stop(0);
			throw new Error(`redis-server did not answer PING on port ${port}\n${log}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}

	return {
		host: '127.0.0.1',
		port,
		pid: child.pid,
		logs: () => log,
		/** @param {string[]} command one command, e.g. ['DBSIZE']; resolves with the reply's first line */
		command: (command) => redisCommand(port, command),
		stop: () => stop(),
	};
}

/** @typedef {Awaited<ReturnType<typeof startRedis>>} Redis */

module.exports = { startRedis };
