import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

/** Every Plivo HTTP call of the package goes through this module. */
export const PLIVO_CREDENTIAL_TYPE = 'plivoRecordingApi';

/** Plivo's documented limit: 300 API requests per 5 seconds per account. */
export const PLIVO_RATE_LIMIT = { maxRequests: 300, windowMs: 5000 };

/**
 * Requests in flight at once: enough to send a whole window's 300 within a few round trips
 * at Plivo's usual latency, so pacing, not concurrency, sets the pace.
 */
export const MAX_CONCURRENT_REQUESTS = 100;

const MAX_RATE_LIMIT_RETRIES = 5;
const MAX_RETRY_WAIT_MS = 30_000;
const REQUEST_TIMEOUT_MS = 60_000;

/** Gives the request's slot back; call once, when its answer (or failure) has arrived. */
export type ReleaseSlot = () => void;

/**
 * Sliding-window pacer for Plivo's limit (300 requests per 5 s, counted when they arrive).
 * When a request arrives is unknown here, but it is before its answer comes back; so a
 * request holds its slot while in flight and for one window after its answer. Whatever the
 * network or n8n's load delays, no window at Plivo ever holds more than `maxRequests`; the
 * price is one round trip per window over the theoretical best schedule.
 */
export class RequestPacer {
	/** When each slot stops counting: Infinity while its request is in flight. */
	private readonly slots: Array<{ countsUntil: number }> = [];
	/** Acquirers in arrival order: the first gets the next free slot. */
	private readonly queue: Array<(release: ReleaseSlot) => void> = [];
	private timerPending = false;

	constructor(
		private readonly maxRequests = PLIVO_RATE_LIMIT.maxRequests,
		private readonly windowMs = PLIVO_RATE_LIMIT.windowMs,
		private readonly now: () => number = Date.now,
		private readonly wait: (ms: number) => Promise<void> = sleep,
	) {}

	async acquire(): Promise<ReleaseSlot> {
		return await new Promise<ReleaseSlot>((resolve) => {
			this.queue.push(resolve);
			this.grant();
		});
	}

	/** Hands free slots to the queue; else waits for the soonest slot to stop counting, or for an answer. */
	private grant(): void {
		const now = this.now();
		for (let i = this.slots.length - 1; i >= 0; i--) {
			if (this.slots[i].countsUntil <= now) this.slots.splice(i, 1);
		}
		while (this.queue.length > 0 && this.slots.length < this.maxRequests) {
			const slot = { countsUntil: Infinity };
			this.slots.push(slot);
			(this.queue.shift() as (release: ReleaseSlot) => void)(this.releaser(slot));
		}
		if (this.queue.length === 0 || this.timerPending) return;
		const soonest = Math.min(...this.slots.map((slot) => slot.countsUntil));
		// All in flight: the next answer calls grant().
		if (!Number.isFinite(soonest)) return;
		this.timerPending = true;
		void this.wait(soonest - now).then(() => {
			this.timerPending = false;
			this.grant();
		});
	}

	private releaser(slot: { countsUntil: number }): ReleaseSlot {
		let released = false;
		return () => {
			if (released) return;
			released = true;
			slot.countsUntil = this.now() + this.windowMs;
			this.grant();
		};
	}
}

export interface PlivoRequest {
	method: IHttpRequestMethods;
	/** Path below `/v1/Account/{authId}/`, already URL-encoded. */
	path: string;
	body?: IDataObject;
	/**
	 * False for calls that must never be repeated after an unknown outcome (a 5xx or a
	 * timeout on "start recording" may already have started one). A 429 is always retried:
	 * Plivo rejected that request, so nothing happened.
	 */
	idempotent: boolean;
}

export interface PlivoResponse {
	statusCode: number;
	body: IDataObject;
}

export interface PlivoAccount {
	authId: string;
	baseUrl: string;
	/** Read once per execution and handed to every request, as n8n's HTTP Request node does. */
	credentials: ICredentialsDecrypted;
}

export async function getPlivoAccount(this: IExecuteFunctions): Promise<PlivoAccount> {
	const data = await this.getCredentials(PLIVO_CREDENTIAL_TYPE);
	const reference = this.getNode().credentials?.[PLIVO_CREDENTIAL_TYPE];
	const baseUrl = String(data.baseUrl || 'https://api.plivo.com').replace(/\/+$/, '');
	return {
		authId: String(data.authId ?? '').trim(),
		baseUrl,
		credentials: {
			id: reference?.id ?? '',
			name: reference?.name ?? '',
			type: PLIVO_CREDENTIAL_TYPE,
			data,
		},
	};
}

