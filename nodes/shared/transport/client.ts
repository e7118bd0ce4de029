import type { IDataObject } from 'n8n-workflow';

import { PLIVO_CREDENTIAL_TYPE, plivoBaseUrl } from '../credential';
import { downloadRecording, refusedMediaUrl, type DownloadedRecording } from './media';
import { accountPacer, type RequestPacer } from './pacer';
import {
	sendPlivoRequest,
	type PlivoAccount,
	type PlivoContext,
	type PlivoRequest,
	type PlivoResponse,
} from './request';

/**
 * The one way to Plivo: a client made once per execution (or list search) from the node's
 * credential. It owns the account (Auth ID, Base URL, the credential read once), the account's
 * pacer, list paging and media downloads with their host rule. Operations get it and build no
 * URLs, pages or host checks of their own.
 */

/** Plivo returns at most 20 objects per list call. */
export const PAGE_SIZE = 20;

/** A Plivo list (`GET Recording/`, …): its path, filters, and which key of each page holds the objects. */
export interface PlivoListRequest {
	path: string;
	qs?: IDataObject;
	/** The key of each page that holds the objects (`objects` for Plivo's lists). */
	key: string;
	/**
	 * The key of the answer that holds the page (its objects and meta), for a list that wraps it:
	 * the Number Masking session list answers `{ api_id, response: { meta, objects } }`. Undefined:
	 * the page is the answer itself, as in the Recording, Call and Multi-Party Call lists.
	 */
	within?: string;
	/** At most this many objects (Infinity for all). */
	limit: number;
	/**
	 * The filters that hold the list to what the first page saw, given its first (newest)
	 * object: Plivo lists newest first by offset, so an object added while the later pages are
	 * read would shift them (one object twice, or one skipped). Undefined: no pinning.
	 */
	pin?: (newest: IDataObject) => IDataObject | undefined;
}

/** What `listEnds` read of a list: its newest page and its oldest objects, as its `read` made them. */
export interface PlivoListEnds<T> {
	/** The objects read, in Plivo's order (newest first), each once. */
	objects: T[];
	/** Whether every object of the list was read (else the newest page and the oldest ones only). */
	whole: boolean;
	/**
	 * Whether Plivo counted the same total on every page read. An object listed late (its add_time
	 * inside the list's range) or deleted while the pages were read moves the offsets after it,
	 * so one object may have been skipped: a caller that must see every object reads again.
	 */
	settled: boolean;
}

/** The client's calls for one item: its errors name the item. */
export interface PlivoCalls {
	/** One API call, paced with every other call to the account, 429s retried. */
	send(request: PlivoRequest): Promise<PlivoResponse>;
	/**
	 * Every object of a Plivo list (up to the limit) in Plivo's order. The first page tells how
	 * many there are; the pages after it are asked for at once, pinned to what the first page
	 * saw, and leave as fast as the account's pacer allows (Plivo's 300 / 5 s).
	 */
	list(request: PlivoListRequest): Promise<IDataObject[]>;
	/**
	 * A list's newest page and its `oldest` oldest objects (Infinity: all), each page read once:
	 * Plivo lists newest first, so the first page's total count gives the offsets of the oldest
	 * ones, and a poller catching up oldest first never reads the pages in between. Paced and
	 * pinned as `list` is. `read` makes each object what the caller keeps as soon as its page
	 * arrives: the later pages of a long list wait on the account's pacer, so that work is done
	 * while they wait instead of all after the last one.
	 */
	listEnds<T>(
		request: Omit<PlivoListRequest, 'limit'> & { oldest: number; read: (object: IDataObject) => T },
	): Promise<PlivoListEnds<T>>;
	/**
	 * A recording's audio from its URL, with the credential where the host rule allows (a
	 * RefusedMediaUrl, naming the URL as `label`, before anything is sent elsewhere). Not paced:
	 * the media host is not Plivo's API.
	 */
	download(url: string, maxBytes: number, label: string): Promise<DownloadedRecording>;
}

export interface PlivoClient {
	readonly baseUrl: string;
	/** Why the credential may not go to `url` (named `label`); undefined when it may. Sends nothing. */
	refusal(url: string, label: string): string | undefined;
	/** The calls made for one item. */
	forItem(itemIndex: number): PlivoCalls;
}

/** Reads the node's credential once and returns the client for this execution (or list search). */
export async function plivoClient(this: PlivoContext): Promise<PlivoClient> {
	const data = await this.getCredentials(PLIVO_CREDENTIAL_TYPE);
	const reference = this.getNode().credentials?.[PLIVO_CREDENTIAL_TYPE];
	const account: PlivoAccount = {
		authId: String(data.authId ?? '').trim(),
		baseUrl: plivoBaseUrl(data.baseUrl),
		credentials: { id: reference?.id ?? '', name: reference?.name ?? '', type: PLIVO_CREDENTIAL_TYPE, data },
	};
	const pacer = accountPacer(account.baseUrl, account.authId);
	return {
		baseUrl: account.baseUrl,
		refusal: (url, label) => refusedMediaUrl(url, account.baseUrl, label),
		forItem: (itemIndex) => callsForItem(this, account, pacer, itemIndex),
	};
}

