/**
 * Plivo's date-times and ours. Plivo's list filters take UTC as `YYYY-MM-DD HH:MM[:ss[.uuuuuu]]`;
 * its recording objects write `add_time` as `2025-11-25 19:48:32.480000+05:30` (the account's
 * timezone). n8n hands a Date & Time parameter over as text without a zone (meant in the
 * workflow's timezone), as ISO text with one (an expression's `$now`), or as a date object.
 * Pure functions, no n8n imports.
 */

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;
const PLIVO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** How far `timeZone`'s clock is ahead of UTC at the instant `utcMs`, in ms. */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(utcMs));
	const part = (type: string) => Number(parts.find((candidate) => candidate.type === type)?.value);
	const clock = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
	return clock - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/** A clock reading in `timeZone` (no zone of its own) as epoch ms. */
function wallTimeToEpochMs(text: string, timeZone: string): number | undefined {
	const match = WALL_TIME.exec(text);
	if (!match) return undefined;
	const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = ''] = match;
	const clock = Date.UTC(+year, +month - 1, +day, +hour, +minute, +second, Number(fraction.padEnd(3, '0').slice(0, 3)));
	// Date.UTC rolls 2025-02-30 over into March: a reading it had to roll over is not a date.
	const read = new Date(clock);
	const exact =
		read.getUTCFullYear() === +year &&
		read.getUTCMonth() === +month - 1 &&
		read.getUTCDate() === +day &&
		read.getUTCHours() === +hour &&
		read.getUTCMinutes() === +minute &&
		read.getUTCSeconds() === +second;
	if (!exact) return undefined;
	// The offset at the guessed instant, checked once more at the result (a DST change in between).
	let epochMs = clock - zoneOffsetMs(clock, timeZone);
	const offsetThen = zoneOffsetMs(epochMs, timeZone);
	if (clock - offsetThen !== epochMs) epochMs = clock - offsetThen;
	return epochMs;
}

/**
 * A Date & Time parameter as epoch ms: text with a zone as written, text without one in the
 * workflow's `timeZone`, a date object (or n8n's DateTime) as the instant it is, a number as
 * epoch milliseconds. Undefined when it is none of these.
 */
export function dateTimeToEpochMs(value: unknown, timeZone: string): number | undefined {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (value !== null && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		return dateTimeToEpochMs((value as { toISO: () => unknown }).toISO(), timeZone);
	}
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (HAS_ZONE.test(text) && /^\d{4}-\d{2}-\d{2}T/.test(text)) {
		const epochMs = Date.parse(text);
		return Number.isNaN(epochMs) ? undefined : epochMs;
	}
	try {
		return wallTimeToEpochMs(text, timeZone);
	} catch {
		// An unknown timezone name: read the clock as UTC rather than fail.
		return wallTimeToEpochMs(text, 'UTC');
	}
}

/** Epoch ms as Plivo's list filters want it: UTC, `YYYY-MM-DD HH:MM:SS[.uuuuuu]`. */
export function toPlivoFilterTime(epochMs: number): string {
	const date = new Date(epochMs);
	const milliseconds = date.getUTCMilliseconds();
	return (
		`${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
		`${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}` +
		(milliseconds === 0 ? '' : `.${pad(milliseconds, 3)}000`)
	);
}

/**
 * Plivo's date-time read once: the instant to the whole second (its zone applied; a time without
 * a zone is UTC, as Plivo's are) and the microseconds after it. Undefined when unreadable.
 */
function readPlivoDateTime(value: unknown): { secondMs: number; micros: number } | undefined {
	if (typeof value !== 'string') return undefined;
	const match = PLIVO_DATE_TIME.exec(value.trim());
	if (!match) return undefined;
	const [, day, time, zone = 'Z'] = match;
	const [clock, fraction = ''] = time.split('.');
	// `+0530` and `+05` as `+05:30` and `+05:00`, the forms Date.parse reads.
	const offset = zone === 'Z' ? zone : `${zone.slice(0, 3)}:${zone.length > 3 ? zone.slice(-2) : '00'}`;
	const secondMs = Date.parse(`${day}T${clock}${offset}`);
	return Number.isNaN(secondMs) ? undefined : { secondMs, micros: Number(fraction.padEnd(6, '0').slice(0, 6)) };
}

/** Plivo's `add_time` as ISO-8601 (UTC), to the millisecond. Undefined when unreadable. */
export function plivoDateTimeToIso(value: unknown): string | undefined {
	const read = readPlivoDateTime(value);
	return read === undefined ? undefined : new Date(read.secondMs + Math.floor(read.micros / 1000)).toISOString();
}

/**
 * Plivo's `add_time` as an instant in epoch microseconds (its zone applied, its microseconds
 * kept: two recordings a few microseconds apart stay in order). Exact as a number until 2255.
 * Undefined when unreadable.
 */
export function plivoDateTimeToEpochMicros(value: unknown): number | undefined {
	const read = readPlivoDateTime(value);
	return read === undefined ? undefined : read.secondMs * 1000 + read.micros;
}

/** Epoch microseconds as Plivo's list filters want them: UTC, `YYYY-MM-DD HH:MM:SS[.uuuuuu]`. */
export function epochMicrosToFilterTime(epochMicros: number): string {
	const micros = ((epochMicros % 1_000_000) + 1_000_000) % 1_000_000;
	const wholeSeconds = toPlivoFilterTime((epochMicros - micros) / 1000);
	return micros === 0 ? wholeSeconds : `${wholeSeconds}.${pad(micros, 6)}`;
}

/**
 * Plivo's `add_time` as its list filters want it: UTC, its microseconds kept (a filter rounded
 * to the millisecond would leave out the very recording it was read from). Undefined when unreadable.
 */
export function plivoDateTimeToFilterTime(value: unknown): string | undefined {
	const epochMicros = plivoDateTimeToEpochMicros(value);
	return epochMicros === undefined ? undefined : epochMicrosToFilterTime(epochMicros);
}
