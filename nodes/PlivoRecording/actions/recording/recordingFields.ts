import type { IDataObject } from 'n8n-workflow';

import { toIsoDate, toNumber } from '../../../shared/callbacks/fields';
import { plivoDateTimeToIso } from './plivoTime';

/**
 * A recording object from Plivo's API (Get, Get Many, Download) typed as the trigger types a
 * callback: Plivo's number-texts as numbers, `add_time` as ISO-8601 (UTC), and ISO-8601
 * `recording_start` / `recording_end` beside the epoch milliseconds. Every field Plivo sent stays.
 */
const NUMERIC_FIELDS = [
	'recording_duration_ms',
	'recording_start_ms',
	'recording_end_ms',
	'rounded_recording_duration',
	'recording_storage_duration',
	'recording_storage_rate',
	'monthly_recording_storage_amount',
];

export function typeRecording(recording: IDataObject): IDataObject {
	const typed: IDataObject = Object.fromEntries(
		Object.entries(recording).map(([key, value]) => [key, NUMERIC_FIELDS.includes(key) ? toNumber(value) : value]),
	) as IDataObject;
	const added = plivoDateTimeToIso(typed.add_time);
	if (added !== undefined) typed.add_time = added;
	const start = toIsoDate(typed.recording_start_ms);
	const end = toIsoDate(typed.recording_end_ms);
	if (start !== undefined) typed.recording_start = start;
	if (end !== undefined) typed.recording_end = end;
	return typed;
}
