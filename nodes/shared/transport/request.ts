import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { PLIVO_CREDENTIAL_TYPE } from '../credential';
import type { RequestPacer } from './pacer';

/**
 * One Plivo API call: the credential's Basic auth, the base URL, 429 retries and Plivo's
 * errors. Every Plivo API request of the package goes through here (by the client, client.ts).
 */

const MAX_RATE_LIMIT_RETRIES = 5;
const MAX_RETRY_WAIT_MS = 30_000;
export const REQUEST_TIMEOUT_MS = 60_000;

export interface PlivoRequest {
	method: IHttpRequestMethods;
	/** Path below `/v1/Account/{authId}/`, already URL-encoded. */
	path: string;
	body?: IDataObject;
	/** Query string parameters (Plivo's list filters and paging). */
	qs?: IDataObject;
	/** What a 404 means for this call, when it is not "no live conference of that name". */
	notFound?: { message: string; description: string };
	/**
	 * What the call starts a recording on; false for every other call. No call is repeated
	 * after an unknown outcome (a 5xx, a timeout), but for this one the error says that a
	 * recording may have started on it, so the user checks it before running the item again.
	 * A 429 is always retried: Plivo rejected that request, so nothing happened.
	 */
	startsRecording: false | RecordingSubject;
}

/** What a recording is started on, as the user knows it from the node. */
export type RecordingSubject = 'conference' | 'call' | 'Multi-Party Call';

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

/** The action's calls, the editor's list searches (the live conferences) and the New Recording trigger's polls use the account. */
export type PlivoContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/**
 * What a user reads when a call that starts a recording ends without a known outcome (a 5xx,
 * a timeout): nothing retries it, so that a second recording is never started.
 */
const MAY_HAVE_STARTED = 'may or may not have started';
const neverTwice = (subject: RecordingSubject) =>
	`so that a second recording is never started. Check the ${subject} in the Plivo console before running this item again.`;

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
		case statusCode === 404 && request.notFound !== undefined:
			return { message: request.notFound.message, description: `${request.notFound.description}${said}` };
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
		case statusCode >= 500 && request.startsRecording !== false:
			return {
				message: `Plivo failed with ${statusCode}; the recording ${MAY_HAVE_STARTED}`,
				description: `Not retried automatically, ${neverTwice(request.startsRecording)}${said}`,
			};
		case statusCode >= 500:
			return {
				message: `Plivo failed with ${statusCode}`,
				description: `Plivo had a server error; try again later.${said}`,
			};
		default:
			return {
				message: plivoError
					? `Plivo rejected the request: ${plivoError}`
					: `Plivo rejected the request (${statusCode})`,
				description: `Check the node's parameters.${said}`,
			};
	}
}

/**
 * Sends one request to Plivo with the credential's Basic auth, paced by `pacer`, retrying
 * only 429s. Any other failure becomes a NodeApiError carrying Plivo's own message.
 */
export async function sendPlivoRequest(
	this: PlivoContext,
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
	if (request.qs) options.qs = request.qs;

	for (let attempt = 0; ; attempt++) {
		const releaseSlot = await pacer.acquire();
		let response: { statusCode: number; headers?: IDataObject; body?: unknown };
		try {
			// Without credentialsDecrypted n8n would read and decrypt the credential again per request.
			response = await this.helpers.httpRequestWithAuthentication.call(this, PLIVO_CREDENTIAL_TYPE, options, {
				credentialsDecrypted: account.credentials,
			});
		} catch (error) {
			const reason = (error as Error).message ?? String(error);
			const outcome = request.startsRecording
				? `The recording ${MAY_HAVE_STARTED}: not retried automatically, ${neverTwice(request.startsRecording)}`
				: 'Try again later.';
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
		throw new NodeApiError(this.getNode(), { ...body, error: plivoError, api_id: body.api_id ?? null } as JsonObject, {
			message,
			description,
			httpCode: String(response.statusCode),
			itemIndex,
		});
	}
}
