import type { IDataObject } from 'n8n-workflow';

import type { PlivoRequest, PlivoResponse } from '../../shared/plivo/api';
import type { PreparedItem } from './types';

/** The usual operation: one Plivo call, and one output item made from Plivo's answer. */
export function oneCall(request: PlivoRequest, output: (response: PlivoResponse) => IDataObject): PreparedItem {
	return async (send) => [{ json: output(await send(request)) }];
}
