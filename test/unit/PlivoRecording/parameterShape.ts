/**
 * What a saved node's parameters are, without the texts the editor shows beside them: names,
 * types, defaults, options' values, when each is shown, ranges. A workflow saved with the node
 * behaves as before as long as this is the same (texts may be reworded; added options aside).
 */
import type { INodeProperties } from 'n8n-workflow';

const TEXTS = new Set(['displayName', 'description', 'hint', 'placeholder', 'action', 'name']);

function shapeOf(value: unknown, key = ''): unknown {
	if (Array.isArray(value)) return value.map((entry) => shapeOf(entry));
	if (value === null || typeof value !== 'object') return value;
	const entries = Object.entries(value as Record<string, unknown>)
		// An option's `name` is its label; a parameter's `name` is what the workflow saves.
		.filter(([field]) => !TEXTS.has(field) || (field === 'name' && !('value' in (value as object))))
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([field, entry]) => [field, shapeOf(entry, field)]);
	return key === '' || entries.length > 0 ? Object.fromEntries(entries) : {};
}

/** The shape of a node's parameters (see above), in their order. */
export function parameterShape(properties: INodeProperties[]): unknown {
	return shapeOf(properties);
}
