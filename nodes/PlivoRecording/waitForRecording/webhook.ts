import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { classifyCallback, typeCallback } from '../../shared/callbacks/fields';
import { ignoreCallback, receiveCallback, startExecution } from '../../shared/callbacks/receive';
import { n8nRootOf, nodeWebhookKey, signedUrlCandidates } from '../../shared/callbacks/urls';

/** The resuming half of "Wait for Recording to Finish": Plivo's callback at the resume URL. */

/**
 * The URL Plivo may have signed: the resume URL this execution gave it, i.e. n8n's configured
 * address (from the URL n8n gives this node's webhook) with the path and query as called, when
 * that path is this execution's resume path (`/webhook-waiting/<execution id>`, optionally
 * followed by this node's id).
 */
function signedUrls(this: IWebhookFunctions): string[] {
	const request = this.getRequestObject();
	const node = this.getNode();
	const executionId = this.getExecutionId();
	return signedUrlCandidates({
		n8nRoot: n8nRootOf(
			this.getNodeWebhookUrl('default') ?? '',
			nodeWebhookKey(node, String(this.getWorkflow().id ?? '')),
		),
		called: request.originalUrl ?? request.url,
		routePaths: [executionId, `${executionId}/${node.id}`],
	});
}

/** Plivo's recording callback at the resume URL: checked, then the node's output. */
export async function webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	// Always V3: a resume URL is new, and Plivo signs every callback with V3.
	const received = await receiveCallback.call(this, {
		verifySignature: true,
		acceptV2: false,
		needCredentials: false,
		urls: () => signedUrls.call(this),
	});
	// A forged call is answered 401 and leaves the execution waiting.
	if (received === undefined) return { noWebhookResponse: true };
	const event = classifyCallback(received.fields);
	if (event !== 'recording') return ignoreCallback.call(this);
	return startExecution.call(this, {
		json: typeCallback(event, received.fields) as IDataObject,
		pairedItem: { item: 0 },
	});
}
