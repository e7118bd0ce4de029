/**
 * The New Recording trigger's place in the account's Recording list: which `add_time` windows a
 * poll reads, which recordings it takes from them, and where the next poll starts. Pure: the
 * state comes in and goes out as plain data (kept in the workflow's static data by poll.ts),
 * times are epoch microseconds (Plivo writes add_time to the microsecond), no n8n imports.
 *
 * The rule that makes each recording come out once: every recording Plivo lists with an
 * add_time at or after `readFrom` is read again on every poll, and the ones already handled
 * are known by ID (`handled`); those before `readFrom` are done. `readFrom` follows Plivo's own
 * add_time values (the newest recording handled), so n8n's clock matters only for how long a
 * recording may be listed late.
 */

const MINUTE_US = 60 * 1_000_000;
const DAY_US = 24 * 60 * MINUTE_US;

/**
 * How late Plivo may list a recording (its add_time before recordings already seen) and still
 * be emitted: the span read back before the newest recording handled, and how long its IDs are
 * remembered. Ten minutes covers Plivo's processing between a recording's add_time and its
 * listing, and a difference between n8n's clock and Plivo's of a few minutes (the span is
 * measured on n8n's clock once the newest recording is older than it). A busy account pays for
 * it in IDs kept (its recordings of ten minutes) and in pages read back (one per 20 of them).
 */
export const LATE_LISTING_US = 10 * MINUTE_US;

/**
 * A catch-up reads closed windows of 28 days (Plivo refuses an add_time range over 30 days):
 * one day's margin for however Plivo counts the days (its account's timezone), and one so that
 * the last closed window ends a day before n8n's now. What is newer is read in one open window
 * (add_time__gte only), whose end is Plivo's own now.
 */
export const WINDOW_US = 28 * DAY_US;

/**
 * How far n8n's clock may run ahead of Plivo's where the place must come from n8n's clock: an
 * account with no recording in Plivo's last 7 days starts a day back (nothing there existed),
 * and closed windows end a day before n8n's now.
 */
export const CLOCK_MARGIN_US = DAY_US;

/** The state kept between polls (JSON: it lives in the workflow's static data). */
export interface Place {
	version: 1;
	/** The add_time of the newest recording handled (or, before any, where watching began). */
	newest: number;
	/** Where the next poll starts reading: recordings added earlier are done. */
	readFrom: number;
	/** Recording ID → add_time of every recording handled with an add_time at or after readFrom. */
	handled: Record<string, number>;
}

/** A listed recording as the place sees it. */
export interface Listed {
	id: string;
	addedAt: number;
}

/** An add_time range to list: `to` undefined is the open window (up to Plivo's now). */
export interface AddTimeWindow {
	from: number;
	to?: number;
}

/** The stored place, when it is one (a missing or foreign value is no place: the trigger starts over). */
export function readPlace(stored: unknown): Place | undefined {
	if (stored === null || typeof stored !== 'object') return undefined;
	const { version, newest, readFrom, handled } = stored as Partial<Place>;
	if (version !== 1 || !Number.isFinite(newest) || !Number.isFinite(readFrom)) return undefined;
	if (handled === null || typeof handled !== 'object') return undefined;
	return { version, newest: newest as number, readFrom: readFrom as number, handled: { ...handled } };
}

/**
 * Where reading starts after `newest`: the late-listing span before it while it is recent; once
 * it is older than that span on n8n's clock, from `newest` itself (recordings listed that late
 * are out of reach anyway), so a quiet account reads back only the newest recording's add_time
 * and a poll with nothing new stays one request.
 */
export function readFromAfter(newest: number, nowUs: number): number {
	return Math.max(newest - LATE_LISTING_US, Math.min(newest, nowUs - LATE_LISTING_US));
}

/** A place with nothing handled yet that emits whatever is added from `from` on (a backfill, an empty account). */
export function placeFrom(from: number): Place {
	return { version: 1, newest: from, readFrom: from, handled: {} };
}

/**
 * The first place of an account that already has recordings: `listed` are the newest ones
 * (newest first) as far back as `readFromAfter(newest)`; they existed before the trigger was
 * activated and are never emitted, and their IDs keep them out when they are read again.
 */