/** Plivo's `meta.total_count`: how many objects the list holds; NaN when it gave none. */
function totalCount(meta: IDataObject): number {
	const count = meta.total_count;
	const total = typeof count === 'number' || typeof count === 'string' ? Number(count) : NaN;
	return Number.isInteger(total) && total >= 0 ? total : NaN;
}

/** Offsets of the pages that read a list's objects from `start` up to (not including) `end`. */
function pageOffsets(start: number, end: number): number[] {
	const offsets: number[] = [];
	for (let offset = start; offset < end; offset += PAGE_SIZE) offsets.push(offset);
	return offsets;
}

function callsForItem(
	context: PlivoContext,
	account: PlivoAccount,
	pacer: RequestPacer,
	itemIndex: number,
): PlivoCalls {
	const send = async (request: PlivoRequest) =>
		await sendPlivoRequest.call(context, account, request, pacer, itemIndex);
	const page = async (
		{ path, qs, key, within }: Pick<PlivoListRequest, 'path' | 'qs' | 'key' | 'within'>,
		offset: number,
		size: number,
		pinned: IDataObject = {},
	) => {
		const response = await send({
			method: 'GET',
			path,
			qs: { ...qs, ...pinned, limit: size, offset },
			startsRecording: false,
		});
		const wrapped = within === undefined ? response.body : response.body[within];
		const body = (wrapped !== null && typeof wrapped === 'object' ? wrapped : {}) as IDataObject;
		const objects = Array.isArray(body[key]) ? (body[key] as IDataObject[]) : [];
		return { objects, meta: (body.meta ?? {}) as IDataObject };
	};
	/** No count to plan with: one page after the other from `offset`, until Plivo has no next page. */
	const onePageAfterTheOther = async (
		request: PlivoListRequest,
		objects: IDataObject[],
		pinned: IDataObject,
	): Promise<IDataObject[]> => {
		for (let offset = objects.length, more = true; more && objects.length < request.limit;) {
			const next = await page(request, offset, Math.min(PAGE_SIZE, request.limit - objects.length), pinned);
			objects.push(...next.objects);
			offset += next.objects.length;
			more = next.objects.length > 0 && Boolean(next.meta.next);
		}
		return objects.slice(0, request.limit);
	};
	return {
		send,
		async list(request) {
			const { limit, pin } = request;
			const first = await page(request, 0, Math.min(PAGE_SIZE, limit));
			const objects = [...first.objects];
			if (objects.length === 0 || !first.meta.next) return objects.slice(0, limit);
			const pinned = pin?.(objects[0]) ?? {};

			const total = totalCount(first.meta);
			if (Number.isNaN(total)) return await onePageAfterTheOther(request, objects, pinned);
			// Every page's offset is known: all of them at once, in Plivo's order.
			const wanted = Math.min(limit, total);
			const pages = await Promise.all(
				pageOffsets(objects.length, wanted).map(
					async (offset) => await page(request, offset, Math.min(PAGE_SIZE, wanted - offset), pinned),
				),
			);
			for (const { objects: found } of pages) objects.push(...found);
			return objects.slice(0, limit);
		},
		async listEnds(request) {
			const { read } = request;
			const first = await page(request, 0, PAGE_SIZE);
			if (first.objects.length === 0 || !first.meta.next) {
				return { objects: first.objects.map(read), whole: true, settled: true };
			}
			const pinned = request.pin?.(first.objects[0]) ?? {};

			const total = totalCount(first.meta);
			if (Number.isNaN(total)) {
				// Without a count the offsets of the oldest are unknown: every page, and no way to
				// tell whether the list moved meanwhile.
				const all = await onePageAfterTheOther({ ...request, limit: Infinity }, [...first.objects], pinned);
				return { objects: all.map(read), whole: true, settled: false };
			}
			// The oldest `oldest` sit at the end; those the first page holds are not asked for again.
			const start = Math.max(first.objects.length, total - request.oldest);
			const pages = await Promise.all(
				pageOffsets(start, total).map(async (offset) => {
					const { objects, meta } = await page(request, offset, Math.min(PAGE_SIZE, total - offset), pinned);
					return { objects: objects.map(read), meta };
				}),
			);
			const objects = first.objects.map(read);
			for (const { objects: found } of pages) objects.push(...found);
			return {
				objects,
				whole: start === first.objects.length,
				settled: pages.every(({ meta }) => totalCount(meta) === total),
			};
		},
		async download(url, maxBytes, label) {
			return await downloadRecording.call(context, url, {
				baseUrl: account.baseUrl,
				maxBytes,
				credentials: account.credentials,
				label,
			});
		},
	};
}
