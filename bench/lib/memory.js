// @ts-check
'use strict';
/**
 * A process's resident memory from /proc (Linux only): now, and its peak since the last reset.
 */
const fs = require('node:fs');

/**
 * The n8n process's resident memory: now, and its peak since the last reset (Linux only).
 * @param {number | undefined} pid
 */
function memoryOf(pid) {
	const status = () => (pid ? fs.readFileSync(`/proc/${pid}/status`, 'utf8') : '');
	const kib = (/** @type {string} */ field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status())?.[1]);
	return {
		/** Starts a new peak (VmHWM back to the current VmRSS). */
		resetPeak() {
			if (pid) fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
		},
		rssMiB: () => kib('VmRSS') / 1024,
		peakMiB: () => kib('VmHWM') / 1024,
	};
}

module.exports = { memoryOf };
