import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { epochMicrosToFilterTime, plivoDateTimeToEpochMicros, plivoDateTimeToFilterTime } from '../shared/plivoTime';
import { PAGE_SIZE, plivoClient, type PlivoCalls } from '../shared/transport/client';
import { typeRecording } from '../shared/recordingObject';
import { recordingItems } from './items';
import { oneAtATime } from './oneAtATime';
import {
	CLOCK_MARGIN_US,
	handledIn,
	nextPlace,
	placeAfter,
	placeFrom,
	readPlace,
	samePlace,
	takeNew,
	windowsFrom,
	type AddTimeWindow,
	type Listed,
	type Place,
	type PollOutcome,
} from './place';
import { readSettings, type PollSettings } from './settings';

/**
 * The New Recording trigger's poll: reads the place from the node's static data, lists what
 * Plivo added since (through the Plivo client: paced, paged, pinned), and writes the next place
 * only once every request has succeeded. A poll that fails throws (n8n shows the failed
 * execution) and leaves the place where it was, so the next poll emits what this one could not.
 * n8n saves static data only when a poll emits (and after an activation's poll): a place moved
 * by a poll that emitted nothing lives in memory, and losing it on a restart costs a re-read,
 * never a recording.
 */

const RECORDINGS = { path: 'Recording/', key: 'objects' } as const;

/** Where the place is kept in the node's static data. */
const PLACE_KEY = 'place';

/** A listed recording's ID and add_time; undefined for one without (it cannot be placed). */
function listed(recording: IDataObject): Listed | undefined {
	const addedAt = plivoDateTimeToEpochMicros(recording.add_time);
	const id = recording.recording_id;
	return addedAt === undefined || typeof id !== 'string' || id === '' ? undefined : { id, addedAt };
}

const listedAll = (recordings: IDataObject[]) =>
	recordings.map(listed).filter((recording): recording is Listed => recording !== undefined);

/**
 * A listed recording as a poll keeps it from its page: where it is placed, and its item typed as
 * Recording → Get outputs it. Undefined for one that cannot be placed.
 */
function readRecording(recording: IDataObject): (Listed & { json: IDataObject }) | undefined {
	const where = listed(recording);
	return where === undefined ? undefined : { ...where, json: typeRecording(recording) };
}

/** A window as Plivo's add_time filters (UTC, to the microsecond). */
function windowQuery({ from, to }: AddTimeWindow): IDataObject {
	return {
		add_time__gte: epochMicrosToFilterTime(from),
		...(to === undefined ? {} : { add_time__lte: epochMicrosToFilterTime(to) }),
	};
}

/** Later pages hold to what the first saw: recordings added meanwhile would shift their offsets. */
function pinToNewest(newest: IDataObject): IDataObject | undefined {
	const added = plivoDateTimeToFilterTime(newest.add_time);
	return added === undefined ? undefined : { add_time__lte: added };
}

/**
 * The place of a first activation. With a backfill, the span before it, to be emitted now.
 * Else the account's newest recordings mark where it starts (Plivo's clock, not n8n's): one
 * request for Plivo's last 7 days, newest first, and a second only when more recordings than
 * one page share the late-listing span. None in 7 days: every recording from a day back on is
 * new (a day, should n8n's clock run ahead of Plivo's).
 */
async function firstPlace(calls: PlivoCalls, settings: PollSettings, nowUs: number): Promise<Place> {
	if (settings.backfillUs !== undefined) return placeFrom(nowUs - settings.backfillUs);
	const newestPage = listedAll(await calls.list({ ...RECORDINGS, qs: settings.query, limit: PAGE_SIZE }));
	if (newestPage.length === 0) return placeFrom(nowUs - CLOCK_MARGIN_US);
	const place = placeAfter(newestPage, nowUs);
	const oldestOnPage = Math.min(...newestPage.map((recording) => recording.addedAt));
	if (newestPage.length < PAGE_SIZE || oldestOnPage < place.readFrom) return place;
	const span = await calls.list({
		...RECORDINGS,
		qs: { ...settings.query, ...windowQuery({ from: place.readFrom, to: place.newest }) },
		limit: Infinity,
	});
	return placeAfter([...newestPage, ...listedAll(span)], nowUs);
}

