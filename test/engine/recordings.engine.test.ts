/**
 * The Recording resource (Get, Get Many, Download, Delete) and the Conference Name resource
 * locator, run by n8n-core's WorkflowExecute (the engine harness) with Plivo's HTTP answered by
 * nock: the requests sent, paging, filters, typing, binary data, errors, Continue On Fail.
 */
import type { ParsedUrlQuery } from 'node:querystring';
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { ACCOUNT, AUTH_TOKEN, BASIC, BASE, runAction } from '../support/actionWorkflow';

const MEDIA = 'https://media.plivo.com';
const run = runAction;

/** A recording object as Plivo's API writes it (its SDKs' fixture, this account's URLs). */
const plivoRecording = (id: string, overrides: IDataObject = {}) => ({
	add_time: '2025-11-25 19:48:32.480000+05:30',
	call_uuid: 'c2c128e2-1c8c-11e4-9bff-1db8a9db0432',
	conference_name: 'Daily Standup',
	recording_duration_ms: '312480.00000',
	recording_end_ms: '1764080312480.00000',
	recording_format: 'mp3',
	recording_id: id,
	recording_start_ms: '1764080000000.00000',
	recording_type: 'conference',
	recording_url: `${MEDIA}${ACCOUNT}/Recording/${id}.mp3`,
	resource_uri: `${ACCOUNT}/Recording/${id}/`,
	monthly_recording_storage_amount: '0.00240',
	rounded_recording_duration: '360',
	recording_storage_duration: '3',
	recording_storage_rate: '0.00040',
	...overrides,
});

/** The same recording as the node outputs it: typed as the trigger types a callback. */
const typedRecording = (id: string) => ({
	add_time: '2025-11-25T14:18:32.480Z',
	call_uuid: 'c2c128e2-1c8c-11e4-9bff-1db8a9db0432',
	conference_name: 'Daily Standup',
	recording_duration_ms: 312480,
	recording_end_ms: 1764080312480,
	recording_format: 'mp3',
	recording_id: id,
	recording_start_ms: 1764080000000,
	recording_type: 'conference',
	recording_url: `${MEDIA}${ACCOUNT}/Recording/${id}.mp3`,
	resource_uri: `${ACCOUNT}/Recording/${id}/`,
	monthly_recording_storage_amount: 0.0024,
	rounded_recording_duration: 360,
	recording_storage_duration: 3,
	recording_storage_rate: 0.0004,
	recording_start: '2025-11-25T14:13:20.000Z',
	recording_end: '2025-11-25T14:18:32.480Z',
});

const MP3 = Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0xc0]), Buffer.alloc(413)]);

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('Conference Name as a resource locator', () => {
	it.each([
		['picked From List', { __rl: true, mode: 'list', value: 'Board / Q3', cachedResultName: 'Board / Q3' }],
		['written By Name', { __rl: true, mode: 'name', value: 'Board / Q3' }],
		['mapped By Name with an expression', { __rl: true, mode: 'name', value: '={{ $json.room }}' }],
		['saved before it was a locator (plain text)', '={{ $json.room }}'],
	])('%s: the conference is addressed by its encoded name', async (_how, conferenceName) => {
		const scope = nock(BASE)
			.delete(`${ACCOUNT}/Conference/${encodeURIComponent('Board / Q3')}/Record/`)
			.basicAuth(BASIC)
			.reply(204);

		const result = await run({ resource: 'conference', operation: 'stopRecording', conferenceName }, [
			{ room: 'Board / Q3' },
		]);

		expect(result.error()).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(result.output('Plivo')[0].json).toEqual({ conference_name: 'Board / Q3', stopped: true });
	});

	it('nothing picked: fails naming the item and field, sends nothing', async () => {
		const result = await run({
			operation: 'stopRecording',
			conferenceName: { __rl: true, mode: 'name', value: '={{ $json.nothing }}' },
		});

		expect(result.error()?.message).toBe('Conference Name is empty (item 0)');
		expect(result.error()?.description).toContain('From List');
	});
});

