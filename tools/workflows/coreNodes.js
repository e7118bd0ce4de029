// @ts-check
'use strict';
/**
 * n8n's own nodes as the editor saves them, for the workflows the end-to-end suites, `npm
 * start` and the benchmarks import into a real n8n (n8n-nodes-base is n8n's, not ours).
 */
const { randomUUID } = require('node:crypto');

/**
 * The core Webhook node (v2) taking POSTs on `path`.
 * @param {string} path @param {Record<string, unknown>} respond responseMode and what goes with it
 */
function webhookNode(path, respond) {
	return {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: /** @type {[number, number]} */ ([0, 0]),
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, ...respond, options: {} },
	};
}

/**
 * Split Out: one item per element of `field` (e.g. 'body.conferences' of a Webhook's output).
 * @param {string} field
 */
function splitOutNode(field) {
	return {
		id: randomUUID(),
		name: 'Split Out',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: /** @type {[number, number]} */ ([220, 0]),
		parameters: { fieldToSplitOut: field, options: {} },
	};
}

module.exports = { webhookNode, splitOutNode };