/**
 * The new recordings from the place on, oldest first, window by window (each one request when
 * nothing is new), up to Max Recordings per Poll: of a window with more than that, only the
 * newest page (for its count) and the oldest ones are read.
 */
async function readNew(calls: PlivoCalls, settings: PollSettings, place: Place, nowUs: number) {
	const recordings: IDataObject[] = [];
	const outcome: PollOutcome & { emitted: Listed[] } = { emitted: [] };
	const taken = new Set<string>();
	for (const window of windowsFrom(place.readFrom, nowUs)) {
		const room = settings.maxPerPoll - outcome.emitted.length;
		if (room <= 0) break;
		const ends = await calls.listEnds({
			...RECORDINGS,
			qs: { ...settings.query, ...windowQuery(window) },
			pin: pinToNewest,
			oldest: room + handledIn(place, window),
			read: readRecording,
		});
		const placed = ends.objects.filter((recording) => recording !== undefined);
		const byId = new Map(placed.map((recording) => [recording.id, recording.json]));
		const { take, finished } = takeNew(
			place,
			{ window, listed: placed, whole: ends.whole, settled: ends.settled },
			room,
			taken,
		);
		for (const recording of take) {
			taken.add(recording.id);
			outcome.emitted.push(recording);
			recordings.push(byId.get(recording.id) as IDataObject);
		}
		if (!ends.settled) outcome.unsettledFrom ??= window.from;
		if (!finished) break;
		if (window.to !== undefined) outcome.finishedTo = window.to;
	}
	return { recordings, outcome };
}

/** Fetch Test Event: the newest recording that matches the filters; the place is not touched. */
async function newestRecording(this: IPollFunctions, calls: PlivoCalls, settings: PollSettings) {
	const [newest] = await calls.list({ ...RECORDINGS, qs: settings.query, limit: 1 });
	if (newest === undefined) {
		throw new NodeOperationError(this.getNode(), 'No recording in the last 7 days matches the filters', {
			description:
				"Fetch Test Event shows the newest recording Plivo lists, and Plivo's list searches the last 7 days. Make a recording, or change the Filters.",
		});
	}
	return await recordingItems.call(this, calls, [typeRecording(newest)], settings.download);
}

async function pollPlace(this: IPollFunctions, settings: PollSettings): Promise<INodeExecutionData[][] | null> {
	const staticData = this.getWorkflowStaticData('node');
	const calls = (await plivoClient.call(this)).forItem(0);
	const nowUs = Date.now() * 1000;
	const stored = readPlace(staticData[PLACE_KEY]);
	const place = stored ?? (await firstPlace(calls, settings, nowUs));
	if (stored === undefined && settings.backfillUs === undefined) {
		// First activation: what exists now is passed over, and only remembered.
		staticData[PLACE_KEY] = place as unknown as IDataObject;
		return null;
	}

	const { recordings, outcome } = await readNew(calls, settings, place, nowUs);
	const items = await recordingItems.call(this, calls, recordings, settings.download);
	// Every request has succeeded: only now does the place move.
	const next = nextPlace(place, outcome, nowUs);
	if (stored === undefined || !samePlace(next, place)) staticData[PLACE_KEY] = next as unknown as IDataObject;
	return items.length > 0 ? [items] : null;
}

export async function pollNewRecordings(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings.call(this);
	if (this.getMode() === 'manual') {
		const calls = (await plivoClient.call(this)).forItem(0);
		return [await newestRecording.call(this, calls, settings)];
	}
	const node = this.getNode();
	const key = `${this.getWorkflow().id ?? ''}:${node.id ?? node.name}`;
	return await oneAtATime(key, null, async () => await pollPlace.call(this, settings));
}
