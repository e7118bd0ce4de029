import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { plivoClient, type PlivoClient } from '../../shared/transport/client';
import { MAX_CONCURRENT_REQUESTS } from '../../shared/transport/pacer';
import { runsAsTool, toolMessage } from './asTool';
import { readingStaticParametersOnce } from './staticParameters';
import { readBoolean } from './typedValues';
import type { Operation, PreparedItem } from './types';

type Outcome = { items: INodeExecutionData[] } | { error: Error };

function throwFirstError(outcomes: Array<Outcome | undefined>) {
	const failed = outcomes.find((outcome) => outcome !== undefined && 'error' in outcome);
	if (failed && 'error' in failed) throw failed.error;
}

/**
 * Runs `run` for the items, at most `limit` at a time, in order; starts none once `stop()` says
 * so (those already started still finish). How fast requests may leave is the pacer's business.
 */
async function runPooled(
	itemIndexes: number[],
	limit: number,
	run: (itemIndex: number) => Promise<void>,
	stop: () => boolean,
): Promise<void> {
	const queue = [...itemIndexes];
	const worker = async () => {
		for (let next = queue.shift(); next !== undefined && !stop(); next = queue.shift()) await run(next);
	};
	await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, worker));
}

/**
 * Runs each item's operation: every item is checked first (bad input sends nothing), then the
 * items run concurrently, their Plivo calls paced under Plivo's rate limit by the client.
 * Continue On Fail turns a failed item into an error item. Output keeps input order, each
 * output item paired with the input item it came from. An operation that waits for its
 * recording (and is told to) ends the run by putting the execution to wait.
 *
 * As an AI agent's tool (asTool.ts) nothing is thrown: every error, the run's own included,
 * becomes an output item `{ error }` in the one message a model can act on. n8n 2.x would hand
 * the model a thrown error's message without its description, and n8n 1.123 ends the whole
 * agent on a thrown error, so that the model could not try again with a corrected argument.
 */
export async function runItems(
	this: IExecuteFunctions,
	operationFor: (this: IExecuteFunctions, itemIndex: number) => Operation,
): Promise<INodeExecutionData[][]> {
	if (!runsAsTool(this)) return await runChecked.call(this, operationFor, false);
	try {
		return await runChecked.call(this, operationFor, true);
	} catch (error) {
		return [[{ json: { error: toolMessage(error) }, pairedItem: { item: 0 } }]];
	}
}

async function runChecked(
	this: IExecuteFunctions,
	operationFor: (this: IExecuteFunctions, itemIndex: number) => Operation,
	asTool: boolean,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	// A tool's failed item goes back to the model, as an item would with Continue On Fail.
	const continueOnFail = asTool || this.continueOnFail();
	// Every item is checked before anything is sent: what is the same for every item is read once.
	const checking = readingStaticParametersOnce(this);
	const waiting = waitingOf(checking, operationFor);
	if (waiting) waiting.check.call(this, { itemCount: items.length, asTool });
	const outcomes: Array<Outcome | undefined> = new Array(items.length);
	const plivo: PlivoClient = await plivoClient.call(this);
	const resumeUrl = waiting?.resumeUrl.call(this);

	let maxInFlight = MAX_CONCURRENT_REQUESTS;
	const prepared: Array<PreparedItem | undefined> = items.map((_item, itemIndex) => {
		try {
			const operation = operationFor.call(checking, itemIndex);
			maxInFlight = Math.min(maxInFlight, operation.maxInFlight ?? MAX_CONCURRENT_REQUESTS);
			const run = operation.prepare.call(checking, itemIndex, { plivo, resumeUrl, asTool });
			return simplifying.call(checking, operation, itemIndex, run);
		} catch (error) {
			outcomes[itemIndex] = { error };
			return undefined;
		}
	});
	// Bad input anywhere fails the node before anything reaches Plivo.
	if (!continueOnFail) throwFirstError(outcomes);

	let failed = false;
	await runPooled(
		prepared.flatMap((run, itemIndex) => (run ? [itemIndex] : [])),
		maxInFlight,
		async (itemIndex) => {
			try {
				outcomes[itemIndex] = { items: await (prepared[itemIndex] as PreparedItem)(plivo.forItem(itemIndex)) };
			} catch (error) {
				outcomes[itemIndex] = { error };
				// Without "Continue On Fail" the node fails: start nothing new.
				if (!continueOnFail) failed = true;
			}
		},
		() => failed,
	);
	if (!continueOnFail) throwFirstError(outcomes);

	const [only] = outcomes;
	if (waiting && only !== undefined && 'items' in only && only.items.length > 0) {
		return await waiting.wait.call(this, only.items[0].json);
	}
	return [
		outcomes.flatMap((outcome, itemIndex): INodeExecutionData[] => {
			const pairedItem = { item: itemIndex };
			if (outcome && 'items' in outcome) return outcome.items.map((item) => ({ ...item, pairedItem }));
			const error = outcome && 'error' in outcome ? outcome.error : undefined;
			const message = error === undefined ? undefined : asTool ? toolMessage(error) : error.message;
			return [{ json: { error: message ?? 'Not sent: an earlier item failed' }, pairedItem }];
		}),
	];
}

/**
 * The item's run, its output simplified when its operation can simplify (Get, Get Many,
 * Transcription Get) and the item's Simplify is on.
 */
function simplifying(
	this: IExecuteFunctions,
	operation: Operation,
	itemIndex: number,
	run: PreparedItem,
): PreparedItem {
	const simplify = operation.simplify;
	if (simplify === undefined || !readBoolean.call(this, 'simple', 'Simplify', itemIndex, false)) return run;
	return async (plivo) => (await run(plivo)).map((item) => ({ ...item, json: simplify(item.json) }));
}

/** The run's waiting, when its operation (the first item's) can wait and is told to. */
function waitingOf(
	context: IExecuteFunctions,
	operationFor: (this: IExecuteFunctions, itemIndex: number) => Operation,
) {
	let operation: Operation;
	try {
		operation = operationFor.call(context, 0);
	} catch {
		// No such operation: each item fails for it, below.
		return undefined;
	}
	return operation.waiting?.isOn.call(context) ? operation.waiting : undefined;
}
