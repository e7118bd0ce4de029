import { execFileSync } from 'child_process';
import { parse as nodeQuerystringParse } from 'querystring';

import {
	type CallbackParams,
	type SignatureInput,
	computeV2Signature,
	computeV3Signature,
	verifyV2Signature,
	verifyV3Signature,
} from '../../../../nodes/shared/callbacks/signature';
import { V2, V3_POST } from '../../../support/knownAnswers';

// ---------------------------------------------------------------------------------------------
// Deterministic randomness: a failure names its seed and callback index, so it can be replayed
// with SIGNATURE_TEST_SEED=<seed>.
// ---------------------------------------------------------------------------------------------

/**
 * Whether the signature reads `query` (in a GET callback's URL) as exactly these fields: the
 * URL with the query signs the same as the bare URL with the fields handed over.
 */
function queryReadsAs(query: string, fields: CallbackParams): boolean {
	const nonce = 'query-nonce';
	const inUrl = computeV3Signature({ url: `https://h.io/p?${query}`, method: 'GET', params: {}, nonce }, 'token');
	return inUrl === computeV3Signature({ url: 'https://h.io/p', method: 'GET', params: fields, nonce }, 'token');
}

const SEED = Number(process.env.SIGNATURE_TEST_SEED ?? 0x504c4956);
const GENERATED_CALLBACKS = 300;

/** mulberry32: tiny, fast, and good enough to spread test cases. */
function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

class Dice {
	constructor(private readonly random: () => number) {}
	int(below: number): number {
		return Math.floor(this.random() * below);
	}
	chance(probability: number): boolean {
		return this.random() < probability;
	}
	pick<T>(items: readonly T[]): T {
		return items[this.int(items.length)];
	}
	digits(length: number): string {
		let text = '';
		for (let i = 0; i < length; i++) text += String(this.int(10));
		return text;
	}
	alphanumeric(length: number): string {
		const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
		let text = '';
		for (let i = 0; i < length; i++) text += alphabet[this.int(alphabet.length)];
		return text;
	}
	shuffled<T>(items: readonly T[]): T[] {
		const copy = [...items];
		for (let i = copy.length - 1; i > 0; i--) {
			const j = this.int(i + 1);
			[copy[i], copy[j]] = [copy[j], copy[i]];
		}
		return copy;
	}
}

// ---------------------------------------------------------------------------------------------
// Generated callbacks. A callback is described logically (URL parts, fields, ...) and rendered
// into a SignatureInput, so that a mutation changes exactly one logical thing.
// ---------------------------------------------------------------------------------------------

/** Pieces that values are built from: every character class the encodings could get wrong. */
const VALUE_PIECES = [
	'a',
	'B',
	'z',
	'Z',
	'7',
	'0',
	' ',
	'  ',
	'&',
	'=',
	'+',
	'%',
	'%20',
	'%zz',
	'%E9',
	'é',
	'ü',
	'ß',
	'中文',
	'😀',
	'🎉',
	'👩‍💻',
	'#',
	'?',
	'/',
	':',
	';',
	',',
	'.',
	'-',
	'_',
	'~',
	'"',
	"'",
	'\t',
	'\n',
	'<sip:x@1.2.3.4;transport=udp>',
	'record_done',
	'İ',
	'ﬀ',
] as const;

const CONFERENCE_NAMES = [
	'Daily Stand-up',
	'Sales Q3 📈',
	'Café Müller',
	'A&B = C+D',
	'100% sync',
	'zürich-ops',
	'会议室 3',
	'room+1',
	'a=b&c=d',
	'Ünïcödé 🎧',
	'plain',
] as const;

const RECORDING_FIELDS = [
	'api_id',
	'record_url',
	'recording_id',
	'conference_name',
	'recording_duration',
	'recording_duration_ms',
	'recording_start_ms',
	'recording_end_ms',
	'message',
] as const;

const TRANSCRIPTION_FIELDS = [
	'transcription_charge',
	'transcription',
	'duration',
	'call_uuid',
	'transcription_rate',
	'recording_id',
	'error',
] as const;

