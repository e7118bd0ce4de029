import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import type { CallbackParams } from './signature';
import { PLIVO_CREDENTIAL_TYPE } from './transport';
import { verifyCallback } from './verifyCallback';

export interface ReceivedCallback {
	/** Every field Plivo sent: the form or JSON body of a POST, the query of a GET. */
	fields: CallbackParams;
	credentials: IDataObject;
}

/**
 * Reads a Plivo callback from an n8n webhook request and checks its signature against
 * `urls` (every address Plivo may have called). Answers 401 itself when the check fails
 * (returns undefined: start nothing), else 200 at once, as Plivo retries slow answers.
 */
export async function receiveCallback(
	this: IWebhookFunctions,
	options: { verifySignature: boolean; needCredentials: boolean; urls: string[] },
): Promise<ReceivedCallback | undefined> {
	const request = this.getRequestObject();
	const response = this.getResponseObject();
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
			response
				.status(401)
				.type('text/plain')
				.send(verdict === 'missing' ? 'Missing X-Plivo-Signature-V3 header' : 'Invalid Plivo signature');
			return undefined;
		}
	}

	response.status(200).type('text/plain').send('OK');
	return { fields, credentials };
}
