// @ts-check
'use strict';
/**
 * What a run started, stopped when the run ends, whatever way it ends.
 *
 * Every helper that starts a process or a server (n8n and its queue-mode processes, PostgreSQL,
 * Redis, the fake Plivo) registers how to stop it here BEFORE it waits for it to be ready. A
 * Jest hook that times out leaves its start running in the background: the suite's afterAll
 * (test/support/stopStartedProcesses.ts) calls stopStarted(), which stops what is running and
 * makes any start still on its way stop itself the moment it registers, so no suite can keep
 * Jest (or CI) waiting. Scripts get the same on Ctrl-C and on exit (process 'exit' kills
 * synchronously; Jest's sandboxed `process` never fires it, hence the afterAll).
 */

/**
 * @typedef {object} Started
 * @property {string} name what it is, for messages
 * @property {() => Promise<void>} stop stops it gracefully; must be safe to call twice
 * @property {() => void} [kill] stops it at once, synchronously (used on process exit)
 */

/** @type {Set<Started>} */
const started = new Set();
let closed = false;
let exitHooked = false;

/** Thrown by register() once stopStarted() has run: the run is over, nothing may start. */
class RunStoppedError extends Error {}

/** Kills what is left, synchronously: the only thing a process 'exit' handler can do. */
function killAll() {
	for (const entry of started) {
		try {
			entry.kill?.();
		} catch {
			// already gone
		}
	}
}

/**
 * Registers something just started. Returns the function that unregisters it (call it once
 * the thing has been stopped by its owner). After stopStarted() the thing is stopped at once
 * and RunStoppedError is thrown, so the start that registered it gives up.
 * @param {Started} entry
 * @returns {() => void}
 */
function register(entry) {
	if (closed) {
		entry.kill?.();
		void entry.stop().catch(() => undefined);
		throw new RunStoppedError(`${entry.name} was started after the run stopped everything it had started; stopped it`);
	}
	if (!exitHooked) {
		exitHooked = true;
		process.on('exit', killAll);
	}
	started.add(entry);
	return () => started.delete(entry);
}

/**
 * Stops everything registered and not yet stopped, in the reverse order of start (a main n8n
 * before the PostgreSQL it uses), and refuses later starts.
 * @param {{ reopen?: boolean }} [options] reopen: accept new starts afterwards (a script that goes on)
 */
async function stopStarted({ reopen = false } = {}) {
	closed = true;
	const entries = [...started].reverse();
	started.clear();
	for (const entry of entries) {
		await entry.stop().catch(() => entry.kill?.());
	}
	if (reopen) closed = false;
}

/** How many registered things are still running (for tests of this module). */
const runningCount = () => started.size;

module.exports = { register, stopStarted, runningCount, RunStoppedError };