/** Extra field names, some awkward. None of them is a user-query key (see USER_QUERY_KEYS). */
const EXTRA_FIELDS = [
	'X-PH-Custom',
	'Custom Field',
	'a&b',
	'k=v',
	'plus+key',
	'pct%key',
	'Ünïcode',
	'😀key',
	'UPPER',
	'lower',
	'Zeta',
	'_under',
	'SIP-H-To',
] as const;

/** Keys in the configured callback URL's own query; disjoint from the field names on purpose. */
const USER_QUERY_KEYS = ['tag', 'src', 'n8n', 'ref', 'debug'] as const;

const HOSTS = ['example.com', 'n8n.example.org', 'localhost', '127.0.0.1', 'Hooks.Example.io'] as const;
const PORTS = ['', ':5678', ':443', ':8080'] as const;
const PATHS = [
	'',
	'/',
	'/webhook/plivo',
	'/webhook/plivo/',
	'/webhook-test/3f2a9c1e-77b4-4a42-9d0e-2c1b9b8a0f11',
	'/webhook/3f2a9c1e-77b4-4a42-9d0e-2c1b9b8a0f11/recording/',
	'/hooks/recording.php',
	`/${encodeURIComponent('café')}/hook`,
	`/${encodeURIComponent('会议')}/`,
	'/a/b/c',
] as const;
const FRAGMENTS = ['', '', '#ct=2000&rt=40000', '#rc=3&rp=4xx,5xx,ct', '#er=frankfurt?x=1'] as const;

interface GeneratedCallback {
	index: number;
	method: 'GET' | 'POST';
	scheme: 'http' | 'https';
	host: string;
	port: string;
	path: string;
	/** The configured URL's own query; a null value is a bare key ('?debug'). */
	userQuery: Array<[string, string | null]>;
	/** The callback's fields, key -> values (several values = a repeated field). */
	fields: Record<string, string[]>;
	/** GET only: the fields ride in the URL as called (params {}) instead of in params. */
	fieldsInUrl: boolean;
	/** Encode spaces as '+' (form style) instead of '%20'. */
	plusForSpace: boolean;
	/** Pass a single value as a one-element array instead of a string. */
	singleAsArray: boolean;
	fragment: string;
	nonce: string;
	authToken: string;
}

function randomValue(dice: Dice): string {
	let value = '';
	const pieces = dice.int(7);
	for (let i = 0; i < pieces; i++) value += dice.pick(VALUE_PIECES);
	return value;
}

function randomFields(dice: Dice): Record<string, string[]> {
	const names = dice.chance(0.6) ? RECORDING_FIELDS : TRANSCRIPTION_FIELDS;
	const chosen = dice.shuffled(names).slice(0, 1 + dice.int(names.length));
	const extras = dice.shuffled(EXTRA_FIELDS).slice(0, dice.int(4));
	const fields: Record<string, string[]> = {};
	for (const name of dice.shuffled([...chosen, ...extras])) {
		if (name === 'conference_name') {
			fields[name] = [`${dice.pick(CONFERENCE_NAMES)} ${randomValue(dice)}`.trim()];
		} else if (name === 'record_url') {
			fields[name] = [
				`https://media.plivo.com/v1/Account/MA${dice.alphanumeric(18)}/Recording/${dice.alphanumeric(8)}.mp3`,
			];
		} else if (name.endsWith('_ms') || name.endsWith('duration')) {
			fields[name] = [dice.digits(1 + dice.int(13))];
		} else {
			// Some fields repeat, some values repeat exactly, some are empty.
			const count = dice.chance(0.2) ? 2 + dice.int(3) : 1;
			const values: string[] = [];
			for (let i = 0; i < count; i++) {
				values.push(i > 0 && dice.chance(0.2) ? values[0] : randomValue(dice));
			}
			fields[name] = values;
		}
	}
	return fields;
}

