// @ts-check
'use strict';
/**
 * One real n8n (the end-to-end suite's launcher, same version) with this package installed
 * from its packed tarball, and one fake Plivo, shared by the parts that need them.
 */
const { packPackage, startN8n } = require('../../test/support/n8n');
const { startFakePlivo } = require('../../test/support/fakePlivo');
const { log, loadavg } = require('./util');

const AUTH_ID = 'MABENCH0000000000001';
const AUTH_TOKEN = 'bench-auth-token-0123456789abcdefABCDEF';
// Part 1's conditions: Plivo's limit and a realistic round trip.
const LATENCY_MS = 100;
const RATE_LIMIT = { max: 300, windowMs: 5000 };

/**
 * @typedef {Awaited<ReturnType<typeof startN8n>>} N8n
 * @typedef {Awaited<ReturnType<typeof startFakePlivo>>} Fake
 * @typedef {{ id: string, name: string }} CredentialRef
 * @typedef {{
 *   n8n: N8n, fake: Fake, tarball: string,
 *   plivoCredential: CredentialRef, basicCredential: CredentialRef,
 *   stop: () => Promise<void>,
 * }} Env
 */

/** @returns {Promise<Env>} */
async function startEnv() {
	const fake = await startFakePlivo({ port: 0, authId: AUTH_ID, authToken: AUTH_TOKEN, latencyMs: LATENCY_MS, rateLimit: { ...RATE_LIMIT } });
	log('building and packing the package');
	const tarball = await packPackage();
	log(`starting n8n (load average ${loadavg().join(' / ')})`);
	// BENCH_EXPRESSION_ENGINE=legacy: a diagnostic, n8n without its default isolated-vm engine.
	const engine = process.env.BENCH_EXPRESSION_ENGINE;
	const n8n = await startN8n({ version: process.env.N8N_VERSION, port: 0, tarball, env: engine ? { N8N_EXPRESSION_ENGINE: engine } : {} });
	log(`n8n ${n8n.version} ready in ${(n8n.startMs / 1000).toFixed(1)} s at ${n8n.baseUrl}`);
	try {
		await n8n.setupOwner();
		await n8n.createApiKey({ label: `bench ${Date.now()}` });
		const plivo = await n8n.createCredential({
			name: 'Plivo (fake, bench)',
			type: 'plivoRecordingApi',
			data: { authId: AUTH_ID, authToken: AUTH_TOKEN, baseUrl: fake.baseUrl },
		});
		// What a user of the HTTP Request node would create: Basic auth_id:auth_token.
		const basic = await n8n.createCredential({
			name: 'Plivo Basic auth (bench)',
			type: 'httpBasicAuth',
			data: { user: AUTH_ID, password: AUTH_TOKEN },
		});
		return {
			n8n,
			fake,
			tarball,
			plivoCredential: { id: plivo.id, name: plivo.name },
			basicCredential: { id: basic.id, name: basic.name },
			async stop() {
				await n8n.stop();
				await fake.close();
			},
		};
	} catch (error) {
		await n8n.stop();
		await fake.close();
		throw error;
	}
}

module.exports = { startEnv, AUTH_ID, AUTH_TOKEN, LATENCY_MS, RATE_LIMIT };
