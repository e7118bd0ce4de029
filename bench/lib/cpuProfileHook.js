// @ts-check
'use strict';
/**
 * A CPU profile of the bench's n8n, for finding where a figure's time goes:
 *   BENCH_N8N_NODE_OPTIONS="--require $PWD/bench/lib/cpuProfileHook.js" node bench/run.js …
 * The main n8n process (not its task runner or npm, which inherit NODE_OPTIONS) profiles itself
 * from its start until `touch <PROFILE_DIR>/stop`, then writes n8n-<pid>.cpuprofile and, beside
 * it, n8n-<pid>.epoch (the wall-clock ms the profile started, to read samples against the
 * bench's log). `node bench/profile.js` reads them. PROFILE_DIR: <tmp>/plivo-bench-profile.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const PROFILE_DIR = path.join(os.tmpdir(), 'plivo-bench-profile');

if (process.argv.some((arg) => arg.endsWith(`${path.sep}bin${path.sep}n8n`)) && process.argv.includes('start')) {
	const inspector = require('node:inspector');
	const session = new inspector.Session();
	session.connect();
	fs.mkdirSync(PROFILE_DIR, { recursive: true });
	const startedAt = Date.now();
	session.post('Profiler.setSamplingInterval', { interval: 500 });
	session.post('Profiler.enable', () => session.post('Profiler.start'));
	const poll = setInterval(() => {
		if (!fs.existsSync(path.join(PROFILE_DIR, 'stop'))) return;
		clearInterval(poll);
		session.post('Profiler.stop', (error, result) => {
			if (error) return;
			const base = path.join(PROFILE_DIR, `n8n-${process.pid}`);
			fs.writeFileSync(`${base}.cpuprofile`, JSON.stringify(result.profile));
			fs.writeFileSync(`${base}.epoch`, String(startedAt));
		});
	}, 200);
	poll.unref();
}

module.exports = { PROFILE_DIR };