function generateCallback(dice: Dice, index: number): GeneratedCallback {
	const userQuery: Array<[string, string | null]> = [];
	if (dice.chance(0.5)) {
		const count = 1 + dice.int(4);
		// Picking with replacement gives repeated keys now and then.
		for (let i = 0; i < count; i++) {
			userQuery.push([dice.pick(USER_QUERY_KEYS), dice.chance(0.15) ? null : randomValue(dice)]);
		}
	}
	return {
		index,
		method: dice.chance(0.5) ? 'GET' : 'POST',
		scheme: dice.chance(0.7) ? 'https' : 'http',
		host: dice.pick(HOSTS),
		port: dice.pick(PORTS),
		path: dice.pick(PATHS),
		userQuery,
		fields: randomFields(dice),
		fieldsInUrl: dice.chance(0.5),
		plusForSpace: dice.chance(0.5),
		singleAsArray: dice.chance(0.3),
		fragment: dice.pick(FRAGMENTS),
		nonce: dice.digits(20),
		authToken: dice.alphanumeric(40),
	};
}

function encodeForQuery(text: string, plusForSpace: boolean): string {
	const encoded = encodeURIComponent(text);
	return plusForSpace ? encoded.replace(/%20/g, '+') : encoded;
}

/** The callback URL as configured in Plivo (ASCII only: the SDK re-encodes non-ASCII URLs). */
function configuredUrl(callback: GeneratedCallback): string {
	const query = callback.userQuery
		.map(([key, value]) =>
			value === null
				? encodeForQuery(key, callback.plusForSpace)
				: `${encodeForQuery(key, callback.plusForSpace)}=${encodeForQuery(value, callback.plusForSpace)}`,
		)
		.join('&');
	return `${callback.scheme}://${callback.host}${callback.port}${callback.path}${query ? `?${query}` : ''}`;
}

function fieldsAsQuery(callback: GeneratedCallback): string {
	const pairs: string[] = [];
	for (const [key, values] of Object.entries(callback.fields)) {
		for (const value of values) {
			pairs.push(`${encodeForQuery(key, callback.plusForSpace)}=${encodeForQuery(value, callback.plusForSpace)}`);
		}
	}
	return pairs.join('&');
}

function fieldsAsParams(callback: GeneratedCallback): CallbackParams {
	const params: CallbackParams = {};
	for (const [key, values] of Object.entries(callback.fields)) {
		params[key] = values.length === 1 && !callback.singleAsArray ? values[0] : [...values];
	}
	return params;
}

/** The URL Plivo calls for a GET callback: the configured URL with the fields appended. */
function calledGetUrl(callback: GeneratedCallback): string {
	const url = configuredUrl(callback);
	const fields = fieldsAsQuery(callback);
	if (!fields) return url + callback.fragment;
	return `${url}${callback.userQuery.length > 0 ? '&' : '?'}${fields}${callback.fragment}`;
}

function render(callback: GeneratedCallback): SignatureInput {
	if (callback.method === 'GET' && callback.fieldsInUrl) {
		return { url: calledGetUrl(callback), method: 'GET', params: {}, nonce: callback.nonce };
	}
	return {
		url: configuredUrl(callback) + callback.fragment,
		method: callback.method,
		params: fieldsAsParams(callback),
		nonce: callback.nonce,
	};
}

function clone<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

type SdkCheck =
	| { kind: 'v3'; name: string; input: SignatureInput; authToken: string; signatureHeader: string }
	| { kind: 'v2'; name: string; url: string; nonce: string; authToken: string; signatureHeader: string };

/**
 * The official SDK's verdicts (validateV3Signature(method, uri, nonce, authToken, signature, params)
 * and validateSignature(uri, nonce, signature, authToken)), asked in a plain node process, all at
 * once. Not in-process: under jest the SDK misreads repeated query keys, because its
 * `instanceof Array` runs in jest's sandbox while node's querystring makes its arrays in the
 * main realm, so ['1', '2'] is taken for the one value '1,2'.
 */
function officialSdkVerdicts(checks: SdkCheck[]): boolean[] {
	const script = `
		const sdk = require(${JSON.stringify(require.resolve('plivo'))});
		const checks = JSON.parse(require('fs').readFileSync(0, 'utf8'));
		const verdicts = checks.map((check) => check.kind === 'v3'
			? sdk.validateV3Signature(check.input.method.toUpperCase(), check.input.url, check.input.nonce,
				check.authToken, check.signatureHeader, check.input.params)
			: sdk.validateSignature(check.url, check.nonce, check.signatureHeader, check.authToken));
		process.stdout.write(JSON.stringify(verdicts.map(Boolean)));`;
	const output = execFileSync(process.execPath, ['-e', script], {
		input: JSON.stringify(checks),
		maxBuffer: 256 * 1024 * 1024,
	});
	return JSON.parse(output.toString('utf8')) as boolean[];
}

