/**
 * The Plivo Recording action run by n8n-core's WorkflowExecute (the engine harness), with Plivo's
 * HTTP answered by nock: requests, pacing, retries, errors, Continue On Fail, waiting.
 */
import net from 'node:net';

import nock from 'nock';
import { ACCOUNT, AUTH_ID, AUTH_TOKEN, BASIC, BASE, runAction } from '../support/actionWorkflow';

const run = runAction;

const started = (id: string) => ({
	api_id: `api-${id}`,
	message: 'conference recording started',
	recording_id: id,
	url: `https://media.plivo.com/v1/Account/${AUTH_ID}/Recording/${id}.mp3`,
});

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('Start Conference Recording', () => {
	it('sends one encoded, authenticated JSON request per item and keeps item order', async () => {
		const names = ['My Conf Room', 'a/b#c?d%e', 'Café 会議 ☎'];
		const scope = nock(BASE);
		names.forEach((name, index) => {
			scope
				.post(`${ACCOUNT}/Conference/${encodeURIComponent(name)}/Record/`, {
					file_format: 'wav',
					callback_url: 'https://n8n.example.com/webhook/abc/webhook#ct=3000&rc=2&er=frankfurt',
					callback_method: 'GET',
				})
				.basicAuth(BASIC)
				.matchHeader('content-type', /application\/json/)
				// Later items answer first: output order must still follow input order.
				.delay(30 * (names.length - index))
				.reply(202, started(`rec-${index}`));
		});

		const result = await run(
			{
				operation: 'startRecording',
				conferenceName: '={{ $json.name }}',
				fileFormat: 'wav',
				callbackUrl: 'https://n8n.example.com/webhook/abc/webhook',
				callbackMethod: 'GET',
				callbackDelivery: { connectionTimeout: 3000, retryCount: 2, edgeRegion: 'frankfurt' },
			},
			names.map((name) => ({ name })),
		);

		expect(result.error()).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(result.output('Plivo')).toEqual(
			names.map((name, index) => ({
				json: { ...started(`rec-${index}`), conference_name: name },
				pairedItem: { item: index },
			})),
		);
		expect(encodeURIComponent('My Conf Room')).toBe('My%20Conf%20Room');
	});

	// What is the same for every item is read once (actions/staticParameters.ts): an expression
	// anywhere in a parameter, even deep in a collection, still gives each item its own value.
	it('gives each item its own value of every parameter with an expression, beside ones read once', async () => {
		const items = [
			{ name: 'Room A', format: 'wav', timeout: 3000, hook: 'https://a.example.com/h' },
			{ name: 'Room B', format: 'mp3', timeout: 4000, hook: 'https://b.example.com/h' },
		];
		const scope = nock(BASE);
		items.forEach((item, index) => {
			scope
				.post(`${ACCOUNT}/Conference/${encodeURIComponent(item.name)}/Record/`, {
					file_format: item.format,
					callback_url: `${item.hook}#ct=${item.timeout}&rc=2`,
					callback_method: 'POST',
				})
				.reply(202, started(`rec-${index}`));
		});

		const result = await run(
			{
				operation: 'startRecording',
				conferenceName: { __rl: true, mode: 'name', value: '={{ $json.name }}' },
				fileFormat: '={{ $json.format }}',
				callbackUrl: '={{ $json.hook }}',
				callbackMethod: 'POST',
				callbackDelivery: { connectionTimeout: '={{ $json.timeout }}', retryCount: 2 },
			},
			items,
		);

		expect(result.error()).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(result.output('Plivo').map((item) => item.json.conference_name)).toEqual(['Room A', 'Room B']);
	});

	it('asks for a transcription and sends its method only when the user picked one', async () => {
		const scope = nock(BASE)
			.post(`${ACCOUNT}/Conference/standup/Record/`, {
				file_format: 'mp3',
				transcription_type: 'auto',
				transcription_url: 'https://n8n.example.com/webhook/t/webhook#rp=5xx,ct',
			})
			.basicAuth(BASIC)
			.reply(202, started('r1'))
			.post(`${ACCOUNT}/Conference/standup/Record/`, {
				file_format: 'mp3',
				transcription_type: 'auto',
				transcription_url: 'https://n8n.example.com/webhook/t/webhook',
				transcription_method: 'GET',
			})
			.basicAuth(BASIC)
			.reply(202, started('r2'));

		const first = await run(
			{
				operation: 'startRecording',
				conferenceName: 'standup',
				transcribe: true,
				transcriptionUrl: 'https://n8n.example.com/webhook/t/webhook',
				callbackDelivery: { retryOn: ['5xx', 'ct'] },
			},
			[{}],
		);
		expect(first.error()).toBeUndefined();
		const second = await run(
			{
				operation: 'startRecording',
				conferenceName: 'standup',
				transcribe: true,
				transcriptionUrl: 'https://n8n.example.com/webhook/t/webhook',
				transcriptionMethod: 'GET',
			},
			[{}],
		);
		expect(second.error()).toBeUndefined();
		expect(scope.isDone()).toBe(true);
	});

	// Pacing alone sets the pace: a window's 300 requests leave together, not in waves.
	it("has a whole window's 300 requests in flight at once", async () => {
		// Its own account address: its own pacer, untouched by the other tests' requests.
		const base = 'https://window.api.plivo.com';
		let inFlight = 0;
		let most = 0;
		const scope = nock(base)
			.delete(/\/Conference\/room-\d+\/Record\/$/)
			.times(300)
			// Long enough for every request the pacer lets go to be sent before the first answer.
			.delay(1500)
			.reply(function () {
				inFlight++;
				most = Math.max(most, inFlight);
				return [202, started('r')];
			});
		scope.on('replied', () => inFlight--);

		const result = await run(
			{ operation: 'stopRecording', conferenceName: '={{ $json.name }}' },
			Array.from({ length: 300 }, (_, index) => ({ name: `room-${index}` })),
			{ baseUrl: base },
		);

		expect(result.error()).toBeUndefined();
		expect(result.output('Plivo')).toHaveLength(300);
		expect(most).toBe(300);
	}, 20_000);

	it('retries a 429 after Retry-After and succeeds', async () => {
		const scope = nock(BASE)
			.post(`${ACCOUNT}/Conference/busy/Record/`)
			.reply(429, { api_id: 'x', error: 'Too many requests' }, { 'Retry-After': '0' })
			.post(`${ACCOUNT}/Conference/busy/Record/`)
			.reply(202, started('r429'));

		const result = await run({ operation: 'startRecording', conferenceName: 'busy' }, [{}]);

		expect(result.error()).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(result.output('Plivo')[0].json).toEqual({ ...started('r429'), conference_name: 'busy' });
	});

	it('never retries a 5xx on start: a second recording could start', async () => {
		const scope = nock(BASE)
			.post(`${ACCOUNT}/Conference/flaky/Record/`)
			.once()
			.reply(503, { api_id: 'api-503', error: 'service down' });

		const result = await run({ operation: 'startRecording', conferenceName: 'flaky' }, [{}]);

		expect(scope.isDone()).toBe(true);
		const error = result.error();
		expect(error?.message).toBe('Plivo failed with 503; the recording may or may not have started');
		expect(error?.description).toContain('Plivo said: "service down"');
		expect(error?.description).toContain('Not retried automatically');
	});

	it.each([
		['conference', { resource: 'conference', conferenceName: 'flaky' }, `${ACCOUNT}/Conference/flaky/Record/`],
		['call', { resource: 'call', callUuid: { __rl: true, mode: 'id', value: 'c-1' } }, `${ACCOUNT}/Call/c-1/Record/`],
		[
			'Multi-Party Call',
			{ resource: 'multiPartyCall', mpc: { __rl: true, mode: 'name', value: 'Support' } },
			`${ACCOUNT}/MultiPartyCall/name_Support/Record/`,
		],
	])(
		'a 5xx on a %s recording start says what to check before running the item again',
		async (subject, parameters, path) => {
			const scope = nock(BASE).post(path).once().reply(500, { error: 'internal' });

			const result = await run({ operation: 'startRecording', ...parameters }, [{}]);

			expect(scope.isDone()).toBe(true);
			expect(result.error()?.description).toContain(`Check the ${subject} in the Plivo console`);
		},
	);

	// A real connection that Plivo's side closes without an answer (nock's emulated hang-up emits
	// its socket error late, into whatever test runs next on a busy machine).
	it('never retries a connection failure on start', async () => {
		let connections = 0;
		const hangsUp = net.createServer((socket) => {
			connections++;
			socket.destroy();
		});
		await new Promise<void>((resolve) => hangsUp.listen(0, '127.0.0.1', resolve));
		nock.enableNetConnect('127.0.0.1');
		try {
			const baseUrl = `http://127.0.0.1:${(hangsUp.address() as net.AddressInfo).port}`;
			const result = await run({ operation: 'startRecording', conferenceName: 'gone' }, [{}], { baseUrl });

			expect(connections).toBe(1);
			expect(result.error()?.message).toContain('Could not reach Plivo');
			expect(result.error()?.description).toContain('may or may not have started');
		} finally {
			nock.disableNetConnect();
			await new Promise((resolve) => hangsUp.close(resolve));
		}
	});

	it.each([
		[
			401,
			{ api_id: 'a401', error: 'Authentication credentials invalid' },
			'Plivo rejected the credentials (401)',
			'Check the Auth ID and Auth Token',
		],
		[
			404,
			{ api_id: 'a404', error: 'Conference not found' },
			'Plivo has no live conference of that name (404)',
			'Plivo said: "Conference not found"',
		],
		[
			400,
			{ api_id: 'a400', error: 'file_format must be mp3 or wav' },
			'Plivo rejected the request: file_format must be mp3 or wav',
			'Check the node',
		],
	])("turns a %i into a NodeApiError with Plivo's own message", async (status, body, message, description) => {
		nock(BASE).post(`${ACCOUNT}/Conference/c/Record/`).reply(status, body);

		const result = await run({ operation: 'startRecording', conferenceName: 'c' }, [{}]);

		const error = result.error();
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe(message);
		expect(error?.description).toContain(description);
		expect(error?.httpCode).toBe(String(status));
		expect(JSON.stringify(result.run.data)).not.toContain(AUTH_TOKEN);
	});

	it('keeps a non-JSON error body readable', async () => {
		nock(BASE).post(`${ACCOUNT}/Conference/c/Record/`).reply(502, '<html>Bad gateway</html>', {
			'Content-Type': 'text/html',
		});

		const result = await run({ operation: 'startRecording', conferenceName: 'c' }, [{}]);

		expect(result.error()?.description).toContain('<html>Bad gateway</html>');
	});

	it('with Continue On Fail, a failed item becomes an error item and the others go on', async () => {
		const scope = nock(BASE)
			.post(`${ACCOUNT}/Conference/one/Record/`)
			.reply(202, started('r1'))
			.post(`${ACCOUNT}/Conference/two/Record/`)
			.reply(404, { api_id: 'a', error: 'Conference not found' })
			.post(`${ACCOUNT}/Conference/four/Record/`)
			.reply(202, started('r4'));

		const result = await run(
			{ operation: 'startRecording', conferenceName: '={{ $json.name }}' },
			[{ name: 'one' }, { name: 'two' }, { name: '  ' }, { name: 'four' }],
			{ continueOnFail: true },
		);

		expect(scope.isDone()).toBe(true);
		expect(result.error()).toBeUndefined();
		const output = result.output('Plivo');
		expect(output.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(output[0].json.recording_id).toBe('r1');
		expect(output[1].json.error).toBe('Plivo has no live conference of that name (404)');
		expect(output[2].json.error).toBe('Conference Name is empty (item 2)');
		expect(output[3].json.recording_id).toBe('r4');
	});
});

describe('the credential', () => {
	it('is read once per execution, not once per request, and still authenticates every request', async () => {
		const names = Array.from({ length: 5 }, (_, index) => `Room ${index}`);
		const scope = nock(BASE);
		for (const name of names) {
			scope
				.post(`${ACCOUNT}/Conference/${encodeURIComponent(name)}/Record/`)
				.basicAuth(BASIC)
				.reply(202, started(name));
		}

		const result = await run(
			{ operation: 'startRecording', conferenceName: '={{ $json.name }}' },
			names.map((name) => ({ name })),
		);

		expect(result.error()).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(result.credentialReads()).toBe(1);
	});
});

describe('bad input never reaches Plivo', () => {
	it.each([
		[{ conferenceName: '={{ $json.nothing }}' }, 'Conference Name is empty (item 0)'],
		[{ conferenceName: '   ' }, 'Conference Name is empty (item 0)'],
		[
			{ conferenceName: 'c', callbackUrl: 'ftp://example.com/x' },
			'Callback URL is not an absolute http(s) URL: "ftp://example.com/x" (item 0)',
		],
		[
			{ conferenceName: 'c', callbackUrl: '/webhook/abc' },
			'Callback URL is not an absolute http(s) URL: "/webhook/abc" (item 0)',
		],
		[
			{ conferenceName: 'c', transcribe: true, transcriptionUrl: 'example.com/t' },
			'Transcription URL is not an absolute http(s) URL: "example.com/t" (item 0)',
		],
		[
			{ conferenceName: 'c', callbackUrl: 'https://x.example/cb', callbackDelivery: { connectionTimeout: 50 } },
			'Connection Timeout (Milliseconds) must be a whole number from 100 to 10000, not "50" (item 0)',
		],
		[
			{ conferenceName: 'c', callbackUrl: 'https://x.example/cb', callbackDelivery: { retryCount: 6 } },
			'Retry Count must be a whole number from 0 to 5, not "6" (item 0)',
		],
		[
			{ conferenceName: 'c', callbackUrl: 'https://x.example/cb#x', callbackDelivery: { retryCount: 2 } },
			'Callback URL already has a "#" part (item 0)',
		],
	])('%j fails with a clear error and sends nothing', async (parameters, message) => {
		// No interceptor and no network: any request would fail with a different error.
		const result = await run({ operation: 'startRecording', ...parameters }, [{}]);

		expect(result.error()?.name).toBe('NodeOperationError');
		expect(result.error()?.message).toBe(message);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('without Continue On Fail, one bad item stops the whole batch before any request', async () => {
		const scope = nock(BASE).post(`${ACCOUNT}/Conference/ok/Record/`).reply(202, started('r'));

		const result = await run({ operation: 'startRecording', conferenceName: '={{ $json.name }}' }, [
			{ name: 'ok' },
			{ name: '' },
		]);

		expect(result.error()?.message).toBe('Conference Name is empty (item 1)');
		expect(scope.isDone()).toBe(false);
	});
});

describe('the operation contract', () => {
	it('an unknown operation fails naming it and the ones that exist, and sends nothing', async () => {
		const scope = nock(BASE).post(/.*/).reply(202, started('r'));

		const result = await run({ operation: 'startRecordingTypo', conferenceName: 'x' }, [{}]);

		expect(result.error()?.message).toBe('Unknown operation "startRecordingTypo" (item 0)');
		expect((result.error() as { description?: string }).description).toBe(
			'Choose one of: startRecording, stopRecording.',
		);
		expect(scope.isDone()).toBe(false);
	});
});

describe('Stop Conference Recording', () => {
	it('sends DELETE to the encoded conference and reports it stopped', async () => {
		const scope = nock(BASE)
			.delete(`${ACCOUNT}/Conference/${encodeURIComponent('Board / Q3')}/Record/`)
			.basicAuth(BASIC)
			.reply(204);

		const result = await run({ operation: 'stopRecording', conferenceName: 'Board / Q3' }, [{}]);

		expect(result.error()).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(result.output('Plivo')).toEqual([
			{ json: { conference_name: 'Board / Q3', stopped: true }, pairedItem: { item: 0 } },
		]);
	});

	it('uses the base URL of the credential', async () => {
		const scope = nock('http://127.0.0.1:9999').delete(`${ACCOUNT}/Conference/x/Record/`).reply(204);

		const result = await run({ operation: 'stopRecording', conferenceName: 'x' }, [{}], {
			baseUrl: 'http://127.0.0.1:9999/',
		});

		expect(result.error()).toBeUndefined();
		expect(scope.isDone()).toBe(true);
	});
});

describe('Wait for Recording to Finish', () => {
	it('gives Plivo the execution resume URL and puts the execution to wait', async () => {
		const scope = nock(BASE)
			.post(`${ACCOUNT}/Conference/wait/Record/`, {
				file_format: 'mp3',
				callback_url: 'http://127.0.0.1/webhook-waiting/1#rc=0',
				callback_method: 'POST',
			})
			.basicAuth(BASIC)
			.reply(202, started('rw'));

		const result = await run(
			{
				operation: 'startRecording',
				conferenceName: 'wait',
				waitForRecording: true,
				maxWaitMinutes: 5,
				callbackUrl: 'https://ignored.example/cb',
				callbackDelivery: { retryCount: 0 },
			},
			[{}],
		);

		expect(scope.isDone()).toBe(true);
		expect(result.error()).toBeUndefined();
		expect(result.run.status).toBe('waiting');
		const waitTill = new Date(result.run.waitTill as Date).getTime();
		expect(waitTill - Date.now()).toBeGreaterThan(4 * 60_000);
		expect(waitTill - Date.now()).toBeLessThanOrEqual(5 * 60_000);
		// Until Plivo calls, what the node would give on timeout is the wait's own result.
		expect(result.run.data.executionData?.nodeExecutionStack[0].data.main[0]).toEqual([
			{
				json: { ...started('rw'), conference_name: 'wait', recording_wait: 'timed out', recording_wait_minutes: 5 },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('refuses several items before sending anything', async () => {
		const result = await run(
			{ operation: 'startRecording', conferenceName: '={{ $json.name }}', waitForRecording: true },
			[{ name: 'a' }, { name: 'b' }],
		);

		expect(result.error()?.message).toBe(
			'Wait for Recording to Finish handles one recording per execution, and this node received 2 items',
		);
	});
});
