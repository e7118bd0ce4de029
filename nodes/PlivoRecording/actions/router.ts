import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { itemError } from './itemError';
import { DEFAULT_RESOURCE, resources } from './resources';
import { runItems } from './runItems';
import type { Operation } from './types';

const has = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

/** The operation module for an item; an unknown resource or operation fails the item, saying which exist. */
function operationFor(this: IExecuteFunctions, itemIndex: number): Operation {
	const resourceName = this.getNodeParameter('resource', itemIndex, DEFAULT_RESOURCE) as string;
	const resource = has(resources, resourceName) ? resources[resourceName] : undefined;
	if (resource === undefined) {
		throw itemError(
			this,
			itemIndex,
			`Unknown resource "${resourceName}"`,
			`Choose one of: ${Object.keys(resources).join(', ')}.`,
		);
	}
	const name = this.getNodeParameter('operation', itemIndex) as string;
	const operation = has(resource.operations, name) ? resource.operations[name] : undefined;
	if (operation === undefined) {
		throw itemError(
			this,
			itemIndex,
			`Unknown operation "${name}"`,
			`Choose one of: ${Object.keys(resource.operations).join(', ')}.`,
		);
	}
	return operation;
}

/** Dispatches each item to its resource's operation; runItems runs them. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runItems.call(this, operationFor);
}