function sdkAccepts(input: SignatureInput, signatureHeader: string, authToken: string): boolean {
	return officialSdkVerdicts([{ kind: 'v3', name: '', input, authToken, signatureHeader }])[0];
}

const dice = new Dice(seededRandom(SEED));
const callbacks = Array.from({ length: GENERATED_CALLBACKS }, (_, index) => generateCallback(dice, index));
const label = (callback: GeneratedCallback) =>
	`seed ${SEED} callback #${callback.index} (${callback.method}${
		callback.method === 'GET' ? (callback.fieldsInUrl ? ', fields in URL' : ', fields as params') : ''
	})`;

// ---------------------------------------------------------------------------------------------

describe('known-answer vectors (from the SDKs’ own test suites)', () => {
	const v3Input: SignatureInput = {
		url: V3_POST.url,
		method: V3_POST.method,
		params: V3_POST.params,
		nonce: V3_POST.nonce,
	};
	const V3_TOKEN = V3_POST.authToken;
	const V3_SIGNATURE = V3_POST.signature;

	it('V2: computes the vector and validates it; the wrong token does not', () => {
		expect(computeV2Signature(V2.url, V2.nonce, V2.authToken)).toBe(V2.signature);
		expect(verifyV2Signature(V2.url, V2.nonce, V2.signature, V2.authToken)).toBe(true);
		expect(verifyV2Signature(V2.url, V2.nonce, V2.signature, `${V2.authToken}s`)).toBe(false);
	});

	it('V2: the base has no query and no fragment, and no trailing slash is added', () => {
		expect(computeV2Signature(`${V2.url}?foo=bar&x=1#ct=2000`, V2.nonce, V2.authToken)).toBe(V2.signature);
		expect(computeV2Signature(`${V2.url}/`, V2.nonce, V2.authToken)).not.toBe(V2.signature);
	});

	it('V3: computes and validates the POST vector', () => {
		expect(computeV3Signature(v3Input, V3_TOKEN)).toBe(V3_SIGNATURE);
		expect(verifyV3Signature(v3Input, V3_SIGNATURE, V3_TOKEN)).toBe(true);
		expect(sdkAccepts(v3Input, V3_SIGNATURE, V3_TOKEN)).toBe(true);
	});

	it('V3: the method is case-insensitive', () => {
		expect(verifyV3Signature({ ...v3Input, method: 'post' }, V3_SIGNATURE, V3_TOKEN)).toBe(true);
	});
});

