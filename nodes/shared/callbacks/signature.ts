/**
 * Plivo callback signatures (X-Plivo-Signature-V3 and the deprecated X-Plivo-Signature-V2).
 *
 * Pure functions on strings; the only dependency is node's crypto. The rules follow Plivo's
 * official SDKs (plivo-node's utils/v3Security, plivo-python's utils/signature_v3):
 *
 * V2: base64(HMAC-SHA256(authToken, base + nonce)).
 * V3: base64(HMAC-SHA256(authToken, signingString + '.' + nonce)), where
 *   GET:  signingString = base + ('?' + sortedQuery, when there is one)
 *   POST: signingString = base + '?' + (sortedQuery + '.', when there is one) + sortedParams
 *         (a POST without parameters is signed like a GET with nothing merged)
 *
 * base is scheme://host[:port]path exactly as written: the URL up to its '?' (or its '#').
 * It is deliberately not rebuilt with `new URL()`, which adds a '/' to an empty path and
 * normalises case and escapes, so it would no longer match what Plivo signed.
 */
import { createHmac, timingSafeEqual } from 'crypto';

/** Callback fields: one value, or several when a field repeats. */
export type CallbackParams = Record<string, string | string[]>;

export interface SignatureInput {
	/** The full URL Plivo called, as Plivo was given it: query kept, a '#fragment' ignored. */
	url: string;
	/** 'GET' or 'POST', in any case; other methods are never signed by Plivo. */
	method: 'GET' | 'POST' | string;
	/**
	 * POST: the form fields (or a JSON body's top-level fields, as strings).
	 *
	 * GET: the signed fields are the URL's query merged with params, and a key found in the
	 * URL's query takes its values from the URL only (as plivo-python does); params only add keys
	 * the URL lacks. So no value is ever counted twice, and each of these is correct:
	 *   - url = the URL as called (with the callback's fields in its query), params = {}
	 *     (recommended for a trigger: the URL is what Plivo signed);
	 *   - url = the URL as called, params = that same query parsed;
	 *   - url = the configured callback URL, params = the fields Plivo appended to it.
	 * When the keys do not overlap this is exactly plivo-node's merge (which concatenates).
	 */
	params: CallbackParams;
	/** The X-Plivo-Signature-V3-Nonce header. */
	nonce: string;
}

/** Key -> all its values. A Map, so that keys such as `__proto__` or `constructor` stay plain data. */
type ParamLists = Map<string, string[]>;

/** Splits a URL into the signed base (scheme://host[:port]path as written) and its raw query. */
function splitCallbackUrl(url: string): { base: string; query: string } {
	// The fragment carries Plivo's retry settings (#ct=...&rt=...) and is never signed;
	// it is cut first because a fragment may itself contain a '?'.
	const fragmentAt = url.indexOf('#');
	const withoutFragment = fragmentAt === -1 ? url : url.slice(0, fragmentAt);
	const queryAt = withoutFragment.indexOf('?');
	if (queryAt === -1) return { base: withoutFragment, query: '' };
	return { base: withoutFragment.slice(0, queryAt), query: withoutFragment.slice(queryAt + 1) };
}

function isHexDigit(byte: number): boolean {
	return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}

/**
 * Decodes one form-encoded key or value the way the SDKs' parsers (node's querystring, Python's
 * parse_qs) and URLSearchParams do: '+' is a space, %XX is a byte, the bytes are UTF-8. A '%' not
 * followed by two hex digits stays as it is, and invalid UTF-8 becomes U+FFFD, instead of
 * throwing like decodeURIComponent would.
 */
function decodeFormComponent(text: string): string {
	const spaced = text.replace(/\+/g, ' ');
	if (!spaced.includes('%')) return spaced;
	const bytes = Buffer.from(spaced, 'utf8');
	const decoded: number[] = [];
	for (let i = 0; i < bytes.length; i++) {
		// '%' and hex digits are ASCII, so they can be spotted in the UTF-8 bytes directly.
		if (bytes[i] === 0x25 && i + 2 < bytes.length && isHexDigit(bytes[i + 1]) && isHexDigit(bytes[i + 2])) {
			decoded.push(parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16));
			i += 2;
		} else {
			decoded.push(bytes[i]);
		}
	}
	return Buffer.from(decoded).toString('utf8');
}

/** Parses a raw query ('a=1&a=2&b', no leading '?') into key -> values, in order of appearance. */
function parseQueryLists(query: string): ParamLists {
	const lists: ParamLists = new Map();
	for (const pair of query.split('&')) {
		// 'a&&b' and a trailing '&' leave empty pieces, which the SDKs' parsers skip.
		if (pair === '') continue;
		const equalsAt = pair.indexOf('=');
		// A bare key ('?flag') has the empty value, as in the SDKs.
		const key = decodeFormComponent(equalsAt === -1 ? pair : pair.slice(0, equalsAt));
		const value = equalsAt === -1 ? '' : decodeFormComponent(pair.slice(equalsAt + 1));
		const values = lists.get(key);
		if (values) values.push(value);
		else lists.set(key, [value]);
	}
	return lists;
}

