// @ts-check
'use strict';
/**
 * The fake Plivo API, the one entry every caller requires (`tools/fakePlivo`): the server, the
 * V2 / V3 signatures it signs its callbacks with, and the tally of a burst. Its files, by job:
 * signing.js (V2/V3 signatures), callbacks.js (what Plivo calls back, and sending it), routes.js
 * and recordings.js (the REST API), mpc.js (Multi-Party Calls), masking.js (Number Masking sessions), calls.js (calls), transcriptions.js (transcriptions ordered after the fact), params.js (what the newer routes
 * share), ASSUMPTIONS.md (where Plivo is silent), faults.js (injected failures), media.js (the audio),
 * server.js (the HTTP server tying them together), tally.js (what it saw of a burst), types.js
 * (JSDoc types: `import type { FakePlivo } from '…/tools/fakePlivo/types'`), cli.js (the fake
 * standalone: `node tools/fakePlivo/cli.js --help`).
 */
const { startFakePlivo, DEFAULT_AUTH_ID, DEFAULT_AUTH_TOKEN } = require('./server');
const { signatureV2, signatureV3, signatureV3Payload } = require('./signing');
const { markFake, tallyBurst } = require('./tally');

/** @typedef {import('./tally').Tally} Tally */
/** @typedef {import('./tally').TallyMark} TallyMark */

module.exports = {
	startFakePlivo,
	signatureV2,
	signatureV3,
	signatureV3Payload,
	markFake,
	tallyBurst,
	DEFAULT_AUTH_ID,
	DEFAULT_AUTH_TOKEN,
};