describe('V3 rules', () => {
	const token = 'token-for-rules';
	const nonce = '123';

	it('GET: a key in the URL query takes its values from the URL only, so nothing is counted twice', () => {
		const inUrlOnly = computeV3Signature({ url: 'https://h.io/p?a=1&b=2', method: 'GET', params: {}, nonce }, token);
		// The same fields again as params (e.g. the request's parsed query) change nothing.
		expect(
			computeV3Signature({ url: 'https://h.io/p?a=1&b=2', method: 'GET', params: { a: '1', b: '2' }, nonce }, token),
		).toBe(inUrlOnly);
		// Fields given only as params are merged in.
		expect(computeV3Signature({ url: 'https://h.io/p?a=1', method: 'GET', params: { b: '2' }, nonce }, token)).toBe(
			inUrlOnly,
		);
		expect(computeV3Signature({ url: 'https://h.io/p', method: 'GET', params: { a: '1', b: '2' }, nonce }, token)).toBe(
			inUrlOnly,
		);
	});

	it('POST: the URL query is signed apart from the body, so the same field in both is two things', () => {
		const queryOnly = computeV3Signature({ url: 'https://h.io/p?a=1', method: 'POST', params: {}, nonce }, token);
		const bodyOnly = computeV3Signature({ url: 'https://h.io/p', method: 'POST', params: { a: '1' }, nonce }, token);
		const both = computeV3Signature({ url: 'https://h.io/p?a=1', method: 'POST', params: { a: '1' }, nonce }, token);
		expect(new Set([queryOnly, bodyOnly, both]).size).toBe(3);
	});

	it('without any parameters, GET and POST sign the same string (a property of Plivo’s scheme)', () => {
		const url = 'https://h.io/p?a=1';
		expect(computeV3Signature({ url, method: 'GET', params: {}, nonce }, token)).toBe(
			computeV3Signature({ url, method: 'POST', params: {}, nonce }, token),
		);
	});

	it('sorts keys and values by code unit (upper case first), not by locale', () => {
		const sorted = computeV3Signature({ url: 'https://h.io/?B=1&a=2&a=10', method: 'GET', params: {}, nonce }, token);
		expect(computeV3Signature({ url: 'https://h.io/?a=10&a=2&B=1', method: 'GET', params: {}, nonce }, token)).toBe(
			sorted,
		);
		expect(sdkAccepts({ url: 'https://h.io/?a=2&B=1&a=10', method: 'GET', params: {}, nonce }, sorted, token)).toBe(
			true,
		);
	});

	it('keys such as __proto__ and constructor are plain data', () => {
		const input: SignatureInput = {
			url: 'https://h.io/p?__proto__=x&constructor=y',
			method: 'POST',
			params: JSON.parse('{"__proto__":"1","toString":"2","constructor":["3","4"]}') as CallbackParams,
			nonce,
		};
		const signature = computeV3Signature(input, token);
		expect(verifyV3Signature(input, signature, token)).toBe(true);
		expect(verifyV3Signature({ ...input, params: { toString: '2' } }, signature, token)).toBe(false);
		const fields = JSON.parse('{"__proto__":"x","constructor":["y","z"]}') as CallbackParams;
		expect(queryReadsAs('__proto__=x&constructor=y&constructor=z', fields)).toBe(true);
		expect(queryReadsAs('__proto__=x&constructor=y', fields)).toBe(false);
	});

	it('parses ASCII queries exactly like node’s querystring (the official SDK’s parser)', () => {
		// A request line is ASCII, so this is what a real callback URL looks like.
		const pieces = [
			'a',
			'B',
			'=',
			'&',
			'+',
			'%',
			'%2',
			'%20',
			'%2B',
			'%3D',
			'%26',
			'%E9',
			'%C3%A9',
			'%F0%9F%98%80',
			'%zz',
			' ',
			'?',
			'.',
		];
		const queryDice = new Dice(seededRandom(SEED ^ 0x9e3779b9));
		const mismatches: string[] = [];
		for (let i = 0; i < 3000; i++) {
			let query = '';
			const length = queryDice.int(12);
			for (let j = 0; j < length; j++) query += queryDice.pick(pieces);
			const expected = nodeQuerystringParse(query) as CallbackParams;
			if (!queryReadsAs(query, expected))
				mismatches.push(`${JSON.stringify(query)}: not read as ${JSON.stringify(expected)}`);
		}
		expect(mismatches).toEqual([]);
	});

	it('decodes raw non-ASCII as UTF-8 even next to a broken escape (WHATWG URL and Python agree; node’s querystring garbles it)', () => {
		expect(queryReadsAs('a=é%zz&b=%E9😀&%😀=1', { a: 'é%zz', b: '\uFFFD😀', '%😀': '1' })).toBe(true);
		expect(queryReadsAs('a=é😀&a=%C3%A9+x', { a: ['é😀', 'é x'] })).toBe(true);
		expect(queryReadsAs('a=é😀&a=%C3%A9+x', { a: ['é😀', 'é+x'] })).toBe(false);
	});

	it('computeV3Signature rejects a method Plivo never signs; verify just says false', () => {
		const input: SignatureInput = { url: 'https://h.io/p', method: 'PUT', params: {}, nonce };
		expect(() => computeV3Signature(input, token)).toThrow(/GET and POST/);
		const getSignature = computeV3Signature({ ...input, method: 'GET' }, token);
		expect(verifyV3Signature(input, getSignature, token)).toBe(false);
	});
});

