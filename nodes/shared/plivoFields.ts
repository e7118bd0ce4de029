/**
 * Plivo's fields typed, one way for both nodes: Plivo sends every number as text (in callbacks,
 * and in some of its API's recording objects), and times as epoch milliseconds. Callbacks
 * (callbacks/shapes.ts) and the action's recordings (Get, Get Many, Download) come out with
 * numbers as numbers and ISO-8601 `recording_start` / `recording_end` beside the epoch ms.
 * Pure functions, no n8n imports.
 */

/** Every field Plivo sends as text that is a number to anyone using it. */
const NUMERIC_FIELDS = new Set([
	// recordings: callbacks and the API's recording objects
	'recording_duration',
	'recording_duration_ms',
	'recording_start_ms',
	'recording_end_ms',
	// the API's recording objects: storage
	'rounded_recording_duration',
	'recording_storage_duration',
	'recording_storage_rate',
	'monthly_recording_storage_amount',
	// transcription callbacks
	'duration',
	'transcription_charge',
	'transcription_rate',
	// Multi-Party Call recording events
	'SequenceNumber',
	'sequence_number',
	// Plivo XML's and the Multi-Party Call events' names for the recording's
	'RecordingDuration',
	'RecordingDurationMs',
	'RecordingStartMs',
	'RecordingEndMs',
]);

/** Plivo's number-as-text (`"312"`, `"345100.00000"`) as a number; anything else as it was. */
export function toNumber(value: unknown): unknown {
	if (typeof value !== 'string' || value.trim() === '') return value;
	const number = Number(value);
	return Number.isFinite(number) ? number : value;
}

/** Epoch milliseconds as an ISO-8601 date-time; undefined when not a usable number. */
export function toIsoDate(epochMs: unknown): string | undefined {
	if (typeof epochMs !== 'number' || !Number.isFinite(epochMs)) return undefined;
	const date = new Date(epochMs);
	return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** A field's value typed: a numeric field's text as a number, any other as it was. */
export function typeFieldValue(key: string, value: unknown): unknown {
	return NUMERIC_FIELDS.has(key) ? toNumber(value) : value;
}

/** Adds ISO-8601 `recording_start` / `recording_end` for the typed epoch ms, where there are some. */
export function withIsoTimes<T extends Record<string, unknown>>(typed: T): T {
	const start = toIsoDate(typed.recording_start_ms);
	const end = toIsoDate(typed.recording_end_ms);
	if (start !== undefined) (typed as Record<string, unknown>).recording_start = start;
	if (end !== undefined) (typed as Record<string, unknown>).recording_end = end;
	return typed;
}
