/**
 * Receives a Plivo callback from an n8n webhook request, cheaply and safely: a request is
 * hostile until its signature holds, so it is judged from its headers first (no signature →
 * 401 without reading the body), then its fields are bounded (a plain object of text fields,
 * few and small enough) before anything is hashed, then the signature is checked against the
 * URLs Plivo may have signed, and a nonce already used is a replay. The credential is read only
 * once headers and fields passed, and from the process's memory of it (credentialMemory.ts):
 * n8n's own read of a credential in a webhook costs more than the rest of a callback.
 */
import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { PLIVO_CREDENTIAL_TYPE } from '../plivo/api';
import { credentialMemory, credentialMemoryKey } from './credentialMemory';
import { nonceKey, usedNonces } from './dedupe';
import type { CallbackParams } from './signature';
import { readSignatureHeaders, REFUSAL_MESSAGES, verifyCallback, type RequestHeaders } from './verify';

/**
 * At most this many fields (a repeated key counts each value). Plivo's recording and
 * transcription callbacks carry about ten, a Conference XML callback about thirty.
 */
export const MAX_CALLBACK_FIELDS = 100;
/**
 * At most this many characters in all keys and values together: a transcription of a
 * four-hour recording (Plivo's longest) is about 250,000.
 */
export const MAX_CALLBACK_CHARS = 1_000_000;
/** At most this many bytes announced by Content-Length (the form encoding of the above). */
export const MAX_CALLBACK_BYTES = 3 * MAX_CALLBACK_CHARS;

/** Plivo sends form fields; a JSON object (a proxy, a test tool) is read the same way. */
const FIELD_BODY_TYPES = ['application/x-www-form-urlencoded', 'application/json'];

export interface Refusal {
	status: 400 | 401 | 413 | 415;
	message: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null || Array.isArray(value) || Buffer.isBuffer(value)) return false;
	const prototype = Object.getPrototypeOf(value) as unknown;
	// n8n's parsed form body has no prototype.
	return prototype === Object.prototype || prototype === null;
}

/**
 * The callback's fields (read by `readData`, once the headers passed), or why they are
 * refused, before anything is hashed: only a plain
 * object (a form body, a JSON object, a GET query) of text fields, within the limits above.
 * A text body (once spread into one key per character) never gets this far.
 */
export function readCallbackFields(
	method: string,
	headers: RequestHeaders,
	readData: () => unknown,
): { fields: CallbackParams } | Refusal {
	if (method === 'POST') {
		const contentType = String(headers['content-type'] ?? '')
			.split(';')[0]
			.trim()
			.toLowerCase();
		const announced = Number(headers['content-length'] ?? 0);
		if (announced > MAX_CALLBACK_BYTES) {
			return { status: 413, message: `A Plivo callback is at most ${MAX_CALLBACK_BYTES} bytes` };
		}
		const empty = contentType === '' && !(announced > 0);
		if (!empty && !FIELD_BODY_TYPES.includes(contentType)) {
			return { status: 415, message: 'Plivo callbacks are form fields (application/x-www-form-urlencoded)' };
		}
	}
	const data = readData();
	if (data === undefined || data === null || (typeof data === 'string' && data === '')) return { fields: {} };
	if (!isPlainObject(data)) return { status: 400, message: 'A Plivo callback is a set of form fields' };

	const fields: CallbackParams = {};
	let count = 0;
	let chars = 0;
	for (const key of Object.keys(data)) {
		const value = data[key];
		const values = Array.isArray(value) ? value : [value];
		count += values.length;
		chars += key.length * values.length;
		if (count > MAX_CALLBACK_FIELDS) {
			return { status: 413, message: `A Plivo callback has at most ${MAX_CALLBACK_FIELDS} fields` };
		}
		for (const item of values) {
			if (typeof item !== 'string') return { status: 400, message: `Field "${key.slice(0, 100)}" is not text` };
			chars += item.length;
		}
		if (chars > MAX_CALLBACK_CHARS) {
			return { status: 413, message: `A Plivo callback has at most ${MAX_CALLBACK_CHARS} characters` };
		}
		// defineProperty: a field named `__proto__` stays a field.
		Object.defineProperty(fields, key, { value, enumerable: true, writable: true, configurable: true });
	}
	return { fields };
}

export interface ReceivedCallback {
	/** Every field Plivo sent: the form or JSON body of a POST, the query of a GET. */
	fields: CallbackParams;
	/**
	 * What the node may need of the credential (`authId`, `baseUrl`) when it was read: the
	 * Auth Token stays in here. Empty when neither the signature check nor the node needed it.
	 */
	credentials: IDataObject;
}

