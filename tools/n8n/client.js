// @ts-check
'use strict';
/**
 * An HTTP client for a running n8n: the editor's internal API (/rest, the owner's session
 * cookie) and the public API (/api/v1, an API key). Knows nothing of how n8n was started, so
 * it serves the launcher (launcher.js) and a test that checks an n8n someone else
 * started (`npm start`). Only Node built-ins.
 */

// The editor sends one per browser and n8n binds the auth cookie to it; one constant is enough.
const BROWSER_ID = 'n8n-nodes-plivo-recording-e2e';

/** A non-2xx answer; the message has method, URL, status and body. */
class HttpError extends Error {
	/** @param {string} message @param {number} status @param {string} body */
	constructor(message, status, body) {
		super(message);
		this.status = status;
		this.body = body;
	}
}

/** @param {string} baseUrl e.g. http://127.0.0.1:5678 */
function createN8nClient(baseUrl) {
	let cookie = '';
	let apiKey = '';

	/**
	 * @param {string} url
	 * @param {string} method
	 * @param {Record<string, string>} headers
	 * @param {unknown} [body]
	 */
	async function request(url, method, headers, body) {
		const response = await fetch(url, {
			method,
			headers: {
				accept: 'application/json',
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...headers,
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new HttpError(`${method} ${url} -> ${response.status}: ${text}`, response.status, text);
		for (const setCookie of response.headers.getSetCookie()) {
			// n8n issues the cookie at login and may renew it on any /rest answer.
			const match = /^n8n-auth=([^;]*)/.exec(setCookie);
			if (match) cookie = `n8n-auth=${match[1]}`;
		}
		return text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
	}

	/** Headers of a request the editor makes as the signed-in user. */
	const editorHeaders = () => ({ 'browser-id': BROWSER_ID, ...(cookie ? { cookie } : {}) });

	const client = {
		baseUrl,

		/**
		 * The editor's internal API, authenticated with the session cookie from login().
		 * @param {string} method
		 * @param {string} urlPath e.g. '/credentials/test' (the /rest prefix is optional)
		 * @param {unknown} [body]
		 * @param {Record<string, string>} [headers]
		 * @returns {Promise<any>} the `data` field when the answer has one
		 */
		async rest(method, urlPath, body, headers = {}) {
			const result = await request(
				`${baseUrl}/rest${urlPath.replace(/^\/rest/, '')}`,
				method,
				{ ...editorHeaders(), ...headers },
				body,
			);
			return result && typeof result === 'object' && 'data' in result ? result.data : result;
		},

		/**
		 * The public API, authenticated with the key given to useApiKey().
		 * @param {string} method
		 * @param {string} urlPath e.g. '/workflows' (the /api/v1 prefix is optional)
		 * @param {unknown} [body]
		 * @returns {Promise<any>}
		 */
		async api(method, urlPath, body) {
			if (!apiKey) throw new Error('call createApiKey() (or useApiKey()) before api()');
			return await request(
				`${baseUrl}/api/v1${urlPath.replace(/^\/api\/v1/, '')}`,
				method,
				{ 'x-n8n-api-key': apiKey },
				body,
			);
		},

		/** @param {string} key a public API key */
		useApiKey(key) {
			apiKey = key;
		},

		/**
		 * Signs in as the editor's login form does, keeping the session cookie.
		 * @param {string} email @param {string} password
		 */
		async login(email, password) {
			// 2.x names the field emailOrLdapLoginId, older 1.x `email`; each ignores the other.
			return await client.rest('POST', '/login', { email, emailOrLdapLoginId: email, password });
		},

		/** Every node type the editor offers (as its node panel loads them). */
		async nodeTypes() {
			return /** @type {Promise<Array<{ name: string, displayName: string }>>} */ (
				request(`${baseUrl}/types/nodes.json`, 'GET', editorHeaders())
			);
		},
	};
	return client;
}

/** @typedef {ReturnType<typeof createN8nClient>} N8nClient */

module.exports = { createN8nClient, HttpError, BROWSER_ID };
