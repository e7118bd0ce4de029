import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { PlivoRequest, PlivoResponse } from '../../shared/plivo/api';

/**
 * One item's Plivo call, checked and built before anything is sent: the request, and what the
 * operation needs besides Plivo's answer to write the output item (e.g. the conference name).
 */
export interface PreparedCall {
	request: PlivoRequest;
	context: IDataObject;
}

/**
 * What every operation module (`actions/<resource>/<operation>.ts`) provides. The router
 * checks every item with `prepare` before anything is sent, runs the calls paced, and turns
 * each answer into the item's output with `output`.
 */
export interface Operation {
	/** The operation's own parameters (shown only for it). */
	description: INodeProperties[];
	/** Checks one item's parameters and builds its call; throws (naming item and field) on bad input. */
	prepare(this: IExecuteFunctions, itemIndex: number): PreparedCall;
	/** The output item for Plivo's answer to the call. */
	output(response: PlivoResponse, context: IDataObject): IDataObject;
}
