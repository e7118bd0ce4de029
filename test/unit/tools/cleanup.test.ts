import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh copy of tools/cleanup (its registry is module state). */
function freshCleanup(): typeof import('../../../tools/cleanup') {
	let loaded: typeof import('../../../tools/cleanup') | undefined;
	jest.isolateModules(() => {
		loaded = require('../../../tools/cleanup');
	});
	return loaded!;
}

describe('tools/cleanup: what a run started is stopped when it ends', () => {
	it('stops everything registered, the last started first, and each once', async () => {
		const cleanup = freshCleanup();
		const stopped: string[] = [];
		const entry = (name: string) => ({ name, stop: async () => void stopped.push(name) });
		cleanup.register(entry('postgres'));
		const unregisterFake = cleanup.register(entry('fake'));
		cleanup.register(entry('n8n'));
		unregisterFake();

		await cleanup.stopStarted({ reopen: true });
		expect(stopped).toEqual(['n8n', 'postgres']);
		expect(cleanup.runningCount()).toBe(0);
		await cleanup.stopStarted({ reopen: true });
		expect(stopped).toEqual(['n8n', 'postgres']);
	});

	it('a start that registers after the run stopped everything is stopped at once and told so', async () => {
		const cleanup = freshCleanup();
		await cleanup.stopStarted();
		const stop = jest.fn(async () => undefined);
		const kill = jest.fn();
		expect(() => cleanup.register({ name: 'late n8n', stop, kill })).toThrow(cleanup.RunStoppedError);
		expect(kill).toHaveBeenCalledTimes(1);
		expect(stop).toHaveBeenCalledTimes(1);
		expect(cleanup.runningCount()).toBe(0);
	});

	it('a stop that fails falls back to killing, and the others are still stopped', async () => {
		const cleanup = freshCleanup();
		const kill = jest.fn();
		const stopOther = jest.fn(async () => undefined);
		cleanup.register({ name: 'other', stop: stopOther });
		cleanup.register({
			name: 'stuck',
			stop: async () => {
				throw new Error('pg_ctl failed');
			},
			kill,
		});
		await cleanup.stopStarted();
		expect(kill).toHaveBeenCalledTimes(1);
		expect(stopOther).toHaveBeenCalledTimes(1);
	});
});

describe('tools/n8n: a test finds n8n installed, it never installs it', () => {
	const saved = process.env.PLIVO_REC_CACHE;
	let cache: string;
	beforeEach(() => {
		cache = fs.mkdtempSync(path.join(os.tmpdir(), 'plivo-rec-cache-'));
		process.env.PLIVO_REC_CACHE = cache;
	});
	afterEach(() => {
		if (saved === undefined) delete process.env.PLIVO_REC_CACHE;
		else process.env.PLIVO_REC_CACHE = saved;
		fs.rmSync(cache, { recursive: true, force: true });
	});

	function freshLauncher(): typeof import('../../../tools/n8n') {
		let loaded: typeof import('../../../tools/n8n') | undefined;
		jest.isolateModules(() => {
			loaded = require('../../../tools/n8n');
		});
		return loaded!;
	}

	it('fails at once, naming what is missing and the command that installs it', async () => {
		const { installedN8n, startN8n } = freshLauncher();
		expect(() => installedN8n('2.41.1')).toThrow(
			`n8n 2.41.1 (${cache}/n8n-2.41.1) and Node 24 (${cache}/node24) not installed: run \`bash scripts/install-test-deps.sh\` first`,
		);
		expect(() => installedN8n('1.123.81')).toThrow(
			/^n8n 1\.123\.81 .* not installed: run `bash scripts\/install-test-deps\.sh`/,
		);
		const started = Date.now();
		await expect(startN8n({ version: '1.123.81', port: 0 })).rejects.toThrow(/not installed/);
		expect(Date.now() - started).toBeLessThan(5000);
	});

	it('finds an install the script marked done', () => {
		fs.mkdirSync(path.join(cache, 'n8n-1.123.81'), { recursive: true });
		fs.writeFileSync(path.join(cache, 'n8n-1.123.81', '.installed'), '');
		const { installedN8n } = freshLauncher();
		expect(installedN8n('1.123.81')).toEqual({
			dir: path.join(cache, 'n8n-1.123.81'),
			nodeBin: path.dirname(process.execPath),
			version: '1.123.81',
		});
	});
});
