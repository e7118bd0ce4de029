import type { IExecuteFunctions } from 'n8n-workflow';

import { withoutItemNumber } from './itemError';

/**
 * The action run by an AI agent as a tool. n8n offers the node to its AI Agent as a type of its
 * own, `<package>.plivoRecordingTool`, and runs this node's execute() for it (n8n 2.41 and
 * 1.123 alike): the type is how the node knows. What changes for a tool is decided by the
 * operations (ItemRun.asTool) and by runItems (errors as output); this module only tells.
 */

/** Whether this run is an AI agent's tool call. */
export function runsAsTool(context: IExecuteFunctions): boolean {
	return context.getNode().type.endsWith('Tool');
}

/**
 * The most items one tool call returns (Get Many): a tool's output goes into the model's
 * context as JSON, and 50 recordings, simplified, are about 25 KB of it.
 */
export const TOOL_MAX_ITEMS = 50;

/**
 * An error as the one message a model reads: what was wrong (the parameter and the value) and
 * what would work, Plivo's own words included where Plivo refused. n8n 2.x hands a tool's thrown
 * error to the model without its description, and 1.123 ends the whole agent on it, so a tool
 * returns this as its output instead. A tool call is one item: its number is left out.
 */
export function toolMessage(error: unknown): string {
	const { message, description } = error as { message?: unknown; description?: unknown };
	const what = withoutItemNumber(typeof message === 'string' && message !== '' ? message : String(error));
	const fix = typeof description === 'string' ? description.trim() : '';
	if (fix === '' || what.includes(fix)) return what;
	return `${what}${/[.!?:]$/.test(what) ? '' : '.'} ${fix}`;
}
