import type { IDataObject } from 'n8n-workflow';

import { typeFieldValue, withIsoTimes } from './plivoFields';
import { plivoDateTimeToIso } from './plivoTime';

/**
 * A recording object from Plivo's API (the action's Get, Get Many, Download; the New Recording
 * trigger's polls) typed as the callback trigger types a callback (plivoFields.ts): numbers as
 * numbers, ISO-8601 `recording_start` / `recording_end` beside the epoch milliseconds, and
 * `add_time` as ISO-8601 (UTC). Every field Plivo sent stays. One function, so that a recording
 * looks the same whichever node outputs it.
 */
export function typeRecording(recording: IDataObject): IDataObject {
	// A plain loop: a catch-up types tens of thousands of these.
	const typed: IDataObject = {};
	for (const key of Object.keys(recording)) typed[key] = typeFieldValue(key, recording[key]) as IDataObject[string];
	const added = plivoDateTimeToIso(typed.add_time);
	if (added !== undefined) typed.add_time = added;
	return withIsoTimes(typed);
}