export interface ReceiveOptions {
	verifySignature: boolean;
	/** Whether a V2 signature (URL and nonce only, not the fields) is enough when no V3 came. */
	acceptV2: boolean;
	needCredentials: boolean;
	/** Every URL Plivo may have signed (urls.ts); asked only once headers and fields passed. */
	urls: () => string[];
}

/** What Plivo reads in our answer; it only looks at the status. */
const ANSWER = 'OK';

/**
 * How the callback webhooks answer: when the execution has been created (onReceived), with
 * ANSWER as the body (for onReceived, n8n sends a responseData that is not an option name as
 * it is; without one it would send the default's name, "firstEntryJson").
 */
export const CALLBACK_ANSWER = { responseMode: 'onReceived', responseData: ANSWER } as const;

function refuse(this: IWebhookFunctions, refusal: Refusal): undefined {
	this.getResponseObject().status(refusal.status).type('text/plain').send(refusal.message);
	return undefined;
}

/**
 * Reads a Plivo callback from an n8n webhook request. Answers the request itself when it is
 * refused (401 signature, 400/413/415 fields) or is a replay of a nonce already used (200,
 * nothing starts), and returns undefined: start nothing. Otherwise the caller answers with one
 * of the two below.
 */
export async function receiveCallback(
	this: IWebhookFunctions,
	options: ReceiveOptions,
): Promise<ReceivedCallback | undefined> {
	const request = this.getRequestObject();
	const method = request.method.toUpperCase();
	const signature = options.verifySignature
		? readSignatureHeaders(request.headers, { acceptV2: options.acceptV2 })
		: undefined;
	if (signature && 'refused' in signature)
		return refuse.call(this, { status: 401, message: REFUSAL_MESSAGES[signature.refused] });

	const read = readCallbackFields(method, request.headers, () =>
		method === 'GET' ? this.getQueryData() : this.getBodyData(),
	);
	if ('status' in read) return refuse.call(this, read);
	const { fields } = read;

	if (!signature && !options.needCredentials) return { fields, credentials: {} };
	// Only now, with the headers and fields judged, is the credential looked up.
	const key = credentialMemoryKey.call(this);
	const readThroughN8n = async () => await this.getCredentials(PLIVO_CREDENTIAL_TYPE);
	const reading = await credentialMemory.recall(key, readThroughN8n);
	let { credential } = reading;
	if (signature) {
		const request = { method, params: method === 'GET' ? {} : fields, urls: options.urls() };
		// An empty token would let anyone sign: it verifies nothing.
		const holds = () => credential.authToken !== '' && verifyCallback(request, signature, credential.authToken);
		let valid = holds();
		if (!valid && !reading.fresh) {
			// The Auth Token may have been changed since it was kept: read it again, once, and
			// check again before refusing, so the new token works at once.
			credential = await credentialMemory.readAgain(key, readThroughN8n);
			valid = holds();
		}
		if (!valid) return refuse.call(this, { status: 401, message: REFUSAL_MESSAGES.invalid });
		const nonce = nonceKey(signature.version, signature.nonce);
		if (usedNonces.isRepeat(nonce)) {
			ignoreCallback.call(this);
			return undefined;
		}
		onCallbackNotAccepted.call(this, () => usedNonces.forget(nonce));
	}
	return { fields, credentials: { authId: credential.authId, baseUrl: credential.baseUrl } };
}

/** A genuine callback that starts nothing (another event, a repeat): 200 at once. */
export function ignoreCallback(this: IWebhookFunctions): IWebhookResponseData {
	this.getResponseObject().status(200).type('text/plain').send(ANSWER);
	return { noWebhookResponse: true };
}

/**
 * Starts (or resumes) the execution with `item`. n8n answers Plivo itself (CALLBACK_ANSWER)
 * once the execution exists (n8n 2.x; 1.x answers before): if n8n cannot start it, Plivo gets
 * an error it can retry instead of a 200 for an execution that never ran.
 */
export function startExecution(this: IWebhookFunctions, item: INodeExecutionData): IWebhookResponseData {
	// n8n sends the body string as it is; its type is ours to set.
	this.getResponseObject().type('text/plain');
	return { workflowData: [[item]] };
}

/**
 * Calls `forget` when the answer n8n gives this callback is not a success, or the connection
 * closes before any answer: the callback did not start an execution, so Plivo's retry must.
 */
export function onCallbackNotAccepted(this: IWebhookFunctions, forget: () => void): void {
	const response = this.getResponseObject();
	let answered = false;
	response.once('finish', () => {
		answered = true;
		if (response.statusCode < 200 || response.statusCode >= 300) forget();
	});
	response.once('close', () => {
		if (!answered) forget();
	});
}
