import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { CallbackParams } from './signature';
import { PLIVO_CREDENTIAL_TYPE } from '../plivo/api';
import { verifyCallback } from './verify';

export interface ReceivedCallback {
	/** Every field Plivo sent: the form or JSON body of a POST, the query of a GET. */
	fields: CallbackParams;
	credentials: IDataObject;
}

/** What Plivo reads in our answer; it only looks at the status. */
const ANSWER = 'OK';

/**
 * How the callback webhooks answer: when the execution has been created (onReceived), with
 * ANSWER as the body (for onReceived, n8n sends a responseData that is not an option name as
 * it is; without one it would send the default's name, "firstEntryJson").
 */
export const CALLBACK_ANSWER = { responseMode: 'onReceived', responseData: ANSWER } as const;

/**
 * Reads a Plivo callback from an n8n webhook request and checks its signature against
 * `urls` (every address Plivo may have called). Answers 401 itself when the check fails
 * (returns undefined: start nothing); otherwise the caller answers with one of the two below.
 */
export async function receiveCallback(
	this: IWebhookFunctions,
	options: { verifySignature: boolean; needCredentials: boolean; urls: string[] },
): Promise<ReceivedCallback | undefined> {
	const request = this.getRequestObject();
	const method = request.method.toUpperCase();
	// n8n's parsed form body may have no prototype; copy it into a plain object.
	const fields: CallbackParams =
		method === 'GET'
			? { ...(this.getQueryData() as CallbackParams) }
			: { ...((this.getBodyData() ?? {}) as CallbackParams) };
	const credentials =
		options.verifySignature || options.needCredentials
			? await this.getCredentials(PLIVO_CREDENTIAL_TYPE)
			: {};

	if (options.verifySignature) {
		const verdict = verifyCallback(
			{ method, headers: request.headers, params: method === 'GET' ? {} : fields, urls: options.urls },
			String(credentials.authToken ?? ''),
		);
		if (verdict !== 'valid') {
			this.getResponseObject()
				.status(401)
				.type('text/plain')
				.send(verdict === 'missing' ? 'Missing X-Plivo-Signature-V3 header' : 'Invalid Plivo signature');
			return undefined;
		}
	}
	return { fields, credentials };
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