function retryDelayMs(retryAfter: unknown, attempt: number): number {
	const seconds = Number(retryAfter);
	if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_WAIT_MS);
	return Math.min(1000 * 2 ** attempt, MAX_RETRY_WAIT_MS);
}

function asObject(body: unknown): IDataObject {
	if (body && typeof body === 'object' && !Buffer.isBuffer(body)) return body as IDataObject;
	if (typeof body === 'string' && body.trim() !== '') {
		try {
			const parsed = JSON.parse(body) as unknown;
			if (parsed && typeof parsed === 'object') return parsed as IDataObject;
		} catch {
			// Not JSON (a proxy's HTML page, say): keep the text for the error message.
		}
		return { error: body.trim().slice(0, 500) };
	}
	return {};
}

/** What the user reads for each Plivo status, with Plivo's own text beside it. */
function describeFailure(statusCode: number, request: PlivoRequest, plivoError: string) {
	const said = plivoError ? ` Plivo said: "${plivoError}".` : '';
	switch (true) {
		case statusCode === 401:
			return {
				message: `Plivo rejected the credentials (401)`,
				description: `Check the Auth ID and Auth Token of the Plivo Recording API credential.${said}`,
			};
		case statusCode === 404:
			return {
				message: `Plivo has no live conference of that name (404)`,
				description: `The conference must be in progress when the recording is started or stopped; check the Conference Name.${said}`,
			};
		case statusCode === 429:
			return {
				message: `Plivo kept answering "too many requests" (429)`,
				description: `Gave up after ${MAX_RATE_LIMIT_RETRIES} retries. Other workflows may be using the same Plivo account; try again later.${said}`,
			};
		case statusCode >= 500 && !request.idempotent:
			return {
				message: `Plivo failed with ${statusCode}; the recording may or may not have started`,
				description: `Not retried automatically, so that a second recording is never started. Check the conference in the Plivo console before running this item again.${said}`,
			};
		case statusCode >= 500:
			return {
				message: `Plivo failed with ${statusCode}`,
				description: `Plivo had a server error; try again later.${said}`,
			};
		default:
			return {
				message: plivoError ? `Plivo rejected the request: ${plivoError}` : `Plivo rejected the request (${statusCode})`,
				description: `Check the node's parameters.${said}`,
			};
	}
}

/**
 * Sends one request to Plivo with the credential's Basic auth, paced by `pacer`, retrying
 * only 429s. Any other failure becomes a NodeApiError carrying Plivo's own message.
 */
