import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { startExecution } from '../../shared/callbacks/answers';
import { receivePlivoCallback } from '../../shared/callbacks/gateway';

/**
 * The resuming half of "Wait for Recording to Finish": Plivo's recording callback at this
 * execution's resume URL, checked by the callback gateway, becomes the node's output. A forged
 * call is answered 401 and leaves the execution waiting; a transcription, or a step of a
 * Multi-Party Call recording (started, paused, resumed), is answered and ignored.
 */
export async function webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const received = await receivePlivoCallback.call(this, {
		webhook: { kind: 'resume' },
		// Always V3: a resume URL is new, and Plivo signs every callback with V3.
		verifySignature: true,
		acceptV2: false,
		events: ['recording', 'recordingFailed'],
		ignoreDuplicates: false,
		needCredentials: false,
	});
	if ('answered' in received) return received.answered;
	if (received.event === 'recordingFailed') return recordingFailed.call(this, received.fields);
	return startExecution.call(this, { json: received.fields, pairedItem: { item: 0 } });
}

/**
 * Plivo reports that the recording failed (a Multi-Party Call's …RecordingFailed): the item
 * fails, saying so. n8n resumes a waiting node with what its webhook returns, without running
 * it again, so the failure is thrown here: n8n then ends the execution with this error at this
 * node (and answers Plivo with an error). With Continue On Fail the workflow goes on with the
 * failure as the item instead.
 */
function recordingFailed(this: IWebhookFunctions, fields: Record<string, unknown>): IWebhookResponseData {
	const message = `Plivo reports that recording "${String(fields.recording_id ?? '')}" failed: there is no file`;
	const node = this.getNode();
	if (node.continueOnFail === true || (node.onError !== undefined && node.onError !== 'stopWorkflow')) {
		return startExecution.call(this, {
			json: { ...fields, recording_wait: 'failed', error: message },
			pairedItem: { item: 0 },
		});
	}
	throw new NodeOperationError(node, message, {
		itemIndex: 0,
		description:
			'Check the call in the Plivo console; start the recording again, or turn on Continue On Fail to go on without it.',
	});
}
