// @ts-check
'use strict';
/**
 * The fake Plivo, by job: signing.js (V2/V3 signatures), callbacks.js (what Plivo calls back,
 * and sending it), routes.js and recordings.js (the REST API), faults.js (injected failures),
 * media.js (the audio), server.js (the HTTP server tying them together), types.js (JSDoc
 * types for the tests).
 */
const { startFakePlivo, DEFAULT_AUTH_ID, DEFAULT_AUTH_TOKEN } = require('./server');
const { signatureV2, signatureV3, signatureV3Payload } = require('./signing');

module.exports = { startFakePlivo, signatureV2, signatureV3, signatureV3Payload, DEFAULT_AUTH_ID, DEFAULT_AUTH_TOKEN };