export async function plivoApiRequest(
	this: IExecuteFunctions,
	account: PlivoAccount,
	request: PlivoRequest,
	pacer: RequestPacer,
	itemIndex: number,
): Promise<PlivoResponse> {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${account.baseUrl}/v1/Account/${encodeURIComponent(account.authId)}/${request.path}`,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: REQUEST_TIMEOUT_MS,
		// The auth token must never follow a redirect to another host.
		disableFollowRedirect: true,
	};
	if (request.body) options.body = request.body;

	for (let attempt = 0; ; attempt++) {
		const releaseSlot = await pacer.acquire();
		let response: { statusCode: number; headers?: IDataObject; body?: unknown };
		try {
			// Without credentialsDecrypted n8n would read and decrypt the credential again per request.
			response = await this.helpers.httpRequestWithAuthentication.call(
				this,
				PLIVO_CREDENTIAL_TYPE,
				options,
				{ credentialsDecrypted: account.credentials },
			);
		} catch (error) {
			const reason = (error as Error).message ?? String(error);
			const outcome = request.idempotent
				? 'Try again later.'
				: 'The recording may or may not have started: not retried automatically, so that a second recording is never started. Check the conference in the Plivo console before running this item again.';
			throw new NodeApiError(this.getNode(), { message: reason } as JsonObject, {
				message: `Could not reach Plivo at ${account.baseUrl}: ${reason}`,
				description: outcome,
				itemIndex,
			});
		} finally {
			// Answered or failed: the request now counts for one window from here.
			releaseSlot();
		}

		const body = asObject(response.body);
		if (response.statusCode >= 200 && response.statusCode < 300) {
			return { statusCode: response.statusCode, body };
		}
		if (response.statusCode === 429 && attempt < MAX_RATE_LIMIT_RETRIES) {
			await sleep(retryDelayMs(response.headers?.['retry-after'], attempt));
			continue;
		}

		const plivoError = typeof body.error === 'string' ? body.error : '';
		const { message, description } = describeFailure(response.statusCode, request, plivoError);
		throw new NodeApiError(
			this.getNode(),
			{ ...body, error: plivoError, api_id: body.api_id ?? null } as JsonObject,
			{ message, description, httpCode: String(response.statusCode), itemIndex },
		);
	}
}

const MEDIA_TYPES: Record<string, string> = { mp3: 'audio/mpeg', wav: 'audio/wav' };
const MAX_MEDIA_REDIRECTS = 3;

/**
 * Whether the credentials may go to this URL: Plivo's own hosts over https, or the host of
 * the credential's Base URL (a proxy or a stand-in the user chose). Never anywhere else.
 */
export function mayCarryCredentials(url: string, baseUrl: string): boolean {
	let target: URL;
	let base: URL;
	try {
		target = new URL(url);
		base = new URL(baseUrl);
	} catch {
		return false;
	}
	if (target.host === base.host && target.protocol === base.protocol) return true;
	const host = target.hostname.toLowerCase();
	return target.protocol === 'https:' && (host === 'plivo.com' || host.endsWith('.plivo.com'));
}

export interface DownloadedRecording {
	data: Buffer;
	mimeType: string;
	fileName: string;
}

type MediaRequester = (url: string) => Promise<{ statusCode: number; headers: IDataObject; body: unknown }>;

async function readAtMost(body: unknown, maxBytes: number, url: string): Promise<Buffer> {
	if (Buffer.isBuffer(body)) return body;
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of body as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > maxBytes) {
			(body as { destroy?: () => void }).destroy?.();
			throw new Error(`the recording is larger than the limit of ${Math.round(maxBytes / 1e6)} MB (${url})`);
		}
		chunks.push(Buffer.from(chunk));
	}
	return Buffer.concat(chunks);
}

/**
 * Fetches a recording's audio. The credential's Basic auth goes only where
 * `mayCarryCredentials` allows; a redirect elsewhere (e.g. a signed storage URL) is followed
 * without it. Stops reading past `maxBytes`.
 */
export async function downloadRecording(
	this: IWebhookFunctions | IExecuteFunctions,
	recordUrl: string,
	baseUrl: string,
	maxBytes: number,
): Promise<DownloadedRecording> {
	if (!mayCarryCredentials(recordUrl, baseUrl)) {
		throw new Error(
			`record_url is not on a Plivo host (https://*.plivo.com) or the credential's Base URL: ${recordUrl}`,
		);
	}
	const options = (url: string): IHttpRequestOptions => ({
		method: 'GET',
		url,
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		timeout: REQUEST_TIMEOUT_MS,
	});
	const withCredentials: MediaRequester = async (url) =>
		await this.helpers.httpRequestWithAuthentication.call(this, PLIVO_CREDENTIAL_TYPE, options(url));
	const withoutCredentials: MediaRequester = async (url) => await this.helpers.httpRequest(options(url));

	let url = recordUrl;
	for (let redirects = 0; ; redirects++) {
		const request = mayCarryCredentials(url, baseUrl) ? withCredentials : withoutCredentials;
		const response = await request(url);
		const location = response.headers.location;
		if (response.statusCode >= 300 && response.statusCode < 400 && typeof location === 'string') {
			await readAtMost(response.body, maxBytes, url).catch(() => undefined);
			if (redirects >= MAX_MEDIA_REDIRECTS) throw new Error(`too many redirects fetching ${recordUrl}`);
			url = new URL(location, url).toString();
			continue;
		}
		if (response.statusCode < 200 || response.statusCode >= 300) {
			await readAtMost(response.body, 64 * 1024, url).catch(() => undefined);
			throw new Error(`the media server answered ${response.statusCode} for ${url}`);
		}
		const data = await readAtMost(response.body, maxBytes, url);
		const extension = (new URL(recordUrl).pathname.match(/\.(\w+)$/)?.[1] ?? 'mp3').toLowerCase();
		const contentType = String(response.headers['content-type'] ?? '').split(';')[0].trim();
		return {
			data,
			mimeType: contentType.startsWith('audio/') ? contentType : (MEDIA_TYPES[extension] ?? 'application/octet-stream'),
			fileName: decodeURIComponent(new URL(recordUrl).pathname.split('/').pop() || `recording.${extension}`),
		};
	}
}
