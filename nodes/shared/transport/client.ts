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
	/** At most this many objects (Infinity for all). */
	limit: number;
}

/** The client's calls for one item: its errors name the item. */
export interface PlivoCalls {
	/** One API call, paced with every other call to the account, 429s retried. */
	send(request: PlivoRequest): Promise<PlivoResponse>;
	/**
	 * Every object of a Plivo list, page by page (`limit` at most 20, `offset`) in Plivo's order,
	 * until Plivo has no next page or the limit is reached.
	 */
	list(request: PlivoListRequest): Promise<IDataObject[]>;
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
	const context = this;
	return {
		baseUrl: account.baseUrl,
		refusal: (url, label) => refusedMediaUrl(url, account.baseUrl, label),
		forItem: (itemIndex) => callsForItem(context, account, pacer, itemIndex),
	};
}

function callsForItem(
	context: PlivoContext,
	account: PlivoAccount,
	pacer: RequestPacer,
	itemIndex: number,
): PlivoCalls {
	const send = async (request: PlivoRequest) =>
		await sendPlivoRequest.call(context, account, request, pacer, itemIndex);
	return {
		send,
		async list({ path, qs, key, limit }) {
			const objects: IDataObject[] = [];
			for (let offset = 0; objects.length < limit;) {
				const page = await send({
					method: 'GET',
					path,
					qs: { ...qs, limit: Math.min(PAGE_SIZE, limit - objects.length), offset },
					startsRecording: false,
				});
				const found = Array.isArray(page.body[key]) ? (page.body[key] as IDataObject[]) : [];
				objects.push(...found);
				offset += found.length;
				const meta = (page.body.meta ?? {}) as IDataObject;
				if (found.length === 0 || !meta.next) break;
			}
			return objects.slice(0, limit);
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
