/** Plivo's date-times and n8n's: the list filters' UTC text, add_time as ISO, wall times in a timezone. */
import {
	dateTimeToEpochMs,
	epochMicrosToFilterTime,
	plivoDateTimeToEpochMicros,
	plivoDateTimeToFilterTime,
	plivoDateTimeToIso,
	toPlivoFilterTime,
} from '../../../nodes/shared/plivoTime';

const iso = (epochMs: number | undefined) => (epochMs === undefined ? undefined : new Date(epochMs).toISOString());

describe('a Date & Time parameter as an instant', () => {
	it.each([
		[
			"text without a zone is the workflow timezone's clock (winter)",
			'2025-11-25T14:13:20',
			'Europe/Berlin',
			'2025-11-25T13:13:20.000Z',
		],
		['… and in summer time', '2025-07-25T14:13:20', 'Europe/Berlin', '2025-07-25T12:13:20.000Z'],
		['… with a space and milliseconds', '2025-11-25 14:13:20.250', 'America/New_York', '2025-11-25T19:13:20.250Z'],
		['… a date alone is its midnight', '2025-11-25', 'Asia/Kolkata', '2025-11-24T18:30:00.000Z'],
		['text with a zone is that instant', '2025-11-25T14:13:20.123+05:30', 'Europe/Berlin', '2025-11-25T08:43:20.123Z'],
		['… Z included', '2025-11-25T14:13:20Z', 'Europe/Berlin', '2025-11-25T14:13:20.000Z'],
		['an unknown timezone reads the clock as UTC', '2025-11-25T10:00:00', 'Not/AZone', '2025-11-25T10:00:00.000Z'],
	])('%s', (_case, value, timeZone, expected) => {
		expect(iso(dateTimeToEpochMs(value, timeZone))).toBe(expected);
	});

	it("a date object, n8n's DateTime (toISO) and epoch milliseconds are the instants they are", () => {
		expect(iso(dateTimeToEpochMs(new Date(Date.UTC(2025, 10, 25, 9)), 'Europe/Berlin'))).toBe(
			'2025-11-25T09:00:00.000Z',
		);
		expect(iso(dateTimeToEpochMs({ toISO: () => '2025-11-25T10:00:00.000+01:00' }, 'UTC'))).toBe(
			'2025-11-25T09:00:00.000Z',
		);
		expect(iso(dateTimeToEpochMs(1_764_080_000_000, 'Europe/Berlin'))).toBe('2025-11-25T14:13:20.000Z');
	});

	it.each(['', 'last tuesday', '25/11/2025', '2025-13-45T99:00:00', null, undefined, {}, Number.NaN, new Date('x')])(
		'%p is not a date and time',
		(value) => {
			expect(dateTimeToEpochMs(value, 'UTC')).toBeUndefined();
		},
	);
});

describe("Plivo's filter time", () => {
	it('is UTC as YYYY-MM-DD HH:MM:SS, with microseconds only when there are milliseconds', () => {
		expect(toPlivoFilterTime(Date.UTC(2025, 10, 5, 4, 3, 2))).toBe('2025-11-05 04:03:02');
		expect(toPlivoFilterTime(Date.UTC(2025, 10, 5, 4, 3, 2, 7))).toBe('2025-11-05 04:03:02.007000');
	});
});

describe("Plivo's add_time as ISO-8601", () => {
	it.each([
		['2025-11-25 19:48:32.480000+05:30', '2025-11-25T14:18:32.480Z'],
		['2014-08-05 16:15:15.852059+0530', '2014-08-05T10:45:15.852Z'],
		['2014-08-05 16:15:15+05', '2014-08-05T11:15:15.000Z'],
		['2014-08-05 16:15:15-07:00', '2014-08-05T23:15:15.000Z'],
		['2012-02-04T23:33:08.079231', '2012-02-04T23:33:08.079Z'],
		['2012-02-04 23:33', '2012-02-04T23:33:00.000Z'],
	])('%s → %s', (text, expected) => {
		expect(plivoDateTimeToIso(text)).toBe(expected);
	});

	it.each(['', 'yesterday', 1764080000000, null])('%p stays unread', (value) => {
		expect(plivoDateTimeToIso(value)).toBeUndefined();
	});
});

describe('add_time as the list filter that keeps it (UTC, to the microsecond)', () => {
	it.each([
		['2025-11-25 19:48:32.480000+05:30', '2025-11-25 14:18:32.480000'],
		['2014-08-05 16:15:15.852059+0530', '2014-08-05 10:45:15.852059'],
		['2014-08-05 00:15:15.000001+05:30', '2014-08-04 18:45:15.000001'],
		['2014-08-05 16:15:15+05', '2014-08-05 11:15:15'],
		['2014-08-05 16:15:15.5-07:00', '2014-08-05 23:15:15.500000'],
		['2012-02-04T23:33:08.079231', '2012-02-04 23:33:08.079231'],
		['2012-02-04 23:33', '2012-02-04 23:33:00'],
	])('%s → %s', (text, expected) => {
		expect(plivoDateTimeToFilterTime(text)).toBe(expected);
	});

	it.each(['', 'yesterday', 1764080000000, null])('%p stays unread', (value) => {
		expect(plivoDateTimeToFilterTime(value)).toBeUndefined();
	});
});

describe('add_time as an instant in epoch microseconds, and back to a filter', () => {
	it.each([
		['2025-11-25 19:48:32.480000+05:30', Date.UTC(2025, 10, 25, 14, 18, 32) * 1000 + 480_000],
		['2014-08-05 16:15:15.852059+0530', Date.UTC(2014, 7, 5, 10, 45, 15) * 1000 + 852_059],
		['2014-08-05 16:15:15+05', Date.UTC(2014, 7, 5, 11, 15, 15) * 1000],
		['2012-02-04 23:33:08.079231', Date.UTC(2012, 1, 4, 23, 33, 8) * 1000 + 79_231],
	])('%s → %d', (text, expected) => {
		expect(plivoDateTimeToEpochMicros(text)).toBe(expected);
	});

	it('orders two recordings a microsecond apart, whatever zone each is written in', () => {
		const first = plivoDateTimeToEpochMicros('2025-11-25 19:48:32.000001+05:30') as number;
		const second = plivoDateTimeToEpochMicros('2025-11-25 14:18:32.000002+00:00') as number;
		expect(second - first).toBe(1);
	});

	it.each(['', 'yesterday', 1764080000000, null])('%p stays unread', (value) => {
		expect(plivoDateTimeToEpochMicros(value)).toBeUndefined();
	});

	it.each([
		['2025-11-25 19:48:32.480000+05:30', '2025-11-25 14:18:32.480000'],
		['2014-08-05 16:15:15.000001+05:30', '2014-08-05 10:45:15.000001'],
		['2014-08-05 16:15:15+05', '2014-08-05 11:15:15'],
	])('%s as a filter is %s, as plivoDateTimeToFilterTime writes it', (text, expected) => {
		expect(epochMicrosToFilterTime(plivoDateTimeToEpochMicros(text) as number)).toBe(expected);
		expect(plivoDateTimeToFilterTime(text)).toBe(expected);
	});
});
