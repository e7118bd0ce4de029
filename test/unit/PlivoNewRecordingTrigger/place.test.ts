/** The trigger's place in the Recording list, as pure functions: no n8n, no HTTP. */
import {
	CLOCK_MARGIN_US,
	LATE_LISTING_US,
	WINDOW_US,
	handledIn,
	nextPlace,
	placeAfter,
	placeFrom,
	readFromAfter,
	readPlace,
	takeNew,
	windowsFrom,
	type Listed,
	type Place,
	type WindowRead,
} from '../../../nodes/PlivoNewRecordingTrigger/place';

const MINUTE = 60_000_000;
const DAY = 24 * 60 * MINUTE;
const NOW = 1_764_000_000_000_000; // late 2025, epoch µs

const rec = (id: string, addedAt: number): Listed => ({ id, addedAt });
const read = (listed: Listed[], extra: Partial<WindowRead> = {}): WindowRead => ({
	window: { from: NOW - DAY },
	listed,
	whole: true,
	settled: true,
	...extra,
});

describe('readPlace', () => {
	it('reads back a stored place, as a copy', () => {
		const stored = { version: 1, newest: 5, readFrom: 3, handled: { a: 4 } };
		const place = readPlace(stored) as Place;
		expect(place).toEqual(stored);
		place.handled.b = 9;
		expect(stored.handled).toEqual({ a: 4 });
	});

	it.each([undefined, null, 'x', {}, { version: 2, newest: 1, readFrom: 1, handled: {} }, { version: 1, newest: 1 }])(
		'is no place for %p (the trigger starts over)',
		(stored) => {
			expect(readPlace(stored)).toBeUndefined();
		},
	);
});

describe('readFromAfter: how far back the next poll reads', () => {
	it('the late-listing span back from now (n8n clock) while the newest recording is recent', () => {
		expect(readFromAfter(NOW - MINUTE, NOW)).toBe(NOW - LATE_LISTING_US);
		expect(readFromAfter(NOW - 9 * MINUTE, NOW)).toBe(NOW - LATE_LISTING_US);
	});

	it('never more than the span before the newest recording (n8n ahead of Plivo: bounded memory)', () => {
		expect(readFromAfter(NOW - 15 * MINUTE, NOW)).toBe(NOW - 15 * MINUTE);
		expect(readFromAfter(NOW - MINUTE, NOW + DAY)).toBe(NOW - MINUTE);
	});

	it('from the newest recording itself once it is older than the span: a quiet account reads one instant back', () => {
		expect(readFromAfter(NOW - 3 * DAY, NOW)).toBe(NOW - 3 * DAY);
	});

	it('the span before newest when n8n runs behind Plivo (newest after n8n now)', () => {
		expect(readFromAfter(NOW + MINUTE, NOW)).toBe(NOW + MINUTE - LATE_LISTING_US);
	});
});

describe('the first place', () => {
	it('of an empty account (or a backfill) emits everything from its start', () => {
		expect(placeFrom(NOW - CLOCK_MARGIN_US)).toEqual({
			version: 1,
			newest: NOW - CLOCK_MARGIN_US,
			readFrom: NOW - CLOCK_MARGIN_US,
			handled: {},
		});
	});

	it('of an account with recordings starts at its newest, and remembers those in the late-listing span', () => {
		const place = placeAfter([rec('c', NOW - MINUTE), rec('b', NOW - 5 * MINUTE), rec('a', NOW - 20 * MINUTE)], NOW);
		expect(place).toEqual({
			version: 1,
			newest: NOW - MINUTE,
			readFrom: NOW - LATE_LISTING_US,
			handled: { c: NOW - MINUTE, b: NOW - 5 * MINUTE },
		});
	});
});

describe('windowsFrom: the add_time windows a poll reads', () => {
	it('one open window when the place is recent', () => {
		expect(windowsFrom(NOW - MINUTE, NOW)).toEqual([{ from: NOW - MINUTE }]);
	});

	it('closed windows of 28 days over a long pause, then the open one, each within Plivo’s 30 days', () => {
		const windows = windowsFrom(NOW - 70 * DAY, NOW);
		expect(windows).toEqual([
			{ from: NOW - 70 * DAY, to: NOW - 42 * DAY },
			{ from: NOW - 42 * DAY, to: NOW - 14 * DAY },
			{ from: NOW - 14 * DAY },
		]);
		expect(WINDOW_US).toBeLessThanOrEqual(30 * DAY);
		// The open window's start is within 29 days, so Plivo's own 30 days reach past its now.
		expect(NOW - (windows.at(-1)?.from as number)).toBeLessThan(29 * DAY + 1);
	});

	it('a closed window always ends a day before now', () => {
		for (let days = 28; days < 90; days += 0.5) {
			for (const window of windowsFrom(NOW - days * DAY, NOW)) {
				if (window.to !== undefined) expect(window.to).toBeLessThan(NOW - CLOCK_MARGIN_US);
				else expect(window.from).toBeGreaterThanOrEqual(NOW - 29 * DAY);
			}
		}
	});
});

