/**
 * Decides whether an incoming HTTP request really is a callback from Plivo. Pure, no n8n
 * imports: the trigger (and anything else that receives Plivo callbacks) passes in what it
 * knows about the request.
 */
import {
	verifyV2Signature,
	verifyV3Signature,
	type CallbackParams,
} from './signature';

export type Verdict = 'valid' | 'missing' | 'invalid';

export interface CallbackRequest {
	method: string;
	/** Lower-case header names, as Node gives them. */
	headers: Record<string, string | string[] | undefined>;
	/** POST: the body's fields. GET: {} (the fields are in the URL's query). */
	params: CallbackParams;
	/** Every URL Plivo may have called for this request, query string included. */
	urls: string[];
}

/**
 * The URLs Plivo may have signed. n8n only knows its configured production URL, while the
 * call may have come to the test URL, or through a reverse proxy at another address; the
 * query string is the one the request really carried.
 *
 * @param productionUrl what n8n reports for this webhook (from WEBHOOK_URL)
 * @param calledPathAndQuery the request's path and query as received (`/webhook-test/<id>/webhook?…`)
 * @param publicUrl the user's override for the address Plivo calls, if any
 */
export function candidateCallbackUrls(
	productionUrl: string,
	calledPathAndQuery: string,
	publicUrl = '',
): string[] {
	const queryAt = calledPathAndQuery.indexOf('?');
	const calledPath = queryAt === -1 ? calledPathAndQuery : calledPathAndQuery.slice(0, queryAt);
	const query = queryAt === -1 ? '' : calledPathAndQuery.slice(queryAt);
	const urls = [stripQuery(productionUrl) + query];

	// Swap n8n's endpoint segment (`webhook`, `webhook-test`, or a custom one) for the one
	// that was called, keeping the public address in front of it.
	const webhookPath = calledPath.replace(/^\/[^/]*/, '');
	const production = stripQuery(productionUrl);
	if (webhookPath !== '' && production.endsWith(webhookPath)) {
		const endpointUrl = production.slice(0, production.length - webhookPath.length);
		const publicRoot = endpointUrl.replace(/\/[^/]*$/, '');
		urls.push(publicRoot + calledPath + query);
	}
	if (publicUrl.trim() !== '') urls.push(stripQuery(publicUrl.trim()) + query);
	return [...new Set(urls)];
}

function stripQuery(url: string): string {
	const cut = url.search(/[?#]/);
	return cut === -1 ? url : url.slice(0, cut);
}

function header(request: CallbackRequest, name: string): string {
	const value = request.headers[name];
	return Array.isArray(value) ? value.join(',') : (value ?? '');
}

/** V3 when its headers came, else V2 (deprecated, still sent by older accounts). */
export function verifyCallback(request: CallbackRequest, authToken: string): Verdict {
	const v3 = header(request, 'x-plivo-signature-v3');
	const v3Nonce = header(request, 'x-plivo-signature-v3-nonce');
	if (v3 !== '' && v3Nonce !== '') {
		const valid = request.urls.some((url) =>
			verifyV3Signature({ url, method: request.method, params: request.params, nonce: v3Nonce }, v3, authToken),
		);
		return valid ? 'valid' : 'invalid';
	}
	const v2 = header(request, 'x-plivo-signature-v2');
	const v2Nonce = header(request, 'x-plivo-signature-v2-nonce');
	if (v2 !== '' && v2Nonce !== '') {
		const valid = request.urls.some((url) => verifyV2Signature(url, v2Nonce, v2, authToken));
		return valid ? 'valid' : 'invalid';
	}
	return v3 !== '' || v2 !== '' ? 'invalid' : 'missing';
}