interface RoundTrip {
	callback: GeneratedCallback;
	input: SignatureInput;
	signature: string;
	/** What the official SDK must accept. */
	sdkChecks: SdkCheck[];
	/** Single changes, each of which ours and the SDK must reject. */
	mutations: Array<SdkCheck & { kind: 'v3' }>;
}

/** Every way to change one signed thing of a callback (the method is handled on its own). */
function mutationsOf(callback: GeneratedCallback, signature: string): RoundTrip['mutations'] {
	const mutations: RoundTrip['mutations'] = [];
	const input = render(callback);
	const add = (name: string, changed: SignatureInput, authToken = callback.authToken) =>
		mutations.push({ kind: 'v3', name, input: changed, authToken, signatureHeader: signature });
	const mutated = (name: string, change: (copy: GeneratedCallback) => void) => {
		const copy = clone(callback);
		change(copy);
		add(name, render(copy));
	};

	for (const key of Object.keys(callback.fields)) {
		callback.fields[key].forEach((_value, position) => {
			mutated(`field ${key}[${position}] changed`, (copy) => {
				copy.fields[key][position] += 'x';
			});
		});
		mutated(`field ${key} removed`, (copy) => {
			delete copy.fields[key];
		});
		mutated(`field ${key} got one more value`, (copy) => {
			copy.fields[key].push(copy.fields[key][0]);
		});
	}
	mutated('field added', (copy) => {
		copy.fields.added_field = ['1'];
	});
	mutated('empty field added', (copy) => {
		copy.fields.added_field = [''];
	});
	callback.userQuery.forEach(([key], position) => {
		mutated(`URL query ${key}#${position} changed`, (copy) => {
			copy.userQuery[position][1] = (copy.userQuery[position][1] ?? '') + 'x';
		});
		mutated(`URL query ${key}#${position} removed`, (copy) => {
			copy.userQuery.splice(position, 1);
		});
	});
	mutated('URL query parameter added', (copy) => {
		copy.userQuery.push(['ref', 'added']);
	});
	mutated('path changed', (copy) => {
		copy.path = copy.path.endsWith('/') ? `${copy.path}x` : `${copy.path}/x`;
	});
	mutated('trailing slash toggled', (copy) => {
		copy.path = copy.path.endsWith('/') ? copy.path.slice(0, -1) : `${copy.path}/`;
	});
	mutated('host changed', (copy) => {
		copy.host = `a${copy.host}`;
	});
	mutated('port changed', (copy) => {
		copy.port = copy.port === '' ? ':8443' : '';
	});
	mutated('scheme changed', (copy) => {
		copy.scheme = copy.scheme === 'https' ? 'http' : 'https';
	});
	add('nonce changed', { ...input, nonce: `${input.nonce}1` });
	add('nonce replaced', { ...input, nonce: String(BigInt(input.nonce) + 1n).padStart(20, '0') });
	add('token changed', input, `${callback.authToken}x`);
	add('token shortened', input, callback.authToken.slice(1));
	return mutations;
}

function roundTripOf(callback: GeneratedCallback): RoundTrip {
	const input = render(callback);
	const signature = computeV3Signature(input, callback.authToken);
	const { authToken, nonce } = callback;
	const v3 = (name: string, form: SignatureInput): SdkCheck => ({
		kind: 'v3',
		name,
		input: form,
		authToken,
		signatureHeader: signature,
	});
	const sdkChecks: SdkCheck[] = [v3('as rendered', input)];
	if (callback.method === 'GET') {
		// Both forms the SDK understands: fields in the URL, or the configured URL plus params.
		// (The SDK concatenates on overlapping keys, so the URL-plus-parsed-query form is ours only.)
		sdkChecks.push(v3('fields in URL', render({ ...callback, fieldsInUrl: true })));
		sdkChecks.push(v3('fields as params', render({ ...callback, fieldsInUrl: false })));
	}
	sdkChecks.push({
		kind: 'v2',
		name: 'V2 on the same URL',
		url: input.url,
		nonce,
		authToken,
		signatureHeader: computeV2Signature(input.url, nonce, authToken),
	});
	return { callback, input, signature, sdkChecks, mutations: mutationsOf(callback, signature) };
}

const roundTrips = callbacks.map(roundTripOf);

