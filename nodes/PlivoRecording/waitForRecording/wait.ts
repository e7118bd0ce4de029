import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Waiting } from '../actions/types';
import { asNumber, readBoolean } from '../actions/typedValues';

/**
 * The waiting half of "Wait for Recording to Finish", in execute(): whether this run waits,
 * the resume URL handed to Plivo, and putting the execution to wait. An operation that can wait
 * declares it (`waiting: waitForRecording`); the runner asks it once per run.
 */

function isOn(this: IExecuteFunctions): boolean {
	return readBoolean.call(this, 'waitForRecording', 'Wait for Recording to Finish', 0, false);
}

/** The execution's resume URL (n8n 2.x adds its resume token to it). */
function resumeUrl(this: IExecuteFunctions): string {
	return String(this.evaluateExpression('{{ $execution.resumeUrl }}', 0));
}

/**
 * One execution resumes once, so it can wait for one recording: say so before sending. An AI
 * agent's tool call cannot wait at all: the agent's whole execution would wait with it (up to
 * Max Wait), and the model, and the person chatting with it, would get no answer.
 */
function check(this: IExecuteFunctions, { itemCount, asTool }: { itemCount: number; asTool: boolean }) {
	if (asTool) {
		throw new NodeOperationError(
			this.getNode(),
			"Wait for Recording to Finish cannot run as an AI agent's tool: the whole agent would wait until Plivo reports the recording, and the model would get no answer. Nothing was sent to Plivo",
			{
				description:
					"Turn Wait for Recording to Finish off in this tool, and send the recording's callback to a Plivo Recording Callback Trigger instead (its production URL as the Callback URL): that workflow runs when the recording is finished.",
			},
		);
	}
	if (itemCount > 1) {
		throw new NodeOperationError(
			this.getNode(),
			`Wait for Recording to Finish handles one recording per execution, and this node received ${itemCount} items`,
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
async function wait(this: IExecuteFunctions, started: IDataObject): Promise<INodeExecutionData[][]> {
	const maxWaitMinutes = asNumber(this.getNodeParameter('maxWaitMinutes', 0, 240)) as number;
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

export const waitForRecording: Waiting = { isOn, check, resumeUrl, wait };
