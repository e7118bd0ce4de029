/**
 * A callback request's fields, bounded before anything is hashed: only a plain object (a form
 * body, a JSON object, a GET query) of text fields, few and small enough. Pure, no n8n imports.
 */
import type { CallbackParams } from './signature';
import type { RequestHeaders } from './verify';

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

/** What a refused request is answered (answers.ts). */
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
