#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * `npm run screenshots`: the README's pictures of the editor, from a real n8n 2.41.1 in a real
 * Chromium, into docs/images/ (1440x900). A throw-away n8n and fake Plivo on 127.0.0.1 with the
 * examples imported, as `npm start` sets them up; the recording example is run once, so the
 * pictures show a real execution. Needs /usr/bin/chromium (scripts/install-system-deps.sh).
 * Last, manifest.json beside them: the descriptions they were taken from (tools/descriptions),
 * which test/unit/readmeImages.test.ts compares with the source.
 *
 *   node scripts/screenshots.js [output folder, default docs/images]
 */
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { DEFAULT_OWNER, installN8n, packPackage, startN8n } = require('../tools/n8n');
const { startFakePlivo } = require('../tools/fakePlivo');
const { setUpExamples, waitForCallbackRuns } = require('../tools/workflows');
const { openEditor, setUpRecordingTour, tourExamples, tourRecordings } = require('../tools/editor');
const { builtTypes, descriptionHashes } = require('../tools/descriptions');

const OUT = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'docs', 'images'));

/** @param {number} port */
function isFree(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

const started = Date.now();
/** @param {string} text */
const step = (text) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${text}\n`);

async function main() {
	step('building and packing the package');
	const tarball = await packPackage();
	// Hashed now, from the dist/ just packed: n8n runs this tarball, while dist/ may be built again
	// (a bench, a test) before the tour ends.
	const descriptionSha256 = descriptionHashes(builtTypes());
	// The ports `npm start` uses, so the pictures show the URLs a user sees; any free port when
	// they are taken (an `npm start` running, say).
	const fake = await startFakePlivo({ port: 8787, autoFinishMs: 1000 }).catch(() =>
		startFakePlivo({ port: 0, autoFinishMs: 1000 }),
	);
	/** @type {Awaited<ReturnType<typeof startN8n>> | undefined} */
	let n8n;
	/** @type {Awaited<ReturnType<typeof openEditor>> | undefined} */
	let editor;
	try {
		await installN8n();
		step('starting n8n');
		// The archive example writes recordings here (n8n lets its file node write only where allowed).
		const archiveDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plivo-archive-'));
		n8n = await startN8n({
			port: (await isFree(5678)) ? 5678 : 0,
			tarball,
			env: { N8N_RESTRICT_FILE_ACCESS_TO: archiveDir },
		});
		await n8n.setupOwner(DEFAULT_OWNER);
		await n8n.createApiKey({ label: 'screenshots' });
		const setup = await setUpExamples(n8n, fake);
		const { callback } = setup;
		step(`n8n ${n8n.version} at ${n8n.baseUrl}; examples imported`);

		editor = await openEditor({ baseUrl: n8n.baseUrl, log: (line) => step(line) });
		/** @type {Awaited<ReturnType<typeof waitForCallbackRuns>> | undefined} */
		let runs;
		const exampleShots = await tourExamples(
			editor,
			{
				owner: DEFAULT_OWNER,
				setup,
				// The tour's run of the recording example stopped the recording: the fake calls back.
				recordingExecutionId: async () => {
					runs = await waitForCallbackRuns(/** @type {any} */ (n8n), callback.id);
					return runs.recording.id;
				},
			},
			OUT,
		);
		// The recording life cycle's screens: the conference list, Get Many, the archive example.
		const recordingShots = await tourRecordings(
			editor,
			await setUpRecordingTour(n8n, fake, setup, { owner: DEFAULT_OWNER, archiveDir }),
			OUT,
		);
		const shots = { ...exampleShots, ...recordingShots };
		step(
			`"${callback.name}" ran for both callbacks: ${runs?.recording.output.message} | ${runs?.transcription.output.message}`,
		);

		const problems = Object.entries(shots).flatMap(([name, shot]) =>
			shot.problems.map((problem) => `${name}: ${problem}`),
		);
		if (editor.blocked.length > 0) problems.push(`requests outside 127.0.0.1 (blocked): ${editor.blocked.join(', ')}`);
		if (problems.length > 0) throw new Error(`the editor showed problems:\n  ${problems.join('\n  ')}`);
		const manifest = {
			n8n: n8n.version,
			date: new Date().toISOString().slice(0, 10),
			descriptionSha256,
			images: Object.values(shots)
				.map((shot) => path.relative(OUT, shot.file))
				.sort(),
		};
		fs.writeFileSync(path.join(OUT, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
		step(
			`done: ${Object.values(shots)
				.map((shot) => path.relative(process.cwd(), shot.file))
				.join(', ')}`,
		);
	} finally {
		await editor?.close();
		await n8n?.stop();
		await fake.close();
	}
}

main().catch((error) => {
	process.stderr.write(`screenshots failed: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
	process.exit(1);
});
