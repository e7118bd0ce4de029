import type { IExecuteFunctions, INodeParameters, NodeParameterValueType } from 'n8n-workflow';

/**
 * Reading a parameter without any expression in it once for all items.
 *
 * The action checks every item before it sends anything, reading about ten parameters per item;
 * n8n resolves each read for its item, even when the value is the same text for every item
 * (a File Format, a Callback URL, the resource and operation). On 1,200 items that is over ten
 * thousand reads before the first request. A parameter holding no expression (no text starting
 * with "=", at any depth) cannot differ between items, so its first successful read serves
 * them all; a parameter with an expression is still read for each item. A read that throws is
 * not kept: every item gets its own error.
 */

type GetNodeParameter = IExecuteFunctions['getNodeParameter'];

/** Whether a raw parameter value (as saved in the workflow) holds an expression anywhere. */
export function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(holdsExpression);
	return false;
}

/** The raw value at a parameter path such as "options.publicUrl", as n8n's lodash `get` finds it. */
function rawValueAt(parameters: INodeParameters, path: string): unknown {
	let value: unknown = parameters;
	for (const key of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

/** A kept value handed to each item as its own copy, as n8n hands out a fresh one per read. */
const copyOf = <T>(value: T): T => (value !== null && typeof value === 'object' ? structuredClone(value) : value);

/**
 * The same execution context, whose `getNodeParameter` reads a parameter without expressions
 * once for all items. Everything else is the context's own.
 */
export function readingStaticParametersOnce(context: IExecuteFunctions): IExecuteFunctions {
	const parameters = context.getNode().parameters;
	const kept = new Map<string, NodeParameterValueType | object>();
	const readForItem = context.getNodeParameter.bind(context) as (
		...args: Parameters<GetNodeParameter>
	) => NodeParameterValueType | object;

	const getNodeParameter = ((name, itemIndex, fallbackValue, options) => {
		if (holdsExpression(rawValueAt(parameters, name))) return readForItem(name, itemIndex, fallbackValue, options);
		const key = JSON.stringify([name, fallbackValue ?? null, options ?? null]);
		if (!kept.has(key)) kept.set(key, readForItem(name, itemIndex, fallbackValue, options));
		return copyOf(kept.get(key));
	}) as GetNodeParameter;

	return Object.assign(Object.create(context) as IExecuteFunctions, { getNodeParameter });
}
