#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Reads a CPU profile of n8n written by bench/lib/cpuProfileHook.js, over a stretch of wall-clock
 * time (say, from a node's start to its last answer, as the bench's log gives them):
 *   node bench/profile.js <n8n-PID.cpuprofile> <from, ISO time> <to, ISO time>
 * Prints the busy time by library (what ran under the package's own frames marked "under the
 * package"), the package's own code, the busiest functions, and the package's frames that the
 * time was spent under.
 */
const fs = require('node:fs');

const PACKAGE_PATH = 'node_modules/n8n-nodes-plivo-recording/';

/** @param {string} url */
const library = (url) => {
	const at = url.lastIndexOf('node_modules/');
	if (at < 0) return url.startsWith('node:') || !url.includes('/') ? 'Node.js' : url || '(native)';
	const rest = url.slice(at + 'node_modules/'.length).split('/');
	return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
};
/** @param {string} url */
const short = (url) => (url.includes('node_modules/') ? url.slice(url.lastIndexOf('node_modules/') + 13) : url);

/** @param {Record<string, number>} totals @param {number} most */
const table = (totals, most) =>
	Object.entries(totals)
		.sort((a, b) => b[1] - a[1])
		.slice(0, most)
		.map(([key, ms]) => `${ms.toFixed(0).padStart(7)} ms  ${key}`)
		.join('\n');

function main() {
	const [file, fromText, toText] = process.argv.slice(2);
	if (!file || !fromText || !toText) {
		process.stderr.write('usage: node bench/profile.js <n8n-PID.cpuprofile> <from ISO time> <to ISO time>\n');
		process.exit(2);
	}
	const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
	const startedAt = Number(fs.readFileSync(file.replace(/\.cpuprofile$/, '.epoch'), 'utf8'));
	const [from, to] = [Date.parse(fromText), Date.parse(toText)];
	/** @type {Map<number, any>} */
	const nodes = new Map(profile.nodes.map((/** @type {any} */ node) => [node.id, node]));
	/** @type {Map<number, number>} */
	const parentOf = new Map();
	for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
	/** The innermost frame of the package at or above a sample, if any. @param {any} node */
	const ownFrame = (node) => {
		for (let at = node; at; at = nodes.get(/** @type {number} */ (parentOf.get(at.id))))
			if (at.callFrame.url.includes(PACKAGE_PATH)) return at.callFrame;
		return undefined;
	};

	/** @type {Record<string, number>} */ const byLibrary = {};
	/** @type {Record<string, number>} */ const byFunction = {};
	/** @type {Record<string, number>} */ const underOwnFrame = {};
	let idle = 0;
	let busy = 0;
	let time = profile.startTime;
	for (let i = 0; i < profile.samples.length; i++) {
		time += profile.timeDeltas[i];
		const at = startedAt + (time - profile.startTime) / 1000;
		if (at < from || at > to) continue;
		const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
		const node = nodes.get(profile.samples[i]);
		const { functionName, url, lineNumber } = node.callFrame;
		if (functionName === '(idle)') {
			idle += ms;
			continue;
		}
		busy += ms;
		const own = ownFrame(node);
		// V8's own entries: (garbage collector), (program).
		const where = url.includes(PACKAGE_PATH)
			? 'the package'
			: url === '' && functionName.startsWith('(')
				? functionName
				: library(url);
		const key = own && where !== 'the package' ? `${where} (under the package)` : where;
		byLibrary[key] = (byLibrary[key] ?? 0) + ms;
		const name = `${functionName || '(anonymous)'} ${short(url)}:${lineNumber + 1}`;
		byFunction[name] = (byFunction[name] ?? 0) + ms;
		if (own) {
			const frame = `${own.functionName || '(anonymous)'} ${short(own.url)}:${own.lineNumber + 1}`;
			underOwnFrame[frame] = (underOwnFrame[frame] ?? 0) + ms;
		}
	}
	process.stdout.write(
		[
			`${((to - from) / 1000).toFixed(2)} s: busy ${busy.toFixed(0)} ms, idle ${idle.toFixed(0)} ms`,
			'',
			'by library:',
			table(byLibrary, 15),
			'',
			'busiest functions:',
			table(byFunction, 15),
			'',
			"spent under the package's frames (innermost):",
			table(underOwnFrame, 10),
			'',
		].join('\n'),
	);
}

main();
