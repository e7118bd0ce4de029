import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** How an item's error names its item, at the end of the message. */
const itemNumber = (itemIndex: number) => ` (item ${itemIndex})`;
const ITEM_NUMBER = / \(item \d+\)$/;

/**
 * The error of one item's bad input (or of what became of it): the message names the item,
 * the description says what to do.
 */
export function itemError(
	context: IExecuteFunctions,
	itemIndex: number,
	message: string,
	description: string,
): NodeOperationError {
	return new NodeOperationError(context.getNode(), `${message}${itemNumber(itemIndex)}`, { itemIndex, description });
}

/** An error's message without the item it names, for a reader that has one item only (an AI agent's tool call). */
export function withoutItemNumber(message: string): string {
	return message.replace(ITEM_NUMBER, '');
}
