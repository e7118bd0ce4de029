/**
 * Decides whether an incoming HTTP request really is a callback from Plivo: first from its
 * headers alone (which signature it carries, if any, and whether that kind is accepted), then
 * from the signature against every URL Plivo may have signed (urls.ts). Pure, no n8n imports.
 */
import { verifyV2Signature, verifyV3Signature, type CallbackParams } from './signature';

/** Lower-case header names, as Node gives them. */
export type RequestHeaders = Record<string, string | string[] | undefined>;

/**
 * The signature a request carries. V3 signs the URL, the fields and a nonce; V2 (deprecated,
 * still sent beside V3 by Plivo, alone by some older accounts) signs only the URL and a
 * nonce, not the fields.
 */
export interface SignatureHeaders {
	version: 'v3' | 'v2';
	/** One or more signatures, comma-separated. */
	signature: string;
	nonce: string;
}

/** Why a request is refused before its body is looked at. */
export type HeaderRefusal = 'missing' | 'incomplete' | 'v2-not-accepted';

/** What the caller of a refused request reads (401). Says what is missing, never a secret. */
export const REFUSAL_MESSAGES: Record<HeaderRefusal | 'invalid', string> = {
	missing: 'Missing X-Plivo-Signature-V3 header',
	incomplete: 'Incomplete Plivo signature: X-Plivo-Signature-V3 and X-Plivo-Signature-V3-Nonce go together',
	'v2-not-accepted':
		'Only X-Plivo-Signature-V3 is accepted here: V2 does not sign the callback fields (the trigger option "Accept V2 Signatures" allows it)',
	invalid: 'Invalid Plivo signature',
};

function header(headers: RequestHeaders, name: string): string {
	const value = headers[name];
	return Array.isArray(value) ? value.join(',') : (value ?? '');
}

/**
 * Which signature the request carries, from its headers alone. Any V3 header makes it a V3
 * request (an incomplete one is refused, never read as V2); V2 counts only when no V3 header
 * came and the caller accepts V2.
 */
export function readSignatureHeaders(
	headers: RequestHeaders,
	options: { acceptV2: boolean },
): SignatureHeaders | { refused: HeaderRefusal } {
	const v3 = header(headers, 'x-plivo-signature-v3');
	const v3Nonce = header(headers, 'x-plivo-signature-v3-nonce');
	if (v3 !== '' || v3Nonce !== '') {
		return v3 !== '' && v3Nonce !== '' ? { version: 'v3', signature: v3, nonce: v3Nonce } : { refused: 'incomplete' };
	}
	const v2 = header(headers, 'x-plivo-signature-v2');
	const v2Nonce = header(headers, 'x-plivo-signature-v2-nonce');
	if (v2 === '' && v2Nonce === '') return { refused: 'missing' };
	if (!options.acceptV2) return { refused: 'v2-not-accepted' };
	return v2 !== '' && v2Nonce !== '' ? { version: 'v2', signature: v2, nonce: v2Nonce } : { refused: 'incomplete' };
}

export interface CallbackRequest {
	/** 'GET' or 'POST'. */
	method: string;
	/** POST: the body's fields. GET: {} (the fields are in the URL's query). */
	params: CallbackParams;
	/** Every URL Plivo may have signed for this request, query string included (urls.ts). */
	urls: string[];
}

/** True when the signature holds for any of the request's URLs. */
export function verifyCallback(request: CallbackRequest, signature: SignatureHeaders, authToken: string): boolean {
	return request.urls.some((url) =>
		signature.version === 'v3'
			? verifyV3Signature(
					{ url, method: request.method, params: request.params, nonce: signature.nonce },
					signature.signature,
					authToken,
				)
			: verifyV2Signature(url, signature.nonce, signature.signature, authToken),
	);
}