describe('Recording → Get', () => {
	it('GETs the recording and outputs it typed: numbers, ISO dates', async () => {
		const scope = nock(BASE)
			.get(`${ACCOUNT}/Recording/rec-1/`)
			.basicAuth(BASIC)
			.reply(200, { api_id: 'g1', ...plivoRecording('rec-1') });

		const result = await run({ resource: 'recording', operation: 'get', recordingId: '  rec-1 ' });

		expect(result.error()).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(result.output('Plivo')).toEqual([
			{ json: { api_id: 'g1', ...typedRecording('rec-1') }, pairedItem: { item: 0 } },
		]);
	});

	it("a recording Plivo does not have fails plainly, with Plivo's text", async () => {
		nock(BASE).get(`${ACCOUNT}/Recording/gone/`).reply(404, { api_id: 'x', error: 'not found' });

		const result = await run({ resource: 'recording', operation: 'get', recordingId: 'gone' });

		expect(result.error()?.message).toBe('Plivo has no recording with ID "gone" (404)');
		expect(result.error()?.description).toContain('Plivo said: "not found"');
		expect(result.error()?.httpCode).toBe('404');
	});
});

describe('Recording → Get Many', () => {
	const page = (ids: string[], next: string | null, offset = 0) => ({
		api_id: 'l',
		meta: { limit: 20, offset, next, previous: null, total_count: 45 },
		objects: ids.map((id) => plivoRecording(id)),
	});
	const ids = (from: number, count: number) => Array.from({ length: count }, (_, index) => `r${from + index}`);

	/**
	 * The pages after the first are pinned to what the first saw: recordings added up to its
	 * newest (to the microsecond, in UTC), and Plivo's own 7 days as the lower bound.
	 */
	const pinned = (limit: number, offset: number) => (query: ParsedUrlQuery) =>
		query.limit === String(limit) &&
		query.offset === String(offset) &&
		query.add_time__lte === '2025-11-25 14:18:32.480000' &&
		Math.abs(Date.parse(`${String(query.add_time__gte)}Z`) - (Date.now() - 7 * 24 * 3600_000)) < 60_000 &&
		Object.keys(query).length === 4;

	it("Return All reads Plivo's list 20 at a time: the first page, then the others pinned to it, one item per recording", async () => {
		const scope = nock(BASE)
			.get(`${ACCOUNT}/Recording/`)
			.query({ limit: '20', offset: '0' })
			.basicAuth(BASIC)
			.reply(200, page(ids(0, 20), `${ACCOUNT}/Recording/?limit=20&offset=20`))
			.get(`${ACCOUNT}/Recording/`)
			.query(pinned(20, 20))
			.basicAuth(BASIC)
			.reply(200, page(ids(20, 20), `${ACCOUNT}/Recording/?limit=20&offset=40`, 20))
			.get(`${ACCOUNT}/Recording/`)
			.query(pinned(5, 40))
			.reply(200, page(ids(40, 5), null, 40));

		const result = await run({ resource: 'recording', operation: 'getAll', returnAll: true });

		expect(result.error()).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		const output = result.output('Plivo');
		expect(output.map((item) => item.json.recording_id)).toEqual(ids(0, 45));
		expect(output.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(output[44].json).toEqual(typedRecording('r44'));
	});

	it('the later pages are asked for at once, not each after the previous answer', async () => {
		let inFlight = 0;
		let mostInFlight = 0;
		const later = (offset: number) => async () => {
			inFlight++;
			mostInFlight = Math.max(mostInFlight, inFlight);
			await new Promise((resolve) => setTimeout(resolve, 50));
			inFlight--;
			return page(ids(offset, 20), offset + 20 < 100 ? 'next' : null, offset);
		};
		const scope = nock(BASE)
			.get(`${ACCOUNT}/Recording/`)
			.query({ limit: '20', offset: '0' })
			.reply(200, { ...page(ids(0, 20), 'next'), meta: { limit: 20, offset: 0, next: 'next', total_count: 100 } });
		for (const offset of [20, 40, 60, 80]) {
			scope.get(`${ACCOUNT}/Recording/`).query(pinned(20, offset)).reply(200, later(offset));
		}

		const result = await run({ resource: 'recording', operation: 'getAll', returnAll: true });

		expect(result.error()).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(mostInFlight).toBe(4);
		expect(result.output('Plivo').map((item) => item.json.recording_id)).toEqual(ids(0, 100));
	});

	it('a Limit asks for no more than it needs', async () => {
		const scope = nock(BASE)
			.get(`${ACCOUNT}/Recording/`)
			.query({ limit: '20', offset: '0' })
			.reply(200, page(ids(0, 20), `${ACCOUNT}/Recording/?limit=20&offset=20`))
			.get(`${ACCOUNT}/Recording/`)
			.query(pinned(5, 20))
			.reply(200, page(ids(20, 5), `${ACCOUNT}/Recording/?limit=5&offset=25`, 20));

		const result = await run({ resource: 'recording', operation: 'getAll', returnAll: false, limit: 25 });

		expect(scope.isDone()).toBe(true);
		expect(result.output('Plivo')).toHaveLength(25);
	});

	it.each([undefined, null])(
		'without a count in the first page (%p), one page after the other until Plivo has no next one',
		async (totalCount) => {
			const uncounted = (from: number, count: number, next: string | null) => ({
				api_id: 'l',
				meta: { limit: 20, offset: from, next, previous: null, total_count: totalCount },
				objects: ids(from, count).map((id) => plivoRecording(id)),
			});
			const scope = nock(BASE)
				.get(`${ACCOUNT}/Recording/`)
				.query({ limit: '20', offset: '0' })
				.reply(200, uncounted(0, 20, 'next'))
				.get(`${ACCOUNT}/Recording/`)
				.query(pinned(20, 20))
				.reply(200, uncounted(20, 3, null));

			const result = await run({ resource: 'recording', operation: 'getAll', returnAll: true });

			expect(scope.isDone()).toBe(true);
			expect(result.output('Plivo').map((item) => item.json.recording_id)).toEqual(ids(0, 23));
		},
	);

	it('with Added Before the list is held by it: the later pages carry the same filters, nothing more', async () => {
		const filters = { addedBefore: '2025-11-25T12:00:00Z' };
		const held = { add_time__lte: '2025-11-25 12:00:00' };
		const scope = nock(BASE)
			.get(`${ACCOUNT}/Recording/`)
			.query({ ...held, limit: '20', offset: '0' })
			.reply(200, page(ids(0, 20), 'next'))
			.get(`${ACCOUNT}/Recording/`)
			.query({ ...held, limit: '20', offset: '20' })
			.reply(200, page(ids(20, 20), 'next', 20))
			.get(`${ACCOUNT}/Recording/`)
			.query({ ...held, limit: '5', offset: '40' })
			.reply(200, page(ids(40, 5), null, 40));

		const result = await run({ resource: 'recording', operation: 'getAll', returnAll: true, filters });

		expect(scope.isDone()).toBe(true);
		expect(result.output('Plivo')).toHaveLength(45);
	});

	it("with Added After only, the later pages keep it and add the first page's newest as the upper bound", async () => {
		const filters = { addedAfter: '2025-11-20T00:00:00Z' };
		const after = { add_time__gte: '2025-11-20 00:00:00' };
		const scope = nock(BASE)
			.get(`${ACCOUNT}/Recording/`)
			.query({ ...after, limit: '20', offset: '0' })
			.reply(200, page(ids(0, 20), 'next'))
			.get(`${ACCOUNT}/Recording/`)
			.query({ ...after, add_time__lte: '2025-11-25 14:18:32.480000', limit: '20', offset: '20' })
			.reply(200, page(ids(20, 20), 'next', 20))
			.get(`${ACCOUNT}/Recording/`)
			.query({ ...after, add_time__lte: '2025-11-25 14:18:32.480000', limit: '5', offset: '40' })
			.reply(200, page(ids(40, 5), null, 40));

		const result = await run({ resource: 'recording', operation: 'getAll', returnAll: true, filters });

		expect(scope.isDone()).toBe(true);
		expect(result.output('Plivo')).toHaveLength(45);
	});

	it("sends the filters as Plivo's query parameters, times in UTC from the workflow's timezone", async () => {
		const scope = nock(BASE)
			.get(`${ACCOUNT}/Recording/`)
			.query({
				limit: '10',
				offset: '0',
				add_time__gte: '2025-11-20 08:00:00',
				add_time__lte: '2025-11-25 14:30:00.500000',
				call_uuid: 'call-1',
				conference_name: 'Board / Q3',
				conference_uuid: 'conf-1',
				from_number: '14155550100',
				to_number: '14155550199',
				mpc_name: 'mpc',
				mpc_uuid: 'mpc-1',
				subaccount: 'SAXXXXXXXXXXXXXXXXXX',
				recording_storage_duration__gte: '30',
				recording_storage_duration__lte: '90',
			})
			.reply(200, page(['a'], null));

		const result = await run(
			{
				resource: 'recording',
				operation: 'getAll',
				limit: 10,
				filters: {
					addedAfter: '2025-11-20T09:00:00',
					addedBefore: '2025-11-25T20:00:00.500+05:30',
					callUuid: ' call-1 ',
					conferenceName: 'Board / Q3',
					conferenceUuid: 'conf-1',
					fromNumber: '14155550100',
					toNumber: '14155550199',
					mpcName: 'mpc',
					mpcUuid: 'mpc-1',
					subaccount: 'SAXXXXXXXXXXXXXXXXXX',
					storedAtLeastDays: 30,
					storedAtMostDays: 90,
				},
			},
			[{}],
			{ timezone: 'Europe/Berlin' },
		);

		expect(result.error()).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(result.output('Plivo').map((item) => item.json.recording_id)).toEqual(['a']);
	});

	it('nothing matches: no output item', async () => {
		nock(BASE).get(`${ACCOUNT}/Recording/`).query(true).reply(200, page([], null));

		const result = await run({ resource: 'recording', operation: 'getAll', returnAll: true });

		expect(result.error()).toBeUndefined();
		expect(result.output('Plivo')).toEqual([]);
	});

	it.each([
		[
			{ addedAfter: '2025-11-25T10:00:00', addedBefore: '2025-11-24T10:00:00' },
			'Added After is later than Added Before (item 0)',
		],
		[
			{ addedAfter: '2025-10-01T00:00:00', addedBefore: '2025-11-24T00:00:00' },
			'Added After and Added Before are more than 30 days apart (item 0)',
		],
		[{ addedAfter: 'last tuesday' }, 'Added After is not a date and time: "last tuesday" (item 0)'],
		[{ storedAtLeastDays: 2.5 }, 'Stored for at Least (Days) is not a whole number of days: "2.5" (item 0)'],
	])('%j fails naming the item and filter, and sends nothing', async (filters, message) => {
		const scope = nock(BASE).get(/.*/).reply(200, page([], null));

		const result = await run({ resource: 'recording', operation: 'getAll', returnAll: true, filters });

		expect(result.error()?.name).toBe('NodeOperationError');
		expect(result.error()?.message).toBe(message);
		expect(scope.isDone()).toBe(false);
	});
});

describe('Recording → Delete', () => {
	it('DELETEs the recording and outputs { recording_id, deleted: true }', async () => {
		const scope = nock(BASE)
			.delete(`${ACCOUNT}/Recording/${encodeURIComponent('rec/1')}/`)
			.basicAuth(BASIC)
			.reply(204);

		const result = await run({ resource: 'recording', operation: 'delete', recordingId: '={{ $json.id }}' }, [
			{ id: 'rec/1' },
		]);

		expect(result.error()).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(result.output('Plivo')).toEqual([
			{ json: { recording_id: 'rec/1', deleted: true }, pairedItem: { item: 0 } },
		]);
	});

	it('a recording already gone fails its item, saying so; with Continue On Fail the others go on', async () => {
		const scope = nock(BASE)
			.delete(`${ACCOUNT}/Recording/gone/`)
			.times(2)
			.reply(404, { api_id: 'x', error: 'not found' })
			.delete(`${ACCOUNT}/Recording/a/`)
			.reply(204)
			.delete(`${ACCOUNT}/Recording/c/`)
			.reply(204);

		const stopped = await run({ resource: 'recording', operation: 'delete', recordingId: 'gone' });
		expect(stopped.error()?.message).toBe('Recording "gone" is already gone from Plivo (404)');
		expect(stopped.error()?.description).toContain('deleted already');

		const result = await run(
			{ resource: 'recording', operation: 'delete', recordingId: '={{ $json.id }}' },
			[{ id: 'a' }, { id: 'gone' }, { id: '' }, { id: 'c' }],
			{ continueOnFail: true },
		);
		expect(scope.isDone()).toBe(true);
		expect(result.output('Plivo').map((item) => item.json)).toEqual([
			{ recording_id: 'a', deleted: true },
			{ error: 'Recording "gone" is already gone from Plivo (404)' },
			{ error: 'Recording ID is empty (item 2)' },
			{ recording_id: 'c', deleted: true },
		]);
	});

	it('an empty ID anywhere stops the batch before any request', async () => {
		const scope = nock(BASE).delete(/.*/).reply(204);

		const result = await run({ resource: 'recording', operation: 'delete', recordingId: '={{ $json.id }}' }, [
			{ id: 'a' },
			{ id: ' ' },
		]);

		expect(result.error()?.message).toBe('Recording ID is empty (item 1)');
		expect(scope.isDone()).toBe(false);
	});
});

describe('Recording → Download', () => {
	it('by ID: the details from the API, then the audio with the credential, as binary data', async () => {
		const api = nock(BASE)
			.get(`${ACCOUNT}/Recording/rec-1/`)
			.basicAuth(BASIC)
			.reply(200, { api_id: 'g', ...plivoRecording('rec-1') });
		const media = nock(MEDIA)
			.get(`${ACCOUNT}/Recording/rec-1.mp3`)
			.basicAuth(BASIC)
			.reply(200, MP3, { 'Content-Type': 'audio/mpeg' });

		const result = await run({ resource: 'recording', operation: 'download', recordingId: 'rec-1' });

		expect(result.error()).toBeUndefined();
		expect(api.isDone() && media.isDone()).toBe(true);
		const [item] = result.output('Plivo');
		expect(item.json).toEqual({
			api_id: 'g',
			...typedRecording('rec-1'),
			file_name: 'rec-1.mp3',
			mime_type: 'audio/mpeg',
			file_size: MP3.length,
		});
		expect(item.binary?.data).toMatchObject({ mimeType: 'audio/mpeg', fileName: 'rec-1.mp3', fileExtension: 'mp3' });
		expect(Buffer.from(item.binary!.data.data, 'base64')).toEqual(MP3);
	});

	it('by URL: the audio alone, the recording ID read from the URL', async () => {
		const media = nock(MEDIA)
			.get(`${ACCOUNT}/Recording/rec-2.wav`)
			.basicAuth(BASIC)
			.reply(200, Buffer.from('RIFF....WAVE'), { 'Content-Type': 'audio/x-wav' });

		const result = await run({
			resource: 'recording',
			operation: 'download',
			downloadBy: 'url',
			recordingUrl: `${MEDIA}${ACCOUNT}/Recording/rec-2.wav`,
		});

		expect(result.error()).toBeUndefined();
		expect(media.isDone()).toBe(true);
		expect(result.output('Plivo')[0].json).toEqual({
			recording_id: 'rec-2',
			recording_url: `${MEDIA}${ACCOUNT}/Recording/rec-2.wav`,
			file_name: 'rec-2.wav',
			mime_type: 'audio/x-wav',
			file_size: 12,
		});
	});

	// Each download holds its file in memory: a list of long recordings must not all be fetched at once.
	it('downloads at most 10 files at a time, and every one of 25', async () => {
		let inFlight = 0;
		let most = 0;
		const ids = Array.from({ length: 25 }, (_, index) => `rec-m${index}`);
		const media = nock(MEDIA)
			.get(/\/Recording\/rec-m\d+\.mp3$/)
			.times(ids.length)
			// nock answers at once: a delay keeps the answers in flight long enough to overlap.
			.delay(20)
			.reply(function () {
				inFlight++;
				most = Math.max(most, inFlight);
				return [200, MP3, { 'Content-Type': 'audio/mpeg' }];
			});
		media.on('replied', () => inFlight--);

		const result = await run(
			{ resource: 'recording', operation: 'download', downloadBy: 'url', recordingUrl: '={{ $json.url }}' },
			ids.map((id) => ({ url: `${MEDIA}${ACCOUNT}/Recording/${id}.mp3` })),
		);

		expect(result.error()).toBeUndefined();
		expect(result.output('Plivo').map((item) => item.json.recording_id)).toEqual(ids);
		expect(most).toBeGreaterThan(1);
		expect(most).toBeLessThanOrEqual(10);
	});

	it('a redirect to storage elsewhere is followed without the credential', async () => {
		nock(MEDIA)
			.get(`${ACCOUNT}/Recording/rec-3.mp3`)
			.basicAuth(BASIC)
			.reply(302, '', { Location: 'https://storage.example.com/signed/rec-3.mp3?sig=1' });
		const storage = nock('https://storage.example.com', { badheaders: ['authorization'] })
			.get('/signed/rec-3.mp3')
			.query({ sig: '1' })
			.reply(200, MP3);

		const result = await run({
			resource: 'recording',
			operation: 'download',
			downloadBy: 'url',
			recordingUrl: `${MEDIA}${ACCOUNT}/Recording/rec-3.mp3`,
		});

		expect(result.error()).toBeUndefined();
		expect(storage.isDone()).toBe(true);
		expect(result.output('Plivo')[0].binary?.data.mimeType).toBe('audio/mpeg');
	});

	it.each([
		[
			{ downloadBy: 'url', recordingUrl: 'https://evil.example.com/Recording/x.mp3' },
			"Recording URL is not on a Plivo host (https://*.plivo.com) or the credential's Base URL: https://evil.example.com/Recording/x.mp3 (item 0)",
		],
		[
			{ downloadBy: 'url', recordingUrl: 'http://media.plivo.com/x.mp3' },
			"Recording URL is not on a Plivo host (https://*.plivo.com) or the credential's Base URL: http://media.plivo.com/x.mp3 (item 0)",
		],
		[
			{ downloadBy: 'url', recordingUrl: 'media.plivo.com/x.mp3' },
			'Recording URL is not an absolute http(s) URL: "media.plivo.com/x.mp3" (item 0)',
		],
		[{ downloadBy: 'url', recordingUrl: '={{ $json.nothing }}' }, 'Recording URL is empty (item 0)'],
		[{ recordingId: '={{ "  " }}' }, 'Recording ID is empty (item 0)'],
		[{ downloadBy: 'link', recordingId: 'r1' }, 'Download By must be id or url, not "link" (item 0)'],
	])('%j fails naming the item and field, and sends nothing', async (parameters, message) => {
		const scope = nock(/.*/).get(/.*/).reply(200, MP3);

		const result = await run({ resource: 'recording', operation: 'download', ...parameters });

		expect(result.error()?.message).toBe(message);
		expect(scope.isDone()).toBe(false);
	});

	it('a recording over Max Download Size fails its item', async () => {
		nock(MEDIA).get(`${ACCOUNT}/Recording/big.mp3`).reply(200, Buffer.alloc(1_500_000));

		const result = await run({
			resource: 'recording',
			operation: 'download',
			downloadBy: 'url',
			recordingUrl: `${MEDIA}${ACCOUNT}/Recording/big.mp3`,
			maxDownloadSizeMb: 1,
		});

		expect(result.error()?.message).toContain('larger than the limit of 1 MB');
		expect(JSON.stringify(result.run.data)).not.toContain(AUTH_TOKEN);
	});
});

describe('resources and operations', () => {
	it('an operation of another resource fails naming the ones that exist', async () => {
		const result = await run({ resource: 'recording', operation: 'startRecording', conferenceName: 'x' });

		expect(result.error()?.message).toBe('Unknown operation "startRecording" (item 0)');
		expect(result.error()?.description).toBe('Choose one of: delete, download, get, getAll.');
	});
});