/** The SDK's verdict on every check of every callback, asked in one go. */
const sdkVerdict = new Map<SdkCheck, boolean>();
beforeAll(() => {
	const allChecks = roundTrips.flatMap((roundTrip) => [...roundTrip.sdkChecks, ...roundTrip.mutations]);
	officialSdkVerdicts(allChecks).forEach((verdict, position) => sdkVerdict.set(allChecks[position], verdict));
});

describe(`generated callbacks (seed ${SEED}, ${GENERATED_CALLBACKS} of them)`, () => {
	it('cover the cases that matter', () => {
		const allValues = callbacks.flatMap((callback) => [
			...Object.values(callback.fields).flat(),
			...callback.userQuery.map(([, value]) => value ?? ''),
		]);
		const someValue = (pattern: RegExp) => allValues.some((value) => pattern.test(value));
		expect(callbacks.filter((callback) => callback.method === 'GET' && callback.fieldsInUrl).length).toBeGreaterThan(
			30,
		);
		expect(callbacks.filter((callback) => callback.method === 'GET' && !callback.fieldsInUrl).length).toBeGreaterThan(
			30,
		);
		expect(callbacks.filter((callback) => callback.method === 'POST').length).toBeGreaterThan(60);
		expect(callbacks.some((callback) => callback.userQuery.length === 0)).toBe(true);
		expect(
			callbacks.some((callback) => new Set(callback.userQuery.map(([key]) => key)).size < callback.userQuery.length),
		).toBe(true);
		expect(callbacks.some((callback) => Object.values(callback.fields).some((values) => values.length > 1))).toBe(true);
		expect(callbacks.some((callback) => callback.path.endsWith('/'))).toBe(true);
		expect(callbacks.some((callback) => callback.path !== '' && !callback.path.endsWith('/'))).toBe(true);
		expect(callbacks.some((callback) => callback.port !== '')).toBe(true);
		expect(callbacks.some((callback) => callback.fragment !== '')).toBe(true);
		for (const pattern of [/[^\x00-\x7f]/, /\p{Extended_Pictographic}/u, / /, /&/, /=/, /\+/, /%/, /^$/]) {
			expect(someValue(pattern)).toBe(true);
		}
	});

	it.each(roundTrips.map((roundTrip) => [label(roundTrip.callback), roundTrip] as const))(
		'%s: signs, verifies with ours and with the official SDK',
		(_label, { callback, input, signature, sdkChecks }) => {
			expect(verifyV3Signature(input, signature, callback.authToken)).toBe(true);

			// The unsigned fragment and the order of fields do not matter.
			const withoutFragment = { ...input, url: input.url.split('#')[0] };
			expect(verifyV3Signature(withoutFragment, signature, callback.authToken)).toBe(true);
			const reversedParams = Object.fromEntries(Object.entries(input.params).reverse());
			expect(verifyV3Signature({ ...input, params: reversedParams }, signature, callback.authToken)).toBe(true);

			if (callback.method === 'GET') {
				// Every way of handing over a GET callback signs the same thing.
				const fieldsInUrl = render({ ...callback, fieldsInUrl: true });
				const urlWithItsParsedQuery: SignatureInput = {
					...fieldsInUrl,
					params: nodeQuerystringParse(fieldsInUrl.url.split('#')[0].split('?')[1] ?? '') as CallbackParams,
				};
				for (const form of [fieldsInUrl, render({ ...callback, fieldsInUrl: false }), urlWithItsParsedQuery]) {
					expect(computeV3Signature(form, callback.authToken)).toBe(signature);
				}
			}

			const v2Signature = computeV2Signature(input.url, callback.nonce, callback.authToken);
			expect(verifyV2Signature(input.url, callback.nonce, v2Signature, callback.authToken)).toBe(true);

			const sdkRejected = sdkChecks.filter((check) => sdkVerdict.get(check) !== true).map((check) => check.name);
			expect(sdkRejected).toEqual([]);
		},
	);

	it.each(roundTrips.map((roundTrip) => [label(roundTrip.callback), roundTrip] as const))(
		'%s: any single change makes it invalid, for ours and for the official SDK',
		(_label, { callback, input, signature, mutations }) => {
			const oursAccepted = mutations
				.filter((mutation) => verifyV3Signature(mutation.input, signature, mutation.authToken))
				.map((mutation) => mutation.name);
			// A missing verdict counts as accepted, so a broken SDK run cannot pass this test.
			const sdkAccepted = mutations
				.filter((mutation) => sdkVerdict.get(mutation) !== false)
				.map((mutation) => mutation.name);

			const otherMethod: SignatureInput = { ...input, method: input.method === 'GET' ? 'POST' : 'GET' };
			const methodChangeAccepted = verifyV3Signature(otherMethod, signature, callback.authToken);
			// Plivo's scheme does not bind the method when there are no params (see 'V3 rules').
			if (methodChangeAccepted !== (Object.keys(input.params).length === 0)) oursAccepted.push('method changed');

			expect(oursAccepted).toEqual([]);
			expect(sdkAccepted).toEqual([]);
			expect(mutations.length).toBeGreaterThanOrEqual(15);
		},
	);
});

