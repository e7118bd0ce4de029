import type { IDataObject } from 'n8n-workflow';

import { typeFieldValue, withIsoTimes } from '../../../shared/plivoFields';
import { plivoDateTimeToIso } from '../../../shared/plivoTime';

/**
 * A recording object from Plivo's API (Get, Get Many, Download) typed as the trigger types a
 * callback (shared/plivoFields.ts): numbers as numbers, ISO-8601 `recording_start` /
 * `recording_end` beside the epoch milliseconds, and `add_time` as ISO-8601 (UTC). Every field
 * Plivo sent stays.
 */
export function typeRecording(recording: IDataObject): IDataObject {
	const typed = Object.fromEntries(
		Object.entries(recording).map(([key, value]) => [key, typeFieldValue(key, value)]),
	) as IDataObject;
	const added = plivoDateTimeToIso(typed.add_time);
	if (added !== undefined) typed.add_time = added;
	return withIsoTimes(typed);
}
