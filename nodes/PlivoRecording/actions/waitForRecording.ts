import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { classifyCallback, typeCallback } from '../../shared/callbacks/fields';
import { ignoreCallback, receiveCallback, startExecution } from '../../shared/callbacks/receive';
import { n8nRootOf, nodeWebhookKey, signedUrlCandidates } from '../../shared/callbacks/urls';

/**
 * "Wait for Recording to Finish": the node hands Plivo this execution's resume URL as the
 * recording's callback URL and puts the execution to wait, as n8n's Wait node does; Plivo's
 * callback (signature checked) resumes it with the recording's fields as the node's output.
 */
export const description: INodeProperties[] = [
	{
		displayName: 'Wait for Recording to Finish',
		name: 'waitForRecording',
		type: 'boolean',
		default: false,
		description:
			"Whether the workflow waits here until Plivo reports the finished recording, then goes on with its fields (record_url, duration, …). Plivo is given this execution's resume URL as the callback URL. It waits for the recording file, not its transcription: that still goes to the Transcription URL. One conference per execution.",
		displayOptions: { show: { operation: ['startRecording'] } },
	},
	{
		displayName: 'Max Wait (Minutes)',
		name: 'maxWaitMinutes',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 240,
		description:
			'If Plivo has not reported the recording by then, the workflow goes on with recording_wait "timed out". n8n checks waiting executions about once a minute, so the limit can be passed by up to a minute.',
		displayOptions: { show: { operation: ['startRecording'], waitForRecording: [true] } },
	},
];

export function isWaiting(this: IExecuteFunctions): boolean {
	const operation = this.getNodeParameter('operation', 0) as string;
	return operation === 'startRecording' && (this.getNodeParameter('waitForRecording', 0, false) as boolean);
}

/** The execution's resume URL (n8n 2.x adds its resume token to it). */
export function resumeUrl(this: IExecuteFunctions): string {
	return String(this.evaluateExpression('{{ $execution.resumeUrl }}', 0));
}

/** One execution resumes once, so it can wait for one recording: say so before sending. */
export function checkOneItem(this: IExecuteFunctions, itemCount: number) {
	if (itemCount > 1) {
		throw new NodeOperationError(
			this.getNode(),
			`Wait for Recording to Finish handles one conference per execution, and this node received ${itemCount} items`,
			{
				description:
					'Put a Loop Over Items node (batch size 1) before this node, or turn the option off and use the Plivo Recording Callback Trigger, which handles any number of recordings.',
			},
		);
	}
}

/**
 * Puts the execution to wait. What the node outputs if the wait times out is the item it
 * waits with, so that item becomes the timeout result (n8n passes it through on timeout).
 */
export async function waitForCallback(this: IExecuteFunctions, started: IDataObject): Promise<INodeExecutionData[][]> {
	const maxWaitMinutes = this.getNodeParameter('maxWaitMinutes', 0, 240) as number;
	const timedOut: INodeExecutionData = {
		json: {
			...started,
			recording_wait: 'timed out',
			recording_wait_minutes: maxWaitMinutes,
		},
		pairedItem: { item: 0 },
	};
	// Replace (not mutate) the waiting entry's input: the original items belong to the previous node.
	this.getExecuteData().data = { main: [[timedOut]] };
	await this.putExecutionToWait(new Date(Date.now() + maxWaitMinutes * 60_000));
	return [[timedOut]];
}

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
		n8nRoot: n8nRootOf(this.getNodeWebhookUrl('default') ?? '', nodeWebhookKey(node, String(this.getWorkflow().id ?? ''))),
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
	return startExecution.call(this, { json: typeCallback(event, received.fields) as IDataObject, pairedItem: { item: 0 } });
}
