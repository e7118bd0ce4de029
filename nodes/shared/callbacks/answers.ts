/**
 * How the callback webhooks answer Plivo: a refusal (401 signature, 400/413/415 fields), a
 * genuine callback that starts nothing (200 at once), or the execution it starts or resumes
 * (n8n answers once the execution exists). And undoing what a callback was remembered for when
 * it did not start an execution after all.
 */
import type { INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { Refusal } from './bounds';

/** What Plivo reads in our answer; it only looks at the status. */
const ANSWER = 'OK';

/**
 * How the callback webhooks answer: when the execution has been created (onReceived), with
 * ANSWER as the body (for onReceived, n8n sends a responseData that is not an option name as
 * it is; without one it would send the default's name, "firstEntryJson").
 */
export const CALLBACK_ANSWER = { responseMode: 'onReceived', responseData: ANSWER } as const;

/** Answers a refused request itself: nothing starts. */
export function refuse(this: IWebhookFunctions, refusal: Refusal): IWebhookResponseData {
	this.getResponseObject().status(refusal.status).type('text/plain').send(refusal.message);
	return { noWebhookResponse: true };
}

/** A genuine callback that starts nothing (another event, a repeat): 200 at once. */
export function ignoreCallback(this: IWebhookFunctions): IWebhookResponseData {
	this.getResponseObject().status(200).type('text/plain').send(ANSWER);
	return { noWebhookResponse: true };
}

/**
 * Starts (or resumes) the execution with `item`. n8n answers Plivo itself (CALLBACK_ANSWER)
 * once the execution exists (n8n 2.x; 1.x answers before): if n8n cannot start it, Plivo gets
 * an error it can retry instead of a 200 for an execution that never ran.
 */
export function startExecution(this: IWebhookFunctions, item: INodeExecutionData): IWebhookResponseData {
	// n8n sends the body string as it is; its type is ours to set.
	this.getResponseObject().type('text/plain');
	return { workflowData: [[item]] };
}

/**
 * Calls `forget` when the answer n8n gives this callback is not a success, or the connection
 * closes before any answer: the callback did not start an execution, so Plivo's retry must.
 */
export function onCallbackNotAccepted(this: IWebhookFunctions, forget: () => void): void {
	const response = this.getResponseObject();
	let answered = false;
	response.once('finish', () => {
		answered = true;
		if (response.statusCode < 200 || response.statusCode >= 300) forget();
	});
	response.once('close', () => {
		if (!answered) forget();
	});
}
