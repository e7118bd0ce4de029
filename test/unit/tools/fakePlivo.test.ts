import http from 'http';

import { startFakePlivo, signatureV2, signatureV3 } from '../../../tools/fakePlivo';
import { V2, V3_POST } from '../../support/knownAnswers';
import { AUTH_ID, AUTH_TOKEN, useFakePlivo } from './fakePlivoSupport';

// Plivo's SDK, plain CommonJS: typed loosely on purpose.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const plivo = require('plivo');

interface Reply {
	status: number;
	headers: http.IncomingHttpHeaders;
	raw: Buffer;
	text: string;
	json: any;
}

interface CallOptions {
	auth?: [string, string] | null;
	json?: unknown;
	form?: string;
}

function call(baseUrl: string, method: string, path: string, opts: CallOptions = {}): Promise<Reply> {
	const auth = opts.auth === undefined ? [AUTH_ID, AUTH_TOKEN] : opts.auth;
	const headers: Record<string, string> = {};
	if (auth) headers.Authorization = 'Basic ' + Buffer.from(auth.join(':')).toString('base64');
	let body: string | undefined;
	if (opts.json !== undefined) {
		body = JSON.stringify(opts.json);
		headers['Content-Type'] = 'application/json';
	} else if (opts.form !== undefined) {
		body = opts.form;
		headers['Content-Type'] = 'application/x-www-form-urlencoded';
	}
	return new Promise((resolve, reject) => {
		const req = http.request(baseUrl + path, { method, headers, agent: false }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => {
				const raw = Buffer.concat(chunks);
				const text = raw.toString('utf8');
				let json: any;
				try {
					json = JSON.parse(text);
				} catch {
					json = undefined;
				}
				resolve({ status: res.statusCode || 0, headers: res.headers, raw, text, json });
			});
		});
		req.on('error', reject);
		req.end(body);
	});
}

const formToObject = (body: string) => Object.fromEntries(new URLSearchParams(body));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fake Plivo signer', () => {
	it('reproduces the V3 known-answer vector of the Plivo SDKs’ own tests', () => {
		const v = V3_POST;
		expect(signatureV3(v.method, v.url, v.params, v.nonce, v.authToken)).toBe(v.signature);
	});

	it('reproduces the V2 known-answer vector of the Plivo SDKs’ own tests', () => {
		expect(signatureV2(V2.url, V2.nonce, V2.authToken)).toBe(V2.signature);
		expect(signatureV2(V2.url, V2.nonce, `${V2.authToken}s`)).not.toBe(V2.signature);
	});

	it('ignores the retry-settings fragment', () => {
		const a = signatureV3('POST', 'http://h.example/cb/?x=1', { a: '1' }, '1', 't');
		expect(signatureV3('POST', 'http://h.example/cb/?x=1#ct=2000&rc=3', { a: '1' }, '1', 't')).toBe(a);
	});
});

