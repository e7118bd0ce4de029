import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { byDisplayName } from '../byDisplayName';
import { itemError } from '../itemError';
import { TOOL_MAX_ITEMS } from '../asTool';
import { simplifyFields } from '../simplify';
import { asNumber, readBoolean } from '../typedValues';
import type { ItemRun, PreparedItem } from '../types';
import { dateTimeToEpochMs, plivoDateTimeToFilterTime, toPlivoFilterTime } from '../../../shared/plivoTime';
import { recordingTextFilterOptions, recordingTextFilterQuery } from '../../../shared/recordingFilters';
import { typeRecording } from '../../../shared/recordingObject';
import { simplifyRecording } from './simplified';

/** Plivo refuses an add_time range wider than this (400). */
const MAX_RANGE_DAYS = 30;
/** Without Added After or Added Before, Plivo searches the last 7 days. */
const DEFAULT_RANGE_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

const show = { show: { operation: ['getAll'] } };

/** Said where the count is set: as a tool, what the model is given is capped (asTool.ts). */
const TOOL_CAP_HINT = `As an AI agent's tool, at most ${TOOL_MAX_ITEMS} recordings, whatever is set here: a model reads all it is given`;

/** Day-count filters on how long Plivo has stored a recording (storage costs accrue daily). */
const STORAGE_FILTERS = [
	{ name: 'storedAtLeastDays', query: 'recording_storage_duration__gte', displayName: 'Stored for at Least (Days)' },
	{ name: 'storedAtMostDays', query: 'recording_storage_duration__lte', displayName: 'Stored for at Most (Days)' },
];

const timeFilters: INodeProperties[] = [
	{
		displayName: 'Added After',
		name: 'addedAfter',
		type: 'dateTime',
		default: '',
		description:
			"Only recordings added at or after this time (in the workflow's timezone unless it says otherwise). Without Added After or Added Before, Plivo searches the last 7 days.",
	},
	{
		displayName: 'Added Before',
		name: 'addedBefore',
		type: 'dateTime',
		default: '',
		description: `Only recordings added at or before this time. Plivo searches at most ${MAX_RANGE_DAYS} days per call: keep Added After and Added Before at most ${MAX_RANGE_DAYS} days apart.`,
	},
];

/** Every filter, in the alphabetical order the editor lists a collection's options. */
const filterOptions: INodeProperties[] = [
	...timeFilters,
	...recordingTextFilterOptions,
	...STORAGE_FILTERS.map(({ name, displayName }): INodeProperties => ({
		displayName,
		name,
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		default: 30,
		description: `Only recordings Plivo has stored ${name === 'storedAtLeastDays' ? 'at least' : 'at most'} this many days (1 on the day a recording is added), e.g. those past a retention period`,
	})),
].sort(byDisplayName);

export const description: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		hint: TOOL_CAP_HINT,
		displayOptions: show,
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		hint: TOOL_CAP_HINT,
		displayOptions: { show: { operation: ['getAll'], returnAll: [false] } },
	},
	...simplifyFields({ operation: ['getAll'] }),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show,
		options: filterOptions,
	},
];

/** With Simplify on: each recording's ID, times, duration, conference / call / MPC, numbers and URL. */
export const simplify = simplifyRecording;

/** Reads one of the two time filters; undefined when empty. */
function readTime(
	this: IExecuteFunctions,
	filters: IDataObject,
	name: 'addedAfter' | 'addedBefore',
	itemIndex: number,
) {
	const value = filters[name];
	if (value === undefined || value === null || value === '') return undefined;
	const epochMs = dateTimeToEpochMs(value, this.getTimezone());
	if (epochMs === undefined) {
		const label = name === 'addedAfter' ? 'Added After' : 'Added Before';
		throw itemError(
			this,
			itemIndex,
			`${label} is not a date and time: "${String(value)}"`,
			`Pick a date under Filters → ${label}, or map one such as 2025-11-25T14:00:00 or {{ $now.minus({ days: 7 }) }}.`,
		);
	}
	return epochMs;
}

