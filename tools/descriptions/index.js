// @ts-check
'use strict';
/**
 * A fingerprint of what the editor shows of each node and credential, the one entry every caller
 * requires (`tools/descriptions`): `npm run screenshots` records it beside the README's pictures
 * (docs/images/manifest.json) from the package it just built, and the unit test
 * test/unit/readmeImages.test.ts computes it from the source, so a picture older than its node's
 * description fails the unit tests. One function for both, so they cannot disagree.
 */
const crypto = require('node:crypto');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');

/** @param {[string, unknown]} a @param {[string, unknown]} b */
const byKey = ([a], [b]) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * JSON with every object's keys sorted: the hash follows what a description says, not the order
 * its source lists the keys in. JSON drops functions (a credential's `authenticate`), which the
 * editor does not show either, so the compiled and the TypeScript classes hash alike.
 * @param {unknown} value
 */
function canonicalJson(value) {
	return JSON.stringify(value, (_key, field) =>
		field && typeof field === 'object' && !Array.isArray(field)
			? Object.fromEntries(Object.entries(field).sort(byKey))
			: field,
	);
}

/**
 * The sha256 of each node's `description` and each credential (its name, fields, icon, test
 * request), keyed by their type names and sorted by them.
 * @param {Array<{ description: { name: string } } | { name: string }>} types instances of the
 *   node and credential classes
 * @returns {Record<string, string>}
 */
function descriptionHashes(types) {
	/** @type {Array<[string, string]>} */
	const entries = types.map((type) => {
		const [name, shown] = 'description' in type ? [type.description.name, type.description] : [type.name, type];
		return [name, crypto.createHash('sha256').update(canonicalJson(shown)).digest('hex')];
	});
	return Object.fromEntries(entries.sort(byKey));
}

/**
 * An instance of every node and credential class the built package registers with n8n
 * (package.json's "n8n" field, the files in dist/), as n8n loads them.
 * @param {string} [root] the package's folder
 * @returns {Array<{ description: { name: string } } | { name: string }>}
 */
function builtTypes(root = ROOT) {
	const { n8n } = require(path.join(root, 'package.json'));
	return [...n8n.nodes, ...n8n.credentials].flatMap((file) =>
		Object.values(require(path.join(root, file))).map((Type) => new Type()),
	);
}

module.exports = { descriptionHashes, builtTypes };
