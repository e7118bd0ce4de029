import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getPlivoAccount, plivoApiRequest, type PlivoRequest } from '../../shared/plivo/api';
import { accountPacer, MAX_CONCURRENT_REQUESTS } from '../../shared/plivo/pacer';
import { runPooled } from '../../shared/plivo/pool';
import * as waitForRecording from '../waitForRecording/wait';
import { DEFAULT_RESOURCE, resources } from './resources';
import { readingStaticParametersOnce } from './staticParameters';
import type { Operation, PreparedItem } from './types';

const has = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

/** The operation module for an item; an unknown resource or operation fails the item, saying which exist. */
function operationFor(this: IExecuteFunctions, itemIndex: number): Operation {
	const resourceName = this.getNodeParameter('resource', itemIndex, DEFAULT_RESOURCE) as string;
	const resource = has(resources, resourceName) ? resources[resourceName] : undefined;
	if (resource === undefined) {
		throw new NodeOperationError(this.getNode(), `Unknown resource "${resourceName}" (item ${itemIndex})`, {
			itemIndex,
			description: `Choose one of: ${Object.keys(resources).join(', ')}.`,
		});
	}
	const name = this.getNodeParameter('operation', itemIndex) as string;
	const operation = has(resource.operations, name) ? resource.operations[name] : undefined;
	if (operation === undefined) {
		throw new NodeOperationError(this.getNode(), `Unknown operation "${name}" (item ${itemIndex})`, {
			itemIndex,
			description: `Choose one of: ${Object.keys(resource.operations).join(', ')}.`,
		});
	}
	return operation;
}

type Outcome = { items: INodeExecutionData[] } | { error: Error };

function throwFirstError(outcomes: Array<Outcome | undefined>) {
	const failed = outcomes.find((outcome) => outcome !== undefined && 'error' in outcome);
	if (failed && 'error' in failed) throw failed.error;
}

/**
 * Runs the chosen operation for every item: all parameters are checked first (bad input
 * sends nothing), then the items run concurrently, their calls paced under Plivo's rate limit.
 * Output keeps input order; each output item is paired with the input item it came from.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const waiting = waitForRecording.isWaiting.call(this);
	if (waiting) waitForRecording.checkOneItem.call(this, items.length);
	const outcomes: Array<Outcome | undefined> = new Array(items.length);
	const account = await getPlivoAccount.call(this);

	// Every item is checked before anything is sent: what is the same for every item is read once.
	const checking = readingStaticParametersOnce(this);
	let maxInFlight = MAX_CONCURRENT_REQUESTS;
	const prepared: Array<PreparedItem | undefined> = items.map((_item, itemIndex) => {
		try {
			const operation = operationFor.call(checking, itemIndex);
			maxInFlight = Math.min(maxInFlight, operation.maxInFlight ?? MAX_CONCURRENT_REQUESTS);
			return operation.prepare.call(checking, itemIndex, account);
		} catch (error) {
			outcomes[itemIndex] = { error };
			return undefined;
		}
	});
	// Bad input anywhere fails the node before anything reaches Plivo.
	if (!continueOnFail) throwFirstError(outcomes);

	const pending = prepared.flatMap((run, itemIndex) => (run ? [itemIndex] : []));
	if (pending.length > 0) {
		const pacer = accountPacer(account.baseUrl, account.authId);
		let failed = false;
		await runPooled(
			pending,
			maxInFlight,
			async (itemIndex) => {
				const run = prepared[itemIndex] as PreparedItem;
				try {
					const send = async (request: PlivoRequest) =>
						await plivoApiRequest.call(this, account, request, pacer, itemIndex);
					outcomes[itemIndex] = { items: await run(send) };
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
	if (waiting && only !== undefined && 'items' in only && only.items.length > 0) {
		return await waitForRecording.waitForCallback.call(this, only.items[0].json);
	}

	return [
		outcomes.flatMap((outcome, itemIndex): INodeExecutionData[] => {
			const pairedItem = { item: itemIndex };
			if (outcome && 'items' in outcome) return outcome.items.map((item) => ({ ...item, pairedItem }));
			const error = outcome && 'error' in outcome ? outcome.error : undefined;
			return [{ json: { error: error?.message ?? 'Not sent: an earlier item failed' }, pairedItem }];
		}),
	];
}