describe('signature headers', () => {
	const callback = callbacks[0];
	const input = render(callback);
	const token = callback.authToken;
	const good = computeV3Signature(input, token);
	const bad = computeV3Signature({ ...input, nonce: '1' }, token);
	const v2Url = 'https://answer.url';
	const v2Good = computeV2Signature(v2Url, '12345', 'my_auth_token');

	it('accepts a list with one good signature, wherever it is, spaces trimmed', () => {
		for (const header of [`${bad},${good}`, `${good},${bad}`, `${bad}, ${good} ,${bad}`, ` ${good} `, `${good},`]) {
			expect(verifyV3Signature(input, header, token)).toBe(true);
		}
		expect(verifyV2Signature(v2Url, '12345', `${bad}, ${v2Good}`, 'my_auth_token')).toBe(true);
	});

	it('rejects a list of bad signatures', () => {
		expect(verifyV3Signature(input, `${bad},${bad}`, token)).toBe(false);
		expect(verifyV3Signature(input, `${bad}, ${good.toLowerCase()}`, token)).toBe(false);
		expect(verifyV3Signature(input, `${good.slice(0, -1)}`, token)).toBe(false);
		expect(verifyV3Signature(input, `${good}${good}`, token)).toBe(false);
		expect(verifyV3Signature(input, `${good};${bad}`, token)).toBe(false);
	});

	it('returns false, never throws, for empty or garbage input', () => {
		const garbageHeaders: unknown[] = [
			'',
			',',
			' , ',
			' ',
			'=',
			'😀'.repeat(22),
			'x'.repeat(100_000),
			undefined,
			null,
			42,
			{},
			[],
		];
		for (const header of garbageHeaders) {
			expect(verifyV3Signature(input, header as string, token)).toBe(false);
			expect(verifyV2Signature(v2Url, '12345', header as string, 'my_auth_token')).toBe(false);
		}
		const garbageInputs: unknown[] = [
			null,
			undefined,
			{},
			{ url: 42, method: 'POST', params: {}, nonce: '1' },
			{ url: 'https://h.io', method: null, params: {}, nonce: '1' },
			{ url: 'https://h.io', method: 'POST', params: null, nonce: '1' },
			{ url: 'https://h.io', method: 'DELETE', params: {}, nonce: '1' },
			{ url: 'not a url at all %%%', method: 'GET', params: { a: [Symbol('x')] }, nonce: '1' },
		];
		for (const garbage of garbageInputs) {
			expect(verifyV3Signature(garbage as SignatureInput, good, token)).toBe(false);
		}
		expect(verifyV3Signature(input, good, undefined as unknown as string)).toBe(false);
		expect(verifyV2Signature(undefined as unknown as string, '12345', v2Good, 'my_auth_token')).toBe(false);
	});

	it('an empty auth token never validates, even against a signature made with it', () => {
		const madeWithEmptyToken = computeV3Signature(input, '');
		expect(verifyV3Signature(input, madeWithEmptyToken, '')).toBe(false);
		expect(verifyV2Signature(v2Url, '12345', computeV2Signature(v2Url, '12345', ''), '')).toBe(false);
	});
});
