// @ts-check
'use strict';
/**
 * The one execution a bench call to a workflow's webhook started, read through n8n's public
 * API: note the newest before the call, then wait for a newer one to finish (n8n saves it a
 * moment after the webhook's answer).
 */
const { delay } = require('./util');

/**
 * The ID of the workflow's newest execution, if any.
 * @param {import('./setup').N8n} n8n @param {string} workflowId
 * @returns {Promise<string | undefined>}
 */
async function newestExecutionId(n8n, workflowId) {
	return (await n8n.api('GET', `/executions?workflowId=${workflowId}&limit=1&includeData=false`)).data[0]?.id;
}

/**
 * The workflow's newest execution once it is finished and is not `previousId`, with its data.
 * @param {import('./setup').N8n} n8n @param {string} workflowId @param {string | undefined} previousId
 * @param {number} [timeoutMs] @param {number} [intervalMs] between two looks (each costs n8n an API call)
 */
async function nextFinishedExecution(n8n, workflowId, previousId, timeoutMs = 60_000, intervalMs = 100) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const [execution] = (await n8n.api('GET', `/executions?workflowId=${workflowId}&limit=1&includeData=false`)).data;
		if (execution && execution.id !== previousId && execution.stoppedAt)
			return await n8n.api('GET', `/executions/${execution.id}?includeData=true`);
		if (Date.now() > deadline) throw new Error(`no finished execution of workflow ${workflowId}`);
		await delay(intervalMs);
	}
}

module.exports = { newestExecutionId, nextFinishedExecution };