/** The item's filters as Plivo's query parameters; throws (naming item and filter) on bad ones. */
function readFilters(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const query: IDataObject = {};
	const after = readTime.call(this, filters, 'addedAfter', itemIndex);
	const before = readTime.call(this, filters, 'addedBefore', itemIndex);
	if (after !== undefined && before !== undefined) {
		const problem =
			after > before
				? 'Added After is later than Added Before'
				: before - after > MAX_RANGE_DAYS * DAY_MS
					? `Added After and Added Before are more than ${MAX_RANGE_DAYS} days apart`
					: undefined;
		if (problem !== undefined) {
			throw itemError(
				this,
				itemIndex,
				problem,
				`Plivo searches one span of at most ${MAX_RANGE_DAYS} days per call (a wider one is refused): narrow the span, or run the node once per ${MAX_RANGE_DAYS}-day span.`,
			);
		}
	}
	if (after !== undefined) query.add_time__gte = toPlivoFilterTime(after);
	if (before !== undefined) query.add_time__lte = toPlivoFilterTime(before);

	Object.assign(query, recordingTextFilterQuery(filters));
	for (const filter of STORAGE_FILTERS) {
		const value = filters[filter.name];
		if (value === undefined || value === null || value === '') continue;
		const days = Number(value);
		if (!Number.isInteger(days) || days < 1) {
			throw itemError(
				this,
				itemIndex,
				`${filter.displayName} is not a whole number of days: "${String(value)}"`,
				'Enter a whole number of days, 1 or more.',
			);
		}
		query[filter.query] = days;
	}
	return query;
}

/**
 * The filters that hold a list to what its first page saw: recordings added up to its newest
 * (`add_time__lte`, to the microsecond), so that recordings added while the later pages are read
 * neither repeat nor push others out. A list the user bounded with Added Before is held
 * already. Without Added After, Plivo's own 7 days are given as a lower bound, which it would
 * otherwise take from the upper one (30 days before it).
 */
function pinToFirstPage(filters: IDataObject, startedAt: number) {
	if (filters.add_time__lte !== undefined) return undefined;
	return (newest: IDataObject): IDataObject | undefined => {
		const newestAdded = plivoDateTimeToFilterTime(newest.add_time);
		if (newestAdded === undefined) return undefined;
		return {
			add_time__lte: newestAdded,
			...(filters.add_time__gte === undefined
				? { add_time__gte: toPlivoFilterTime(startedAt - DEFAULT_RANGE_DAYS * DAY_MS) }
				: {}),
		};
	};
}

/**
 * `GET Recording/`, paged by the client (its first page, then the rest at the account's pace,
 * pinned to the first), newest first as Plivo lists them, up to the limit. One output item per
 * recording, typed; none when nothing matches.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number, { asTool }: ItemRun): PreparedItem {
	const returnAll = readBoolean.call(this, 'returnAll', 'Return All', itemIndex, false);
	const limit = returnAll ? Infinity : asNumber(this.getNodeParameter('limit', itemIndex, 50));
	if (!(limit === Infinity || (typeof limit === 'number' && Number.isInteger(limit) && limit >= 1))) {
		throw itemError(
			this,
			itemIndex,
			`Limit is not a whole number of 1 or more: "${String(limit)}"`,
			'Enter how many recordings to return at most, or turn on Return All.',
		);
	}
	const filters = readFilters.call(this, itemIndex);
	// A model reads what a tool returns: at most TOOL_MAX_ITEMS recordings, whatever was asked.
	const most = asTool ? Math.min(limit, TOOL_MAX_ITEMS) : limit;

	return async (plivo) => {
		const pin = pinToFirstPage(filters, Date.now());
		const recordings = await plivo.list({ path: 'Recording/', qs: filters, key: 'objects', limit: most, pin });
		return recordings.map((recording) => ({ json: typeRecording(recording) }));
	};
}