describe('fake Plivo server', () => {
	const rig = useFakePlivo({ latencyMs: 0 });
	// Some tests change these; reset() keeps them.
	beforeEach(() => {
		rig.fake.setLatency(0);
		rig.fake.setRateLimit(null);
		rig.fake.liveConferences = null;
	});

	const acct = `/v1/Account/${AUTH_ID}/`;

	it('listens on 127.0.0.1 only', () => {
		expect(rig.fake.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	});

	it('serves the account', async () => {
		const r = await call(rig.fake.baseUrl, 'GET', acct);
		expect(r.status).toBe(200);
		expect(r.json).toMatchObject({
			auth_id: AUTH_ID,
			account_type: expect.any(String),
			cash_credits: expect.any(String),
		});
		expect(r.json.api_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
	});

	it('starts and stops a recording of a conference with an awkward name', async () => {
		const name = 'My Conf Room/#?é';
		const path = `${acct}Conference/${encodeURIComponent(name)}/Record/`;
		const start = await call(rig.fake.baseUrl, 'POST', path, {
			json: {
				file_format: 'wav',
				callback_url: `${rig.receiver.url}/cb#ct=2000`,
				callback_method: 'GET',
				transcription_type: 'auto',
				transcription_url: `${rig.receiver.url}/tr`,
			},
		});
		expect(start.status).toBe(202);
		expect(start.json).toMatchObject({ message: 'conference recording started', recording_id: expect.any(String) });
		expect(start.json.url).toBe(`${rig.fake.baseUrl}${acct}Recording/${start.json.recording_id}.wav`);
		expect(rig.fake.requests[0]).toMatchObject({
			method: 'POST',
			path,
			conferenceName: name,
			authOk: true,
			status: 202,
		});
		expect(rig.fake.requests[0].body.file_format).toBe('wav');
		expect(rig.fake.recordings[0]).toMatchObject({
			recordingId: start.json.recording_id,
			conferenceName: name,
			fileFormat: 'wav',
			callbackMethod: 'GET',
			callbackUrl: `${rig.receiver.url}/cb#ct=2000`,
			transcriptionUrl: `${rig.receiver.url}/tr`,
			transcriptionType: 'auto',
		});
		expect(rig.fake.recordings[0].stoppedAt).toBeUndefined();

		const list = await call(rig.fake.baseUrl, 'GET', `${acct}Conference/`);
		expect(list.json.conferences).toEqual([name]);
		const conf = await call(rig.fake.baseUrl, 'GET', `${acct}Conference/${encodeURIComponent(name)}/`);
		expect(conf.status).toBe(200);
		expect(conf.json.conference_name).toBe(name);
		const meta = await call(rig.fake.baseUrl, 'GET', `${acct}Recording/${start.json.recording_id}/`);
		expect(meta.json).toMatchObject({
			recording_id: start.json.recording_id,
			conference_name: name,
			recording_format: 'wav',
		});

		const stop = await call(rig.fake.baseUrl, 'DELETE', path);
		expect(stop.status).toBe(204);
		expect(stop.raw.length).toBe(0);
		expect(rig.fake.recordings[0].stoppedAt).toEqual(expect.any(Number));
	});

	it('accepts a form-urlencoded body and defaults to mp3 / POST', async () => {
		const r = await call(rig.fake.baseUrl, 'POST', `${acct}Conference/room1/Record/`, {
			form: 'callback_url=http%3A%2F%2F127.0.0.1%3A1%2Fx',
		});
		expect(r.status).toBe(202);
		expect(r.json.url).toMatch(/\.mp3$/);
		expect(rig.fake.recordings[0]).toMatchObject({
			fileFormat: 'mp3',
			callbackMethod: 'POST',
			callbackUrl: 'http://127.0.0.1:1/x',
			transcriptionUrl: null,
		});
	});

	it('rejects bad parameters with a Plivo-shaped 400', async () => {
		for (const json of [{ file_format: 'ogg' }, { callback_method: 'PUT' }, { callback_url: 'not a url' }]) {
			const r = await call(rig.fake.baseUrl, 'POST', `${acct}Conference/room1/Record/`, { json });
			expect(r.status).toBe(400);
			expect(r.json).toEqual({ api_id: expect.any(String), error: expect.any(String) });
		}
		expect(rig.fake.recordings).toHaveLength(0);
	});

	it('answers 404 for a conference that is not live, and for paths without the trailing slash', async () => {
		rig.fake.liveConferences = new Set(['live']);
		expect((await call(rig.fake.baseUrl, 'POST', `${acct}Conference/live/Record/`, { json: {} })).status).toBe(202);
		const r = await call(rig.fake.baseUrl, 'POST', `${acct}Conference/gone/Record/`, { json: {} });
		expect(r.status).toBe(404);
		expect(r.json).toEqual({ api_id: expect.any(String), error: 'conference not found' });
		expect((await call(rig.fake.baseUrl, 'DELETE', `${acct}Conference/gone/Record/`)).status).toBe(404);
		expect((await call(rig.fake.baseUrl, 'GET', `${acct}Conference/`)).json.conferences).toEqual(['live']);
		expect((await call(rig.fake.baseUrl, 'POST', `${acct}Conference/live/Record`, { json: {} })).status).toBe(404);
	});

	it('requires Basic auth and the matching auth id', async () => {
		const wrong = await call(rig.fake.baseUrl, 'GET', acct, { auth: [AUTH_ID, 'nope'] });
		expect(wrong.status).toBe(401);
		expect(wrong.json).toEqual({ api_id: expect.any(String), error: 'Authentication credentials invalid' });
		expect((await call(rig.fake.baseUrl, 'GET', acct, { auth: null })).status).toBe(401);
		expect((await call(rig.fake.baseUrl, 'GET', '/v1/Account/MAYYYYYYYYYYYYYYYYYY/')).status).toBe(401);
		expect((await call(rig.fake.baseUrl, 'POST', `${acct}Conference/x/Record/`, { auth: null, json: {} })).status).toBe(
			401,
		);
		expect(rig.fake.recordings).toHaveLength(0);
		expect(rig.fake.requests.map((r: any) => r.authOk)).toEqual([false, false, false, false]);
	});

	it('serves recording media with the right type, behind Basic auth', async () => {
		const mp3 = await call(rig.fake.baseUrl, 'POST', `${acct}Conference/a/Record/`, { json: {} });
		const wav = await call(rig.fake.baseUrl, 'POST', `${acct}Conference/b/Record/`, { json: { file_format: 'wav' } });
		const mediaPath = (u: string) => u.slice(rig.fake.baseUrl.length);
		const m = await call(rig.fake.baseUrl, 'GET', mediaPath(mp3.json.url));
		expect(m.status).toBe(200);
		expect(m.headers['content-type']).toBe('audio/mpeg');
		expect([...m.raw.subarray(0, 2)]).toEqual([0xff, 0xfb]);
		const w = await call(rig.fake.baseUrl, 'GET', mediaPath(wav.json.url));
		expect(w.headers['content-type']).toBe('audio/x-wav');
		expect(w.raw.subarray(0, 4).toString('ascii')).toBe('RIFF');
		expect(w.raw.subarray(8, 12).toString('ascii')).toBe('WAVE');
		expect(w.raw.readUInt32LE(4)).toBe(w.raw.length - 8);
		expect((await call(rig.fake.baseUrl, 'GET', mediaPath(wav.json.url), { auth: null })).status).toBe(401);
		expect((await call(rig.fake.baseUrl, 'GET', `${acct}Recording/nope.mp3`)).status).toBe(404);
	});

	it('rate-limits with a sliding window and reports stats', async () => {
		rig.fake.setRateLimit({ max: 5, windowMs: 500 });
		const first = await Promise.all(Array.from({ length: 8 }, () => call(rig.fake.baseUrl, 'GET', acct)));
		const statuses = first.map((r) => r.status).sort();
		expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
		const limited = first.find((r) => r.status === 429)!;
		expect(limited.json).toEqual({ api_id: expect.any(String), error: 'Too many requests' });
		await sleep(550);
		expect((await call(rig.fake.baseUrl, 'GET', acct)).status).toBe(200);
		const s = rig.fake.stats();
		expect(s).toEqual({ total: 9, byStatus: { 200: 6, 429: 3 }, maxInWindow: 5 });
	});

	it('lets the window slide rather than reset', async () => {
		rig.fake.setRateLimit({ max: 2, windowMs: 600 });
		expect((await call(rig.fake.baseUrl, 'GET', acct)).status).toBe(200);
		await sleep(300);
		expect((await call(rig.fake.baseUrl, 'GET', acct)).status).toBe(200);
		await sleep(400); // the first has left the window, the second has not
		expect((await call(rig.fake.baseUrl, 'GET', acct)).status).toBe(200);
		expect((await call(rig.fake.baseUrl, 'GET', acct)).status).toBe(429);
		expect(rig.fake.stats().maxInWindow).toBe(2);
	});

	describe('recordings and conferences', () => {
		const DAY = 24 * 60 * 60 * 1000;
		const utc = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

		it('lists the live conferences; an account with none lists none', async () => {
			rig.fake.liveConferences = new Set(['Daily Standup', 'Board / Q3']);
			expect((await call(rig.fake.baseUrl, 'GET', `${acct}Conference/`)).json).toEqual({
				api_id: expect.any(String),
				conferences: ['Daily Standup', 'Board / Q3'],
			});
			rig.fake.liveConferences = new Set();
			expect((await call(rig.fake.baseUrl, 'GET', `${acct}Conference/`)).json).toEqual({
				api_id: expect.any(String),
				conferences: [],
			});
		});

		it("gets a recording in Plivo's shape: numbers as strings, add_time in the account's timezone", async () => {
			const rec = rig.fake.addRecording({
				conferenceName: 'Sales',
				startedAt: 1_764_080_000_000,
				stoppedAt: 1_764_080_312_480,
				addedAt: 1_764_080_312_480,
			});
			const r = await call(rig.fake.baseUrl, 'GET', `${acct}Recording/${rec.recordingId}/`);
			expect(r.status).toBe(200);
			expect(r.json).toEqual({
				api_id: expect.any(String),
				add_time: '2025-11-25 19:48:32.480000+05:30',
				call_uuid: rec.callUuid,
				conference_name: 'Sales',
				conference_uuid: rec.conferenceUuid,
				from_number: '',
				to_number: '',
				monthly_recording_storage_amount: expect.stringMatching(/^\d+\.\d{5}$/),
				recording_duration_ms: '312480.00000',
				recording_end_ms: '1764080312480.00000',
				recording_format: 'mp3',
				recording_id: rec.recordingId,
				recording_start_ms: '1764080000000.00000',
				recording_storage_duration: expect.stringMatching(/^\d+$/),
				recording_storage_rate: '0.00040',
				recording_type: 'conference',
				recording_url: `${rig.fake.baseUrl}${acct}Recording/${rec.recordingId}.mp3`,
				resource_uri: `${acct}Recording/${rec.recordingId}/`,
				rounded_recording_duration: '360',
			});
			expect(Date.parse(r.json.add_time.replace(' ', 'T'))).toBe(1_764_080_312_480);
		});

		it('pages through the list newest first, 20 at most per page', async () => {
			const now = Date.now();
			const made = Array.from({ length: 45 }, (_, i) =>
				rig.fake.addRecording({ addedAt: now - i * 60_000, conferenceName: `Room ${i}` }),
			);
			const first = await call(rig.fake.baseUrl, 'GET', `${acct}Recording/`);
			expect(first.json.meta).toEqual({
				limit: 20,
				offset: 0,
				total_count: 45,
				previous: null,
				next: `${acct}Recording/?limit=20&offset=20`,
			});
			expect(first.json.objects.map((o: any) => o.recording_id)).toEqual(
				made.slice(0, 20).map((r: any) => r.recordingId),
			);
			const last = await call(rig.fake.baseUrl, 'GET', `${acct}Recording/?limit=20&offset=40`);
			expect(last.json.meta).toMatchObject({
				offset: 40,
				next: null,
				previous: `${acct}Recording/?limit=20&offset=20`,
			});
			expect(last.json.objects).toHaveLength(5);
			for (const bad of ['limit=21', 'limit=0', 'offset=-1', 'offset=x', 'callUuid=x']) {
				const r = await call(rig.fake.baseUrl, 'GET', `${acct}Recording/?${bad}`);
				expect([bad, r.status, r.json]).toEqual([bad, 400, { api_id: expect.any(String), error: expect.any(String) }]);
			}
		});

		it('filters as Plivo does: equality filters, add_time (UTC, 7 days by default, 30 at most), storage days', async () => {
			const now = Date.now();
			const old = rig.fake.addRecording({ addedAt: now - 10 * DAY, callUuid: 'call-old' });
			const recent = rig.fake.addRecording({ addedAt: now - DAY, callUuid: 'call-1', conferenceName: 'Sales' });
			const newest = rig.fake.addRecording({ addedAt: now - 60_000, callUuid: 'call-1', conferenceName: 'Support' });
			const ids = async (query: string) =>
				(await call(rig.fake.baseUrl, 'GET', `${acct}Recording/?${query}`)).json.objects.map(
					(o: any) => o.recording_id,
				);
			expect(await ids('')).toEqual([newest.recordingId, recent.recordingId]);
			expect(await ids('call_uuid=call-1')).toEqual([newest.recordingId, recent.recordingId]);
			expect(await ids('call_uuid=call-1&conference_name=Sales')).toEqual([recent.recordingId]);
			expect(
				await ids(
					`add_time__gte=${encodeURIComponent(utc(now - 11 * DAY))}&add_time__lte=${encodeURIComponent(utc(now - 9 * DAY))}`,
				),
			).toEqual([old.recordingId]);
			expect(await ids(`add_time__gt=${encodeURIComponent(utc(now - 2 * DAY))}`)).toEqual([
				newest.recordingId,
				recent.recordingId,
			]);
			expect(await ids('recording_storage_duration__gte=2')).toEqual([recent.recordingId]);
			expect(await ids('mpc_name=x')).toEqual([]);
			const tooWide = await call(
				rig.fake.baseUrl,
				'GET',
				`${acct}Recording/?add_time__gte=${encodeURIComponent(utc(now - 40 * DAY))}&add_time__lte=${encodeURIComponent(utc(now))}`,
			);
			expect(tooWide.status).toBe(400);
			expect(tooWide.json.error).toMatch(/30-day/);
			const isoTime = await call(
				rig.fake.baseUrl,
				'GET',
				`${acct}Recording/?add_time__gte=${encodeURIComponent(new Date(now).toISOString())}`,
			);
			expect(isoTime.status).toBe(400);
		});

		it('a list read again with the same add_time window answers what the account holds now (recordings added or deleted in between)', async () => {
			const now = Date.now();
			const window = `add_time__gte=${encodeURIComponent(utc(now - DAY))}&add_time__lte=${encodeURIComponent(utc(now))}`;
			const ids = async (query: string) =>
				(await call(rig.fake.baseUrl, 'GET', `${acct}Recording/?${query}`)).json.objects.map(
					(o: any) => o.recording_id,
				);
			const first = rig.fake.addRecording({ addedAt: now - 3000, conferenceName: 'Sales' });
			expect(await ids(window)).toEqual([first.recordingId]);
			const second = rig.fake.addRecording({ addedAt: now - 2000, conferenceName: 'Support' });
			expect(await ids(`${window}&offset=0`)).toEqual([second.recordingId, first.recordingId]);
			expect(await ids(`${window}&conference_name=Support`)).toEqual([second.recordingId]);
			await call(rig.fake.baseUrl, 'DELETE', `${acct}Recording/${first.recordingId}/`);
			const third = rig.fake.addRecording({ addedAt: now - 1000 });
			expect(await ids(window)).toEqual([third.recordingId, second.recordingId]);
		});

		it('deletes a recording: 204, then 404 for it, its media and a second delete', async () => {
			const rec = rig.fake.addRecording({});
			const media = `${acct}Recording/${rec.recordingId}.mp3`;
			expect((await call(rig.fake.baseUrl, 'GET', media)).status).toBe(200);
			const deleted = await call(rig.fake.baseUrl, 'DELETE', `${acct}Recording/${rec.recordingId}/`);
			expect([deleted.status, deleted.raw.length]).toEqual([204, 0]);
			expect(rig.fake.recordings).toHaveLength(0);
			for (const [method, path] of [
				['GET', `${acct}Recording/${rec.recordingId}/`],
				['DELETE', `${acct}Recording/${rec.recordingId}/`],
				['GET', media],
			]) {
				const r = await call(rig.fake.baseUrl, method, path);
				expect([method, path, r.status, r.json]).toEqual([
					method,
					path,
					404,
					{ api_id: expect.any(String), error: 'not found' },
				]);
			}
			expect((await call(rig.fake.baseUrl, 'POST', `${acct}Recording/`)).status).toBe(405);
		});

		it('sends a recording made by Conference XML its XML callbacks: member events, then the finished file', async () => {
			const rec = rig.fake.recordConferenceByXml({
				conferenceName: 'XML Room',
				callbackUrl: `${rig.receiver.url}/xml`,
				fileFormat: 'wav',
			});
			expect(rec).toMatchObject({
				source: 'xml',
				conferenceName: 'XML Room',
				fileFormat: 'wav',
				callbackMethod: 'POST',
			});
			await rig.fake.sendConferenceEvent(rec, 'enter');
			const out = await rig.fake.finishRecording(rec.recordingId);
			expect(out.recording?.status).toBe(200);
			expect(out.transcription).toBeNull();
			const [enter, finished] = rig.receiver.arrivals.map((arrival) => formToObject(arrival.body));
			expect(enter).toEqual({
				ConferenceAction: 'enter',
				ConferenceName: 'XML Room',
				ConferenceUUID: rec.conferenceUuid,
				ConferenceMemberID: expect.any(String),
				CallUUID: rec.callUuid,
				RecordUrl: `${rig.fake.baseUrl}${acct}Recording/${rec.recordingId}.wav`,
				RecordingID: rec.recordingId,
			});
			expect(finished).toEqual({
				ConferenceAction: 'record',
				ConferenceName: 'XML Room',
				ConferenceUUID: rec.conferenceUuid,
				RecordUrl: `${rig.fake.baseUrl}${acct}Recording/${rec.recordingId}.wav`,
				RecordingID: rec.recordingId,
				RecordingDuration: expect.stringMatching(/^\d+$/),
				RecordingDurationMs: expect.stringMatching(/^\d+$/),
				RecordingStartMs: String(rec.startedAt),
				RecordingEndMs: String(rec.stoppedAt),
			});
			const arrival = rig.receiver.arrivals[1];
			expect(
				plivo.validateV3Signature(
					'POST',
					`${rig.receiver.url}/xml`,
					arrival.headers['x-plivo-signature-v3-nonce'],
					AUTH_TOKEN,
					arrival.headers['x-plivo-signature-v3'],
					finished,
				),
			).toBe(true);
		});
	});

	describe('faults', () => {
		it('answers a 500 with a Plivo-shaped body, once by default', async () => {
			rig.fake.injectFault({ status: 500 });
			const r = await call(rig.fake.baseUrl, 'GET', acct);
			expect(r.status).toBe(500);
			expect(r.json).toEqual({ api_id: expect.any(String), error: expect.any(String) });
			expect((await call(rig.fake.baseUrl, 'GET', acct)).status).toBe(200);
		});

		it('resets the socket', async () => {
			rig.fake.injectFault({ reset: true });
			await expect(call(rig.fake.baseUrl, 'GET', acct)).rejects.toThrow(/socket hang up|ECONNRESET/);
			expect(rig.fake.requests[0].status).toBe(0);
			expect(rig.fake.stats().byStatus).toEqual({ 0: 1 });
		});

		it('answers a non-JSON body', async () => {
			rig.fake.injectFault({ nonJson: true, body: '<html>Bad gateway</html>' });
			const r = await call(rig.fake.baseUrl, 'GET', acct);
			expect(r.status).toBe(502);
			expect(r.headers['content-type']).toBe('text/html');
			expect(r.text).toBe('<html>Bad gateway</html>');
		});

		it('adds latency, Retry-After and honours count, match and FIFO order', async () => {
			rig.fake.injectFault({ latencyMs: 150 });
			const t0 = Date.now();
			expect((await call(rig.fake.baseUrl, 'GET', acct)).status).toBe(200);
			expect(Date.now() - t0).toBeGreaterThanOrEqual(140);

			rig.fake.injectFault({ retryAfter: 2, count: 2, match: (req: any) => req.method === 'POST' });
			rig.fake.injectFault({ status: 503, body: { api_id: 'x', error: 'maintenance' } });
			const g = await call(rig.fake.baseUrl, 'GET', acct);
			expect(g.status).toBe(503);
			expect(g.json).toEqual({ api_id: 'x', error: 'maintenance' });
			for (let i = 0; i < 2; i++) {
				const p = await call(rig.fake.baseUrl, 'POST', `${acct}Conference/c/Record/`, { json: {} });
				expect(p.status).toBe(429);
				expect(p.headers['retry-after']).toBe('2');
			}
			expect((await call(rig.fake.baseUrl, 'POST', `${acct}Conference/c/Record/`, { json: {} })).status).toBe(202);
			expect(rig.fake.recordings).toHaveLength(1);
		});

		it('clearFaults drops pending faults', async () => {
			rig.fake.injectFault({ status: 500, count: 10 });
			rig.fake.clearFaults();
			expect((await call(rig.fake.baseUrl, 'GET', acct)).status).toBe(200);
		});

		it('setLatency delays every answer', async () => {
			rig.fake.setLatency(120);
			const t0 = Date.now();
			await call(rig.fake.baseUrl, 'GET', acct);
			expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
		});
	});

	describe('callbacks', () => {
		it('signs a POST callback the way the official SDK verifies it (V3, unicode params)', async () => {
			const url = `${rig.receiver.url}/hook/?b=2&a=x%20y#ct=2000&rc=2`;
			const params = { conference_name: 'Réunion 東京 ✓', recording_id: 'r1', z: 'Z', A: 'a' };
			const res = await rig.fake.sendCallback({
				url,
				method: 'POST',
				params,
				signature: 'v3',
				nonce: '12345678901234567890',
			});
			expect(res.status).toBe(200);
			expect(res.body).toBe('ok');
			const got = rig.receiver.arrivals[0];
			expect(got.method).toBe('POST');
			expect(got.url).toBe('/hook/?b=2&a=x%20y');
			expect(got.headers['content-type']).toBe('application/x-www-form-urlencoded');
			expect(got.headers['user-agent']).toBe('PlivoHTTPClient');
			expect(got.headers['x-plivo-signature-v3-nonce']).toBe('12345678901234567890');
			expect(got.headers['x-plivo-signature-v2']).toBeUndefined();
			const posted = formToObject(got.body);
			expect(posted).toEqual(params);
			const sig = got.headers['x-plivo-signature-v3'] as string;
			const signedUrl = `${rig.receiver.url}/hook/?b=2&a=x%20y`;
			expect(plivo.validateV3Signature('POST', signedUrl, '12345678901234567890', AUTH_TOKEN, sig, posted)).toBe(true);
			expect(plivo.validateV3Signature('POST', signedUrl, '12345678901234567890', AUTH_TOKEN + 'x', sig, posted)).toBe(
				false,
			);
			expect(
				plivo.validateV3Signature('POST', signedUrl, '12345678901234567890', AUTH_TOKEN, sig, { ...posted, z: 'ZZ' }),
			).toBe(false);
		});

		it('signs a GET callback with the params in the query string (V3)', async () => {
			const url = `${rig.receiver.url}/get-hook/?k=v`;
			const params = { recording_id: 'r2', transcription: 'ça marche — ok', api_id: 'id' };
			await rig.fake.sendCallback({ url, method: 'GET', params });
			const got = rig.receiver.arrivals[0];
			expect(got.method).toBe('GET');
			expect(got.body).toBe('');
			const full = new URL(rig.receiver.url + got.url);
			expect(Object.fromEntries(full.searchParams)).toEqual({ k: 'v', ...params });
			const nonce = got.headers['x-plivo-signature-v3-nonce'] as string;
			expect(nonce).toMatch(/^\d{20}$/);
			const sig = got.headers['x-plivo-signature-v3'] as string;
			// as a rig.receiver sees it: the full URL that arrived, no separate params
			expect(plivo.validateV3Signature('GET', rig.receiver.url + got.url, nonce, AUTH_TOKEN, sig)).toBe(true);
			// as the sender sees it: the configured URL plus the params
			expect(plivo.validateV3Signature('GET', url, nonce, AUTH_TOKEN, sig, params)).toBe(true);
		});

		it('signs V2 the way the official SDK verifies it, and can forge or tamper', async () => {
			await rig.fake.sendCallback({ url: `${rig.receiver.url}/v2?x=1`, params: { a: '1' }, signature: 'v2' });
			let got = rig.receiver.arrivals[0];
			expect(got.headers['x-plivo-signature-v3']).toBeUndefined();
			expect(
				plivo.validateSignature(
					`${rig.receiver.url}/v2`,
					got.headers['x-plivo-signature-v2-nonce'],
					got.headers['x-plivo-signature-v2'],
					AUTH_TOKEN,
				),
			).toBe(true);

			await rig.fake.sendCallback({
				url: `${rig.receiver.url}/forged`,
				params: { a: '1' },
				authToken: 'not-the-token',
				headers: { 'X-Extra': '1' },
			});
			got = rig.receiver.arrivals[1];
			expect(got.headers['x-extra']).toBe('1');
			expect(
				plivo.validateV3Signature(
					'POST',
					`${rig.receiver.url}/forged`,
					got.headers['x-plivo-signature-v3-nonce'],
					AUTH_TOKEN,
					got.headers['x-plivo-signature-v3'],
					formToObject(got.body),
				),
			).toBe(false);

			await rig.fake.sendCallback({
				url: `${rig.receiver.url}/tampered`,
				params: { a: '1' },
				tamper: (p: any) => ({ ...p, a: '2' }),
			});
			got = rig.receiver.arrivals[2];
			expect(formToObject(got.body)).toEqual({ a: '2' });
			expect(
				plivo.validateV3Signature(
					'POST',
					`${rig.receiver.url}/tampered`,
					got.headers['x-plivo-signature-v3-nonce'],
					AUTH_TOKEN,
					got.headers['x-plivo-signature-v3'],
					formToObject(got.body),
				),
			).toBe(false);

			await rig.fake.sendCallback({ url: `${rig.receiver.url}/unsigned`, params: { a: '1' }, signature: 'none' });
			got = rig.receiver.arrivals[3];
			expect(Object.keys(got.headers).filter((h) => h.startsWith('x-plivo'))).toEqual([]);
		});

		it('finishRecording sends the recording (GET) and transcription (POST) callbacks', async () => {
			const start = await call(
				rig.fake.baseUrl,
				'POST',
				`${acct}Conference/${encodeURIComponent('Team call')}/Record/`,
				{
					json: {
						callback_url: `${rig.receiver.url}/rec?src=fake#rc=1`,
						callback_method: 'GET',
						transcription_type: 'auto',
						transcription_url: `${rig.receiver.url}/tr`,
					},
				},
			);
			const rid = start.json.recording_id;
			const out = await rig.fake.finishRecording(rid);
			expect(out.recording?.status).toBe(200);
			expect(out.transcription?.status).toBe(200);
			expect(rig.fake.recordings[0].stoppedAt).toEqual(expect.any(Number));
			expect(rig.receiver.arrivals).toHaveLength(2);

			const rec = rig.receiver.arrivals[0];
			expect(rec.method).toBe('GET');
			const q = Object.fromEntries(new URL(rig.receiver.url + rec.url).searchParams);
			expect(q).toMatchObject({
				src: 'fake',
				recording_id: rid,
				conference_name: 'Team call',
				record_url: start.json.url,
				api_id: expect.any(String),
				recording_duration: expect.stringMatching(/^\d+$/),
				recording_duration_ms: expect.stringMatching(/^\d+$/),
				recording_start_ms: expect.stringMatching(/^\d{13}$/),
				recording_end_ms: expect.stringMatching(/^\d{13}$/),
			});
			expect(q.message).toBeUndefined();
			expect(
				plivo.validateV3Signature(
					'GET',
					rig.receiver.url + rec.url,
					rec.headers['x-plivo-signature-v3-nonce'],
					AUTH_TOKEN,
					rec.headers['x-plivo-signature-v3'],
				),
			).toBe(true);

			const tr = rig.receiver.arrivals[1];
			expect(tr.method).toBe('POST');
			const t = formToObject(tr.body);
			expect(t).toEqual({
				transcription_charge: expect.any(String),
				transcription: expect.any(String),
				duration: expect.any(String),
				call_uuid: expect.any(String),
				transcription_rate: expect.any(String),
				recording_id: rid,
				error: '',
			});
			expect(
				plivo.validateV3Signature(
					'POST',
					`${rig.receiver.url}/tr`,
					tr.headers['x-plivo-signature-v3-nonce'],
					AUTH_TOKEN,
					tr.headers['x-plivo-signature-v3'],
					t,
				),
			).toBe(true);
			expect(rig.fake.callbacks.map((c: any) => c.status)).toEqual([200, 200]);
		});

		it('builds callback params with overrides', async () => {
			const start = await call(rig.fake.baseUrl, 'POST', `${acct}Conference/x/Record/`, { json: {} });
			const rec = rig.fake.recordings[0];
			expect(rig.fake.recordingCallbackParams(rec, { message: 'record_done' })).toMatchObject({
				recording_id: start.json.recording_id,
				message: 'record_done',
			});
			expect(
				rig.fake.transcriptionCallbackParams(rec, { error: 'Recording duration too long for transcription' }).error,
			).toBe('Recording duration too long for transcription');
		});

		it('autoFinishMs sends the callback after the recording is stopped', async () => {
			const auto = await startFakePlivo({ authId: AUTH_ID, authToken: AUTH_TOKEN, autoFinishMs: 20 });
			try {
				const path = `/v1/Account/${AUTH_ID}/Conference/auto/Record/`;
				await call(auto.baseUrl, 'POST', path, { json: { callback_url: `${rig.receiver.url}/auto` } });
				expect(rig.receiver.arrivals).toHaveLength(0);
				await call(auto.baseUrl, 'DELETE', path);
				for (let i = 0; i < 50 && rig.receiver.arrivals.length === 0; i++) await sleep(10);
				expect(rig.receiver.arrivals).toHaveLength(1);
				expect(formToObject(rig.receiver.arrivals[0].body).conference_name).toBe('auto');
			} finally {
				await auto.close();
			}
		});
	});
});
