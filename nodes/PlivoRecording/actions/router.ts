import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getPlivoAccount, plivoApiRequest } from '../../shared/plivo/api';
import { accountPacer, MAX_CONCURRENT_REQUESTS } from '../../shared/plivo/pacer';
import { runPooled } from '../../shared/plivo/pool';
import * as waitForRecording from '../waitForRecording/wait';
import * as startRecording from './conference/startRecording';
import * as stopRecording from './conference/stopRecording';
import type { Operation, PreparedCall } from './types';

export const operations: Record<string, Operation> = { startRecording, stopRecording };

/** The operation module for an item; an unknown name fails the item, saying which names exist. */
function operationFor(this: IExecuteFunctions, itemIndex: number): Operation {
	const name = this.getNodeParameter('operation', itemIndex) as string;
	const operation = Object.prototype.hasOwnProperty.call(operations, name) ? operations[name] : undefined;
	if (operation === undefined) {
		throw new NodeOperationError(this.getNode(), `Unknown operation "${name}" (item ${itemIndex})`, {
			itemIndex,
			description: `Choose one of: ${Object.keys(operations).join(', ')}.`,
		});
	}
	return operation;
}

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

	const calls: Array<(PreparedCall & { operation: Operation }) | undefined> = items.map((_item, itemIndex) => {
		try {
			const operation = operationFor.call(this, itemIndex);
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
		const pacer = accountPacer(account.baseUrl, account.authId);
		let failed = false;
		await runPooled(
			pending,
			MAX_CONCURRENT_REQUESTS,
			async (itemIndex) => {
				const call = calls[itemIndex] as PreparedCall & { operation: Operation };
				try {
					const response = await plivoApiRequest.call(this, account, call.request, pacer, itemIndex);
					outcomes[itemIndex] = { json: call.operation.output(response, call.context) };
				} catch (error) {
					outcomes[itemIndex] = { error };
					// Without "Continue On Fail" the node fails: start nothing new.
					if (!continueOnFail) failed = true;
				}
			},
			() => failed,
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