describe('takeNew: the new recordings of a window', () => {
	const place: Place = {
		version: 1,
		newest: NOW - MINUTE,
		readFrom: NOW - 11 * MINUTE,
		handled: { old: NOW - MINUTE },
	};

	it('leaves out those handled or taken earlier in the poll, oldest first', () => {
		const listed = [rec('n3', NOW - 10), rec('n2', NOW - 20), rec('old', NOW - MINUTE), rec('n1', NOW - 30)];
		expect(takeNew(place, read(listed), Infinity, new Set(['n2']))).toEqual({
			take: [rec('n1', NOW - 30), rec('n3', NOW - 10)],
			finished: true,
		});
	});

	it('keeps Plivo’s order among recordings of one add_time (its newest first, so reversed)', () => {
		const listed = [rec('y', NOW - 10), rec('x', NOW - 10)];
		expect(takeNew(place, read(listed), Infinity, new Set()).take.map(({ id }) => id)).toEqual(['x', 'y']);
	});

	it('up to the room left; not finished when more are new, or when only the ends were read', () => {
		const listed = [rec('b', NOW - 10), rec('a', NOW - 20)];
		expect(takeNew(place, read(listed), 1, new Set())).toEqual({ take: [rec('a', NOW - 20)], finished: false });
		expect(takeNew(place, read(listed), 2, new Set()).finished).toBe(true);
		expect(takeNew(place, read(listed, { whole: false }), 5, new Set()).finished).toBe(false);
	});

	it('counts the handled recordings a window may list again', () => {
		const handled = { a: NOW - 3 * DAY, b: NOW - 2 * DAY, c: NOW - MINUTE };
		const withHandled = { ...place, handled };
		expect(handledIn(withHandled, { from: NOW - 3 * DAY, to: NOW - 2 * DAY })).toBe(2);
		expect(handledIn(withHandled, { from: NOW - 2 * DAY })).toBe(2);
	});
});

describe('nextPlace: where the next poll starts', () => {
	const place: Place = {
		version: 1,
		newest: NOW - 20 * MINUTE,
		readFrom: NOW - 20 * MINUTE,
		handled: { old: NOW - 20 * MINUTE },
	};

	it('moves to the newest emitted, remembers those in the span, forgets the rest', () => {
		const next = nextPlace(place, { emitted: [rec('a', NOW - 15 * MINUTE), rec('b', NOW - MINUTE)] }, NOW);
		expect(next).toEqual({
			version: 1,
			newest: NOW - MINUTE,
			readFrom: NOW - LATE_LISTING_US,
			handled: { b: NOW - MINUTE },
		});
	});

	it('stays when nothing was new', () => {
		expect(nextPlace(place, { emitted: [] }, NOW)).toEqual(place);
	});

	it('never reads from earlier than before, even when n8n’s clock went back', () => {
		const next = nextPlace(place, { emitted: [] }, NOW - 2 * DAY);
		expect(next.readFrom).toBe(place.readFrom);
	});

	it('moves past a closed window read to its end, though nothing in it was new', () => {
		const far: Place = { version: 1, newest: NOW - 70 * DAY, readFrom: NOW - 70 * DAY, handled: {} };
		const next = nextPlace(far, { emitted: [], finishedTo: NOW - 42 * DAY }, NOW);
		expect(next).toMatchObject({ newest: NOW - 42 * DAY, readFrom: NOW - 42 * DAY });
	});

	it('reads again from a window whose pages moved while read, keeping what it emitted', () => {
		const far: Place = { version: 1, newest: NOW - 3 * DAY, readFrom: NOW - 3 * DAY, handled: {} };
		const emitted = [rec('a', NOW - 2 * DAY), rec('b', NOW - DAY)];
		const next = nextPlace(far, { emitted, unsettledFrom: NOW - 3 * DAY }, NOW);
		expect(next).toEqual({
			version: 1,
			newest: NOW - DAY,
			readFrom: NOW - 3 * DAY,
			handled: { a: NOW - 2 * DAY, b: NOW - DAY },
		});
	});

	it('remembers only the late-listing span’s IDs, however many were emitted', () => {
		// A catch-up of 1,000, one a second up to a second ago: the last ten minutes' IDs are kept.
		const second = MINUTE / 60;
		const emitted = Array.from({ length: 1000 }, (_, index) => rec(`r${index}`, NOW - (1000 - index) * second));
		const next = nextPlace(place, { emitted }, NOW);
		expect(next.newest).toBe(NOW - second);
		expect(next.readFrom).toBe(NOW - LATE_LISTING_US);
		expect(Object.keys(next.handled)).toHaveLength(LATE_LISTING_US / second);
		// Once the account is quiet, only the newest's ID.
		expect(Object.keys(nextPlace(next, { emitted: [] }, NOW + DAY).handled)).toEqual(['r999']);
	});
});
