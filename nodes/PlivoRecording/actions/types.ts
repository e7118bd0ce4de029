import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { PlivoAccount, PlivoRequest, PlivoResponse } from '../../shared/plivo/api';

/**
 * The Operation contract: what every operation module (`actions/<resource>/<operation>.ts`)
 * provides, and what it gets to run with.
 *
 * The router first calls `prepare` for every item: it checks the item's parameters and builds
 * what the item will do, sending nothing, so that bad input anywhere fails before anything
 * reaches Plivo. Then it runs the prepared items concurrently, each with its way to send
 * Plivo calls, and applies Continue On Fail once. Most operations make one call and output one item (`oneCall`);
 * Get Many makes one call per page and outputs one item per recording, Download fetches the
 * recording, then its audio.
 */

/**
 * One Plivo API call for an item: paced with every other call to the account (300 per 5 s),
 * 429s retried, Plivo's errors named with the item's index. The only way to Plivo's API.
 */
export type SendToPlivo = (request: PlivoRequest) => Promise<PlivoResponse>;

/**
 * A checked item, ready to run: makes its Plivo calls and returns its output items (no pairing:
 * the router pairs each with its input item). Throws to fail the item.
 */
export type PreparedItem = (send: SendToPlivo) => Promise<INodeExecutionData[]>;

export interface Operation {
	/** The operation's own parameters (shown only for it). */
	description: INodeProperties[];
	/**
	 * Checks one item's parameters and returns how to run it; throws (naming item and field) on
	 * bad input. Sends nothing. `account` is the credential's (its Base URL decides which
	 * recording URLs may be fetched with it).
	 */
	prepare(this: IExecuteFunctions, itemIndex: number, account: PlivoAccount): PreparedItem;
	/**
	 * At most this many items of the operation run at once (default: a whole rate-limit window,
	 * MAX_CONCURRENT_REQUESTS). Lower where each item holds much memory while it runs.
	 */
	maxInFlight?: number;
}

/** A resource of the node: the Operation parameter shown for it, and its operations by value. */
export interface Resource {
	operation: INodeProperties;
	operations: Record<string, Operation>;
}
