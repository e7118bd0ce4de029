/**
 * What a Plivo recording callback means: which event it is and its fields, typed.
 * Pure functions, no n8n imports: the trigger (and the waiting action) use them alike.
 */

export type CallbackEvent = 'recording' | 'transcription';

export type RawCallback = Record<string, unknown>;

// Plivo sends every value as a string; these are numbers to anyone using them.
const NUMERIC_FIELDS = [
	'recording_duration',
	'recording_duration_ms',
	'recording_start_ms',
	'recording_end_ms',
	'duration',
	'transcription_charge',
	'transcription_rate',
];

/** A transcription callback carries the text (or its charge); a recording one, the file. */
export function classifyCallback(fields: RawCallback): CallbackEvent | undefined {
	if ('transcription' in fields || 'transcription_charge' in fields) return 'transcription';
	if ('record_url' in fields) return 'recording';
	return undefined;
}

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

/** Every field Plivo sent, numbers as numbers, plus `event` and ISO-8601 start and end. */
export function typeCallback(event: CallbackEvent, fields: RawCallback): Record<string, unknown> {
	// fromEntries defines own properties, so a field named `__proto__` stays plain data;
	// the classified event wins over a field of the same name.
	const typed: Record<string, unknown> = Object.fromEntries([
		['event', event],
		...Object.entries(fields)
			.filter(([key]) => key !== 'event')
			.map(([key, value]) => [key, NUMERIC_FIELDS.includes(key) ? toNumber(value) : value]),
	]);
	const start = toIsoDate(typed.recording_start_ms);
	const end = toIsoDate(typed.recording_end_ms);
	if (start !== undefined) typed.recording_start = start;
	if (end !== undefined) typed.recording_end = end;
	return typed;
}
