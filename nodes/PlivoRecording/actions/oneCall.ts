import type { IDataObject } from 'n8n-workflow';

import type { PlivoRequest, PlivoResponse } from '../../shared/transport/request';
import type { PreparedItem } from './types';

/** The usual operation: one Plivo call, and one output item made from Plivo's answer. */
export function oneCall(request: PlivoRequest, output: (response: PlivoResponse) => IDataObject): PreparedItem {
	return async (plivo) => [{ json: output(await plivo.send(request)) }];
}
