/**
 * The New Recording trigger polled as n8n polls it (n8n-core's PollContext, a real static-data
 * object saved by n8n's rule, restarts that load only what was saved) against the fake Plivo over
 * loopback HTTP: every recording emitted once, oldest first, across polls, restarts, long pauses,
 * late listings and failed polls; what each poll costs in requests.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { startFakePlivo } from '../../tools/fakePlivo';
import type { FakePlivo, RecordedRequest } from '../../tools/fakePlivo/types';
import { PolledTrigger, NODE_NAME } from '../support/pollTrigger';

const AUTH_ID = 'MAXXXXXXXXXXXXXXXXXX';
const AUTH_TOKEN = 'secret-token-never-shown-0123456789';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const ids = (items: INodeExecutionData[] | null) => (items ?? []).map((item) => item.json.recording_id);

describe('Plivo New Recording Trigger, polled against the fake Plivo', () => {
	let fake: FakePlivo;
	let now: number;

	beforeAll(async () => {
		fake = await startFakePlivo({ port: 0, authId: AUTH_ID, authToken: AUTH_TOKEN, rateLimit: null });
	});
	afterAll(async () => await fake.close());
	beforeEach(() => {
		fake.reset();
		fake.setLatency(0);
		now = Date.now();
	});

	const trigger = (parameters = {}) =>
		new PolledTrigger({ baseUrl: fake.baseUrl, authId: AUTH_ID, authToken: AUTH_TOKEN, parameters });
	/** The list requests the fake got since `mark`. */
	const listRequests = (mark = 0): RecordedRequest[] =>
		fake.requests.slice(mark).filter((request: RecordedRequest) => request.path.endsWith('/Recording/'));
	const add = (addedAt: number, fields = {}) => fake.addRecording({ addedAt, ...fields }).recordingId;

	it('emits nothing that existed at its first activation, then each new recording once, oldest first', async () => {
		const existing = [add(now - 2 * HOUR), add(now - 5 * MINUTE), add(now - MINUTE)];
		const polled = trigger();

		expect(await polled.activate()).toBeNull();
		expect(listRequests()).toHaveLength(1);
		// The activation's place was saved, with the IDs of the recent ones it passed over.
		expect(Object.keys((polled.saved[`node:${NODE_NAME}`] as { place: { handled: object } }).place.handled)).toEqual(
			expect.arrayContaining(existing.slice(1)),
		);

		const first = [add(Date.now() - 2000), add(Date.now() - 1000)];
		const emitted = await polled.poll();
		expect(ids(emitted)).toEqual(first);
		expect(emitted?.[0].json).toMatchObject({ recording_duration_ms: 30000, recording_format: 'mp3' });
		expect(emitted?.[0].json.add_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

		const second = [add(Date.now() - 500), add(Date.now() - 400), add(Date.now() - 300)];
		expect(ids(await polled.poll())).toEqual(second);

		// Nothing new: no execution, one request.
		const mark = fake.requests.length;
		expect(await polled.poll()).toBeNull();
		expect(fake.requests.length - mark).toBe(1);
	});

	it('outputs a recording exactly as Recording → Get types it', async () => {
		const polled = trigger();
		await polled.activate();
		const id = add(Date.now() - 1000, { conferenceName: 'Board', fromNumber: '14155550100' });
		const [item] = (await polled.poll()) ?? [];
		expect(item.json).toMatchObject({
			recording_id: id,
			conference_name: 'Board',
			from_number: '14155550100',
			recording_duration_ms: 30000,
			recording_storage_duration: 1,
			rounded_recording_duration: 60,
			recording_type: 'conference',
		});
		expect(typeof item.json.recording_start_ms).toBe('number');
		expect(item.json.recording_start).toBe(new Date(item.json.recording_start_ms as number).toISOString());
		expect(item.json.add_time).toBe(new Date(fake.recordings[0].addedAt).toISOString());
		expect(item.binary).toBeUndefined();
	});

	it('catches up after a restart: what was added while n8n was down, once, oldest first, nothing earlier again', async () => {
		const polled = trigger();
		add(now - HOUR);
		await polled.activate();
		const before = add(Date.now() - 3000);
		expect(ids(await polled.poll())).toEqual([before]);

		const whileDown = [add(Date.now() - 2500), add(Date.now() - 2000), add(Date.now() - 1500)];
		expect(ids(await polled.restart())).toEqual(whileDown);
		expect(await polled.poll()).toBeNull();
		expect(await polled.restart()).toBeNull();
	});

	it('a poll that emitted nothing moved its place only in memory: a restart re-reads, and emits nothing twice', async () => {
		const polled = trigger();
		await polled.activate();
		const one = add(Date.now() - 1000);
		expect(ids(await polled.poll())).toEqual([one]);
		expect(await polled.poll()).toBeNull();
		expect(await polled.restart()).toBeNull();
		const two = add(Date.now() - 500);
		expect(ids(await polled.restart())).toEqual([two]);
	});

	it('after a pause longer than 30 days, catches up in add_time windows Plivo accepts, oldest first', async () => {
		const polled = trigger();
		await polled.activate();
		// The workflow was unpublished 70 days ago, when its newest recording was `last`.
		const last = add(now - 70 * DAY);
		const lastUs = (now - 70 * DAY) * 1000;
		polled.saved = {
			[`node:${NODE_NAME}`]: { place: { version: 1, newest: lastUs, readFrom: lastUs, handled: { [last]: lastUs } } },
		};
		const missed = [
			add(now - 65 * DAY),
			add(now - 40 * DAY),
			add(now - 29 * DAY),
			add(now - 20 * DAY),
			add(now - HOUR),
		];
		const mark = fake.requests.length;

		expect(ids(await polled.restart())).toEqual(missed);
		const requests = listRequests(mark);
		expect(requests.map((request) => request.status)).toEqual(requests.map(() => 200));
		expect(requests.length).toBeGreaterThanOrEqual(3);
		const utc = (text: string) => Date.parse(`${text.replace(' ', 'T')}Z`);
		for (const { query } of requests) {
			const from = utc(query.add_time__gte);
			if (query.add_time__lte !== undefined) expect(utc(query.add_time__lte) - from).toBeLessThanOrEqual(30 * DAY);
			else expect(Date.now() - from).toBeLessThan(30 * DAY);
		}
		expect(await polled.poll()).toBeNull();
	});

	it('emits once a recording Plivo lists late, with an add_time before recordings already emitted', async () => {
		const polled = trigger();
		await polled.activate();
		const onTime = add(Date.now() - 1000);
		expect(ids(await polled.poll())).toEqual([onTime]);

		const late = add(Date.now() - 3 * MINUTE);
		expect(ids(await polled.poll())).toEqual([late]);
		expect(await polled.poll()).toBeNull();
		expect(await polled.restart()).toBeNull();
	});

	it('passes over at its first activation a recording at the edge of the late-listing span, and never emits it later', async () => {
		// More recent recordings than one page: the span before the newest is read whole.
		const existing = Array.from({ length: 30 }, (_, index) => add(now - 9 * MINUTE + index * 10_000));
		const polled = trigger();
		expect(await polled.activate()).toBeNull();
		expect(listRequests().length).toBeGreaterThan(1);
		const next = add(Date.now() - 100);
		expect(ids(await polled.poll())).toEqual([next]);
		expect(ids(await polled.poll())).not.toEqual(expect.arrayContaining([existing[0]]));
	});

	it('a catch-up whose pages moved while read (a late listing shifts the offsets) reads again, and loses nothing', async () => {
		const polled = trigger();
		await polled.activate();
		// n8n was down for two hours: the place's newest recording is older than the late-listing span.
		const start = Date.now() - 2 * HOUR;
		const added = Array.from({ length: 45 }, (_, index) => add(start + index * 1000));
		let late = '';
		fake.injectFault({
			// Not a fault: when the second page is asked for, Plivo lists one recording late, in the middle.
			match: (request) => {
				if (late === '' && request.path.endsWith('/Recording/') && request.query.offset === '20')
					late = add(start + 33_500);
				return false;
			},
		});
		const first = ids(await polled.restart());
		expect(late).not.toBe('');
		// The oldest was pushed out of the pages read; the next poll reads the same span again.
		expect(first).toEqual(added.slice(1));
		expect(ids(await polled.poll())).toEqual([added[0], late]);
		expect(await polled.poll()).toBeNull();
	});

	describe('a poll that fails throws, leaves its place, and the next poll emits what it missed', () => {
		const failing = async (fault: Parameters<FakePlivo['injectFault']>[0], message: RegExp) => {
			const polled = trigger();
			await polled.activate();
			const missed = [add(Date.now() - 2000), add(Date.now() - 1000)];
			const before = polled.staticData();
			fake.injectFault({ ...fault, match: (request) => request.path.endsWith('/Recording/') });
			await expect(polled.poll()).rejects.toThrow(message);
			expect(polled.staticData()).toEqual(before);
			expect(ids(await polled.poll())).toEqual(missed);
			expect(await polled.poll()).toBeNull();
		};

		it('a 5xx', async () => {
			await failing({ status: 503, body: { api_id: 'x', error: 'upstream down' } }, /Plivo failed with 503/);
		});

		it('a lost connection', async () => {
			await failing({ reset: true }, /Could not reach Plivo/);
		});

		it('a 429 after its retries', async () => {
			await failing({ retryAfter: 0, count: 6 }, /too many requests/);
		});

		it('a 5xx on a later page of a catch-up', async () => {
			const polled = trigger();
			await polled.activate();
			const missed = Array.from({ length: 50 }, (_, index) => add(Date.now() - 5000 + index * 10));
			const before = polled.staticData();
			let pages = 0;
			fake.injectFault({ status: 500, match: (request) => request.path.endsWith('/Recording/') && ++pages === 2 });
			await expect(polled.poll()).rejects.toThrow(/Plivo failed with 500/);
			expect(polled.staticData()).toEqual(before);
			expect(ids(await polled.poll())).toEqual(missed);
		});

		it('a wrong credential: the message says so, never with the token', async () => {
			const polled = trigger();
			await polled.activate();
			const missed = add(Date.now() - 1000);
			const before = polled.staticData();
			polled.credentials = { ...polled.credentials, authToken: 'wrong-token-xyz' };
			const error = await polled.poll().catch((thrown: Error & { description?: string }) => thrown);
			expect(error).toBeInstanceOf(Error);
			const { message, description } = error as Error & { description?: string };
			expect(message).toMatch(/Plivo rejected the credentials \(401\)/);
			expect(`${message} ${description} ${JSON.stringify(error)}`).not.toMatch(/wrong-token-xyz|secret-token/);
			expect(polled.staticData()).toEqual(before);
			polled.credentials = { ...polled.credentials, authToken: AUTH_TOKEN };
			expect(ids(await polled.poll())).toEqual([missed]);
		});
	});

	it('Max Recordings per Poll: the oldest first, the rest on the next polls, with no gap and none twice', async () => {
		const polled = trigger({ options: { maxRecordingsPerPoll: 10 } });
		await polled.activate();
		const base = Date.now() - 60_000;
		const added = Array.from({ length: 45 }, (_, index) => add(base + index * 100));
		// Five more share one add_time: a cut among them leaves the rest for the next poll.
		const tied = Array.from({ length: 5 }, () => add(base + 4_600));
		const emitted: unknown[] = [];
		const perPoll: number[] = [];
		for (let poll = 0; poll < 6; poll++) {
			const items = ids(await polled.poll());
			perPoll.push(items.length);
			emitted.push(...items);
		}
		expect(perPoll).toEqual([10, 10, 10, 10, 10, 0]);
		expect(emitted.slice(0, 45)).toEqual(added);
		expect(new Set(emitted.slice(45))).toEqual(new Set(tied));
	});

	it('Max Recordings per Poll reads the newest page and the oldest ones, not the pages between, none twice', async () => {
		const polled = trigger({ options: { maxRecordingsPerPoll: 10 } });
		await polled.activate();
		const base = Date.now() - 60_000;
		const added = Array.from({ length: 300 }, (_, index) => add(base + index * 100));
		const mark = fake.requests.length;
		expect(ids(await polled.poll())).toEqual(added.slice(0, 10));
		const requests = listRequests(mark);
		expect(requests.map((request) => request.query.offset)).toEqual(['0', '290']);
		expect(ids(await polled.poll())).toEqual(added.slice(10, 20));
	});

	it('a catch-up of a thousand reads each page once, through the pacer, and emits each recording once, oldest first', async () => {
		fake.setRateLimit({ max: 300, windowMs: 5000 });
		const polled = trigger();
		await polled.activate();
		const base = Date.now() - 10 * MINUTE;
		const added = Array.from({ length: 1000 }, (_, index) => add(base + index * 500));
		const mark = fake.requests.length;
		expect(ids(await polled.restart())).toEqual(added);
		const requests = listRequests(mark);
		expect(requests).toHaveLength(50);
		expect(new Set(requests.map((request) => request.query.offset)).size).toBe(50);
		expect(requests.every((request) => request.status === 200)).toBe(true);
		fake.setRateLimit(null);
	});

	it('a catch-up while recordings keep arriving: the later pages hold to the first, every waiting one in this poll, none twice', async () => {
		const polled = trigger();
		await polled.activate();
		const start = Date.now() - 2 * HOUR;
		const waiting = Array.from({ length: 300 }, (_, index) => add(start + index * 1000));
		fake.setLatency(40);
		const arriving = setInterval(() => add(Date.now()), 5);
		let first: unknown[];
		try {
			first = ids(await polled.restart());
		} finally {
			clearInterval(arriving);
		}
		expect(first.slice(0, 300)).toEqual(waiting);
		const second = ids(await polled.poll());
		const all = [...first, ...second];
		expect(all.length - new Set(all).size).toBe(0);
	});

	it('two polls at once (a slow one overlapping the next): one of them emits, once', async () => {
		const polled = trigger();
		await polled.activate();
		const added = [add(Date.now() - 2000), add(Date.now() - 1000)];
		fake.setLatency(200);
		const [first, second] = await Promise.all([polled.poll(), polled.poll()]);
		expect([...ids(first), ...ids(second)]).toEqual(added);
	});

	it('Backfill: the first activation emits what was added in the hours before it, oldest first', async () => {
		add(now - 30 * HOUR);
		const recent = [add(now - 10 * HOUR), add(now - HOUR)];
		const polled = trigger({ options: { backfillHours: 24 } });
		expect(ids(await polled.activate())).toEqual(recent);
		expect(await polled.poll()).toBeNull();
		const later = add(Date.now() - 100);
		expect(ids(await polled.poll())).toEqual([later]);
	});

	it('sends the filters to Plivo on every request, and emits only the recordings that match', async () => {
		const polled = trigger({ filters: { conferenceName: 'Board', fromNumber: '14155550100' } });
		await polled.activate();
		add(Date.now() - 3000, { conferenceName: 'Other', fromNumber: '14155550100' });
		const board = add(Date.now() - 2000, { conferenceName: 'Board', fromNumber: '14155550100' });
		add(Date.now() - 1000, { conferenceName: 'Board', fromNumber: '14155550199' });
		expect(ids(await polled.poll())).toEqual([board]);
		for (const { query } of listRequests()) {
			expect(query).toMatchObject({ conference_name: 'Board', from_number: '14155550100' });
		}
	});

	it('a malformed Subaccount Auth ID fails with the field named, before any request', async () => {
		const polled = trigger({ filters: { subaccount: 'SA123' } });
		await expect(polled.activate()).rejects.toThrow(/Subaccount Auth ID is not a subaccount's Auth ID: "SA123"/);
		await expect(trigger({ options: { maxRecordingsPerPoll: 2.5 } }).activate()).rejects.toThrow(
			/Max Recordings per Poll is not a whole number/,
		);
		expect(fake.requests).toHaveLength(0);
	});

	describe('Download Recording', () => {
		it('attaches the audio as binary data', async () => {
			const polled = trigger({ options: { downloadRecording: true } });
			await polled.activate();
			const id = add(Date.now() - 1000);
			const [item] = (await polled.poll()) ?? [];
			expect(item.json.recording_id).toBe(id);
			expect(item.json.download_error).toBeUndefined();
			expect(item.binary?.data).toMatchObject({ mimeType: 'audio/mpeg', fileName: `${id}.mp3` });
		});

		it('a failed download still emits the recording, with download_error, and the place moves past it', async () => {
			const polled = trigger({ options: { downloadRecording: true } });
			await polled.activate();
			const [failed, fine] = [add(Date.now() - 2000), add(Date.now() - 1000)];
			fake.injectFault({ status: 500, match: (request) => request.path.endsWith(`${failed}.mp3`) });
			const items = (await polled.poll()) ?? [];
			expect(ids(items)).toEqual([failed, fine]);
			expect(items[0].json.download_error).toMatch(/^Could not download the recording: the media server answered 500/);
			expect(items[0].binary).toBeUndefined();
			expect(items[1].binary?.data).toBeDefined();
			expect(await polled.poll()).toBeNull();
		});
	});

	describe('Fetch Test Event (manual mode)', () => {
		it('returns the newest recording that matches the filters, and never touches the place', async () => {
			add(now - 2 * HOUR, { conferenceName: 'Board' });
			const newestBoard = add(now - HOUR, { conferenceName: 'Board' });
			add(now - MINUTE, { conferenceName: 'Other' });
			const polled = trigger({ filters: { conferenceName: 'Board' } });
			expect(ids(await polled.fetchTestEvent())).toEqual([newestBoard]);
			expect(polled.staticData()).toEqual({});
		});

		it('says so when no recording of the last 7 days matches', async () => {
			add(now - 8 * DAY, { conferenceName: 'Board' });
			const polled = trigger({ filters: { conferenceName: 'Board' } });
			await expect(polled.fetchTestEvent()).rejects.toThrow('No recording in the last 7 days matches the filters');
		});
	});
});
