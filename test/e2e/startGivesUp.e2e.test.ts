/**
 * A start that gives up leaves nothing behind (tools/cleanup): an n8n that misses its start
 * timeout is stopped, and a Jest suite whose beforeAll times out while n8n starts fails alone
 * and lets Jest exit, with no n8n left running.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startN8n } from '../../tools/n8n';

const ROOT = path.resolve(__dirname, '..', '..');

/** The pids of the processes whose working folder or N8N_USER_FOLDER is `folder` (Linux /proc). */
function processesIn(folder: string): number[] {
	const found: number[] = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const cwd = fs.readlinkSync(`/proc/${entry}/cwd`);
			const environ = fs.readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
			if (cwd === folder || cwd.startsWith(`${folder}/`) || environ.includes(`N8N_USER_FOLDER=${folder}`)) {
				found.push(Number(entry));
			}
		} catch {
			// gone meanwhile, or not ours to read
		}
	}
	return found;
}

/** Runs a command; resolves with its exit code, output and time, or with `timedOut` after `limitMs` (then kills it). */
function runFor(command: string, args: string[], env: NodeJS.ProcessEnv, limitMs: number) {
	return new Promise<{ code: number | null; output: string; ms: number; timedOut: boolean }>((resolve) => {
		const started = Date.now();
		const child = spawn(command, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			process.kill(-child.pid!, 'SIGKILL');
		}, limitMs);
		child.on('exit', (code) => {
			clearTimeout(timer);
			resolve({ code, output, ms: Date.now() - started, timedOut });
		});
	});
}

describe('a start that gives up leaves nothing behind', () => {
	let folder: string;

	beforeEach(() => {
		folder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-gives-up-'));
	});
	afterEach(() => {
		// When the code under test fails, whatever it left is this test's to stop.
		for (const pid of processesIn(folder)) process.kill(pid, 'SIGKILL');
		fs.rmSync(folder, { recursive: true, force: true });
	});

	it('an n8n that misses its start timeout is stopped, with its task runner, before the start rejects', async () => {
		const userFolder = path.join(folder, 'user');
		fs.mkdirSync(userFolder);
		await expect(startN8n({ port: 0, userFolder, startTimeoutMs: 1500 })).rejects.toThrow(
			/did not start within 1500 ms/,
		);
		expect(processesIn(userFolder)).toEqual([]);
	});

	it('a suite whose beforeAll times out while n8n starts fails alone, and Jest exits with no n8n left', async () => {
		const userFolder = path.join(folder, 'user');
		fs.mkdirSync(userFolder);
		const env: NodeJS.ProcessEnv = {
			...process.env,
			GIVES_UP_USER_FOLDER: userFolder,
			GIVES_UP_HOOK_TIMEOUT_MS: '2000',
		};
		delete env.JEST_WORKER_ID;
		const jest = await runFor(
			process.execPath,
			[
				path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
				'-c',
				'jest.e2e.config.js',
				'--ci',
				'--testMatch',
				'**/test/e2e/fixtures/startGivesUp.fixture.ts',
			],
			env,
			// n8n starts in about 25 s: Jest must be gone long before a start and a stop could finish twice.
			120_000,
		);
		expect(jest.timedOut).toBe(false);
		expect(jest.output).toMatch(/Exceeded timeout of 2000 ms for a hook/);
		expect(jest.output).toMatch(/Tests:\s+1 failed, 1 total/);
		expect(jest.output).not.toMatch(/did not exit one second after the test run has completed/);
		expect(jest.code).toBe(1);
		expect(processesIn(userFolder)).toEqual([]);
	});
});
