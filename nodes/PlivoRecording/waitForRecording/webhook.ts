import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { startExecution } from '../../shared/callbacks/answers';
import { receivePlivoCallback } from '../../shared/callbacks/gateway';

/**
 * The resuming half of "Wait for Recording to Finish": Plivo's recording callback at this
 * execution's resume URL, checked by the callback gateway, becomes the node's output. A forged
 * call is answered 401 and leaves the execution waiting; a transcription is answered and ignored.
 */
export async function webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const received = await receivePlivoCallback.call(this, {
		webhook: { kind: 'resume' },
		// Always V3: a resume URL is new, and Plivo signs every callback with V3.
		verifySignature: true,
		acceptV2: false,
		events: ['recording'],
		ignoreDuplicates: false,
		needCredentials: false,
	});
	if ('answered' in received) return received.answered;
	return startExecution.call(this, { json: received.fields, pairedItem: { item: 0 } });
}
