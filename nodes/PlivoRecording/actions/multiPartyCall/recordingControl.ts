import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

import { oneCall } from '../oneCall';
import type { Operation, PreparedItem } from '../types';
import { multiPartyCallFields, noActiveMultiPartyCall, readMultiPartyCall } from './multiPartyCall';

/**
 * Stop, Pause and Resume: one call about the running recording of a Multi-Party Call (or of one
 * participant), and one output item saying what was done.
 */
export function recordingControl(
	operation: string,
	method: IHttpRequestMethods,
	pathAfterRecord: string,
	done: IDataObject,
): Pick<Operation, 'description' | 'prepare'> {
	return {
		description: multiPartyCallFields(operation),
		prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
			const target = readMultiPartyCall.call(this, itemIndex);
			return oneCall(
				{
					method,
					path: `MultiPartyCall/${target.recordPath}${pathAfterRecord}`,
					// A participant may have more than one recording: Plivo picks it by its tracks.
					...(target.trackType !== undefined ? { body: { record_track_type: target.trackType } } : {}),
					startsRecording: false,
					notFound: noActiveMultiPartyCall(target),
				},
				() => ({ ...target.output, ...done }),
			);
		},
	};
}
