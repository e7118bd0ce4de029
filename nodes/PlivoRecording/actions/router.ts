import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { getPlivoAccount, plivoApiRequest, type PlivoRequest, type PlivoResponse } from '../../shared/plivo/api';
import { MAX_CONCURRENT_REQUESTS, RequestPacer } from '../../shared/plivo/pacer';
import * as startRecording from './startRecording';
import * as stopRecording from './stopRecording';
import * as waitForRecording from './waitForRecording';

type PreparedCall = PlivoRequest & { conferenceName: string; operation: Operation };

interface Operation {
	prepare(this: IExecuteFunctions, itemIndex: number): PlivoRequest & { conferenceName: string };
	output(response: PlivoResponse, conferenceName: string): IDataObject;
}

const operations: Record<string, Operation> = { startRecording, stopRecording };

type Outcome = { json: IDataObject } | { error: Error };

function throwFirstError(outcomes: Array<Outcome | undefined>) {
	const failed = outcomes.find((outcome) => outcome !== undefined && 'error' in outcome);
	if (failed && 'error' in failed) throw failed.error;
}

/**
 * Runs the chosen operation for every item: all parameters are checked first (bad input
 * sends nothing), then the calls go out concurrently, paced under Plivo's rate limit.
 * Output keeps input order, one item per input item.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const waiting = waitForRecording.isWaiting.call(this);
	if (waiting) waitForRecording.checkOneItem.call(this, items.length);
	const outcomes: Array<Outcome | undefined> = new Array(items.length);

	const calls: Array<PreparedCall | undefined> = items.map((_item, itemIndex) => {
		try {
			const operation = operations[this.getNodeParameter('operation', itemIndex) as string];
			return { ...operation.prepare.call(this, itemIndex), operation };
		} catch (error) {
			outcomes[itemIndex] = { error };
			return undefined;
		}
	});
	// Bad input anywhere fails the node before anything reaches Plivo.
	if (!continueOnFail) throwFirstError(outcomes);

	const pending = calls.flatMap((call, itemIndex) => (call ? [itemIndex] : []));
	if (pending.length > 0) {
		const account = await getPlivoAccount.call(this);
		const pacer = new RequestPacer();
		let failed = false;
		const worker = async () => {
			for (let next = pending.shift(); next !== undefined && !failed; next = pending.shift()) {
				const itemIndex = next;
				const call = calls[itemIndex] as PreparedCall;
				try {
					const response = await plivoApiRequest.call(this, account, call, pacer, itemIndex);
					outcomes[itemIndex] = { json: call.operation.output(response, call.conferenceName) };
				} catch (error) {
					outcomes[itemIndex] = { error };
					// Without "Continue On Fail" the node fails: start nothing new.
					if (!continueOnFail) failed = true;
				}
			}
		};
		await Promise.all(
			Array.from({ length: Math.min(MAX_CONCURRENT_REQUESTS, pending.length) }, worker),
		);
	}

	if (!continueOnFail) throwFirstError(outcomes);

	const [only] = outcomes;
	if (waiting && only !== undefined && 'json' in only) {
		return await waitForRecording.waitForCallback.call(this, only.json);
	}

	return [
		outcomes.map((outcome, itemIndex) => {
			if (outcome && 'json' in outcome) return { json: outcome.json, pairedItem: { item: itemIndex } };
			const error = outcome && 'error' in outcome ? outcome.error : undefined;
			return {
				json: { error: error?.message ?? 'Not sent: an earlier item failed' },
				pairedItem: { item: itemIndex },
			};
		}),
	];
}
