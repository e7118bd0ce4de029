import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

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
	return new NodeOperationError(context.getNode(), `${message} (item ${itemIndex})`, { itemIndex, description });
}