function toParamLists(params: CallbackParams): ParamLists {
	const lists: ParamLists = new Map();
	for (const key of Object.keys(params)) {
		const value = params[key];
		// String() because a JSON body may carry numbers or booleans; Plivo signed their text.
		lists.set(key, Array.isArray(value) ? value.map(String) : [String(value)]);
	}
	return lists;
}

/**
 * Every (key, value) pair, keys sorted, each key's values sorted. The default sort is plain
 * UTF-16 code-unit order (upper case before lower case), which is what plivo-node uses.
 */
function sortedPairs(lists: ParamLists): Array<[string, string]> {
	const pairs: Array<[string, string]> = [];
	for (const key of [...lists.keys()].sort()) {
		for (const value of [...(lists.get(key) ?? [])].sort()) pairs.push([key, value]);
	}
	return pairs;
}

/** 'a=1&b=2': the decoded values, not re-encoded. */
function joinAsQuery(lists: ParamLists): string {
	return sortedPairs(lists)
		.map(([key, value]) => `${key}=${value}`)
		.join('&');
}

/** 'a1b2': POST fields are glued together with no '=' and no separator. */
function joinAsPostParams(lists: ParamLists): string {
	return sortedPairs(lists)
		.map(([key, value]) => key + value)
		.join('');
}

/** The string that is HMAC'd (before '.' + nonce) for a V3 signature. */
function buildV3SigningString(input: SignatureInput): string {
	const method = input.method.toUpperCase();
	const { base, query } = splitCallbackUrl(input.url);
	const urlQuery = parseQueryLists(query);
	const callbackParams = toParamLists(input.params);

	if (method === 'GET') {
		// The URL's own query wins per key, so fields passed both ways are not counted twice.
		const merged = new Map(urlQuery);
		for (const [key, values] of callbackParams) {
			if (!merged.has(key)) merged.set(key, values);
		}
		const sortedQuery = joinAsQuery(merged);
		return sortedQuery ? `${base}?${sortedQuery}` : base;
	}

	if (method === 'POST') {
		const sortedQuery = joinAsQuery(urlQuery);
		if (callbackParams.size === 0) return sortedQuery ? `${base}?${sortedQuery}` : base;
		return `${base}?${sortedQuery ? `${sortedQuery}.` : ''}${joinAsPostParams(callbackParams)}`;
	}

	throw new Error(`Plivo signs only GET and POST callbacks, not '${input.method}'`);
}

function hmacSha256Base64(authToken: string, text: string): string {
	return createHmac('sha256', authToken).update(text, 'utf8').digest('base64');
}

/**
 * True when any of the header's comma-separated signatures equals the expected one. Every
 * candidate is compared in constant time, and all of them are looked at, so timing tells nothing
 * about which one or how much of it matched. A length mismatch is decided at once: timingSafeEqual
 * needs equal lengths, and the length of a SHA-256 base64 signature (44) is public anyway.
 */
function headerHoldsSignature(signatureHeader: string, expected: string): boolean {
	if (typeof signatureHeader !== 'string') return false;
	const expectedBytes = Buffer.from(expected, 'utf8');
	let matched = false;
	for (const candidate of signatureHeader.split(',')) {
		const candidateBytes = Buffer.from(candidate.trim(), 'utf8');
		if (candidateBytes.length === expectedBytes.length && timingSafeEqual(candidateBytes, expectedBytes)) {
			matched = true;
		}
	}
	return matched;
}

/** The V3 signature Plivo would send for this callback. Throws on a method other than GET/POST. */
export function computeV3Signature(input: SignatureInput, authToken: string): string {
	return hmacSha256Base64(authToken, `${buildV3SigningString(input)}.${input.nonce}`);
}

/**
 * Checks an X-Plivo-Signature-V3 header (one or more comma-separated signatures; any one
 * matching is enough). Never throws: malformed input of any kind is simply not valid. An empty
 * auth token never validates, so a missing credential cannot be "matched" by a forger.
 */
export function verifyV3Signature(input: SignatureInput, signatureHeader: string, authToken: string): boolean {
	try {
		if (typeof authToken !== 'string' || authToken === '') return false;
		return headerHoldsSignature(signatureHeader, computeV3Signature(input, authToken));
	} catch {
		return false;
	}
}

/** The V2 signature: the URL without query and fragment, then the nonce, with no separator. */
export function computeV2Signature(url: string, nonce: string, authToken: string): string {
	return hmacSha256Base64(authToken, splitCallbackUrl(url).base + nonce);
}

/** Checks an X-Plivo-Signature-V2 header; same rules as verifyV3Signature (list, never throws). */
export function verifyV2Signature(url: string, nonce: string, signatureHeader: string, authToken: string): boolean {
	try {
		if (typeof authToken !== 'string' || authToken === '') return false;
		return headerHoldsSignature(signatureHeader, computeV2Signature(url, nonce, authToken));
	} catch {
		return false;
	}
}