export function placeAfter(listed: Listed[], nowUs: number): Place {
	const newest = Math.max(...listed.map((recording) => recording.addedAt));
	const readFrom = readFromAfter(newest, nowUs);
	const handled: Record<string, number> = {};
	for (const { id, addedAt } of listed) if (addedAt >= readFrom) handled[id] = addedAt;
	return { version: 1, newest, readFrom, handled };
}

/** The windows a poll reads, oldest first: closed ones of WINDOW_US while they end a day before now, then the open one. */
export function windowsFrom(readFrom: number, nowUs: number): AddTimeWindow[] {
	const windows: AddTimeWindow[] = [];
	let from = readFrom;
	for (; from + WINDOW_US < nowUs - CLOCK_MARGIN_US; from += WINDOW_US) windows.push({ from, to: from + WINDOW_US });
	windows.push({ from });
	return windows;
}

/** How many handled recordings a window may list again (their IDs are skipped, so a tail read must reach past them). */
export function handledIn(place: Place, window: AddTimeWindow): number {
	return Object.values(place.handled).filter(
		(addedAt) => addedAt >= window.from && (window.to === undefined || addedAt <= window.to),
	).length;
}

/** What a poll read of one window. */
export interface WindowRead {
	window: AddTimeWindow;
	/** In Plivo's order (newest first). */
	listed: Listed[];
	/** Every recording of the window was read, not only its newest page and its oldest ones. */
	whole: boolean;
	/** Plivo's count did not change while its pages were read (nothing skipped). */
	settled: boolean;
}

/** What a poll takes from one window. */
export interface WindowTake {
	/** New recordings, oldest first, at most `room`. */
	take: Listed[];
	/** Every new recording of the window was taken: the next window may be read. */
	finished: boolean;
}

/**
 * The new recordings of a window, oldest first, up to `room`: those not handled and not taken
 * earlier in this poll (windows share their boundary instant). Plivo's order is kept among
 * recordings of the same add_time.
 */
export function takeNew(place: Place, read: WindowRead, room: number, taken: ReadonlySet<string>): WindowTake {
	const fresh = new Map<string, Listed>();
	for (const recording of [...read.listed].reverse()) {
		if (!(recording.id in place.handled) && !taken.has(recording.id)) fresh.set(recording.id, recording);
	}
	const oldestFirst = [...fresh.values()].sort((a, b) => a.addedAt - b.addedAt);
	return { take: oldestFirst.slice(0, room), finished: read.whole && oldestFirst.length <= room };
}

/** What a whole poll found, for the next place. */
export interface PollOutcome {
	/** The recordings emitted, oldest first. */
	emitted: Listed[];
	/** The end of the last closed window read to its end (every recording in it handled). */
	finishedTo?: number;
	/** The start of the first window whose pages moved while read: reading starts there again. */
	unsettledFrom?: number;
}

/**
 * The place after a poll that succeeded: the newest add_time handled moves forward, reading
 * starts where `readFromAfter` says (never earlier than before, never past a window that moved
 * while read), and only the IDs at or after the new readFrom are kept.
 */
export function nextPlace(place: Place, outcome: PollOutcome, nowUs: number): Place {
	let newest = place.newest;
	for (const { addedAt } of outcome.emitted) newest = Math.max(newest, addedAt);
	if (outcome.finishedTo !== undefined) newest = Math.max(newest, outcome.finishedTo);
	let readFrom = Math.max(place.readFrom, readFromAfter(newest, nowUs));
	if (outcome.unsettledFrom !== undefined)
		readFrom = Math.max(place.readFrom, Math.min(readFrom, outcome.unsettledFrom));
	const handled: Record<string, number> = {};
	for (const [id, addedAt] of Object.entries(place.handled)) if (addedAt >= readFrom) handled[id] = addedAt;
	for (const { id, addedAt } of outcome.emitted) if (addedAt >= readFrom) handled[id] = addedAt;
	return { version: 1, newest, readFrom, handled };
}

/** Whether two places are the same (a poll that changed nothing writes nothing). */
export function samePlace(a: Place, b: Place): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}
