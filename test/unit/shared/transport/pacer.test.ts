import { accountPacer, PLIVO_RATE_LIMIT, RequestPacer } from '../../../../nodes/shared/transport/pacer';

/** A clock that only moves when the pacer waits, so schedules are exact and instant. */
function fakeClock() {
	let now = 0;
	return {
		now: () => now,
		wait: async (ms: number) => {
			now += Math.max(ms, 0);
		},
	};
}

describe('RequestPacer', () => {
	it('sends at once while the window has room, then exactly when a slot frees', async () => {
		const clock = fakeClock();
		const pacer = new RequestPacer(3, 1000, clock.now, clock.wait);
		const sentAt: number[] = [];
		for (let i = 0; i < 7; i++) {
			const release = await pacer.acquire();
			sentAt.push(clock.now());
			release();
		}
		expect(sentAt).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
	});

	// Plivo's documented limit, written out: a constant edited to 4 s or 301 fails here.
	it("defaults to Plivo's limit: 300 requests per 5 s", () => {
		expect(PLIVO_RATE_LIMIT).toEqual({ maxRequests: 300, windowMs: 5000 });
	});

	it("never lets more than Plivo's 300 requests into any 5 s window, and loses no time doing it", async () => {
		const clock = fakeClock();
		const pacer = new RequestPacer(undefined, undefined, clock.now, clock.wait);
		const sentAt: number[] = [];
		for (let i = 0; i < 1200; i++) {
			const release = await pacer.acquire();
			sentAt.push(clock.now());
			release();
		}
		for (let i = 300; i < sentAt.length; i++) {
			expect(sentAt[i] - sentAt[i - 300]).toBeGreaterThanOrEqual(5000);
		}
		// Answers that come back at once: the 4th batch of 300 starts at exactly 15 s, the best schedule.
		expect(sentAt[1199]).toBe(15_000);
	});

	it('counts a request from its answer, and holds its slot while it is in flight', async () => {
		let now = 0;
		const waits: number[] = [];
		const pacer = new RequestPacer(
			2,
			1000,
			() => now,
			async (ms) => {
				waits.push(ms);
				now += ms;
			},
		);
		const first = await pacer.acquire();
		const second = await pacer.acquire();
		let thirdAt: number | undefined;
		const third = pacer.acquire().then((release) => {
			thirdAt = now;
			return release;
		});
		await new Promise((resolve) => setImmediate(resolve));
		// Both in flight: nothing to time, the third waits for an answer.
		expect([thirdAt, waits]).toEqual([undefined, []]);

		now = 300; // the first answer arrives 300 ms after it was sent
		first();
		first(); // a second call changes nothing
		(await third)();
		expect(thirdAt).toBe(1300);
		second();
		expect(waits).toEqual([1000]);
	});

	it("stays under Plivo's limit at arrival whatever the delays: slow sends, fast answers", async () => {
		// Simulates 900 requests, each arriving at Plivo some random time after acquire() and
		// answered some time after arriving; checks every 5 s window of arrivals.
		let now = 0;
		const timers: Array<{ at: number; run: () => void }> = [];
		const pacer = new RequestPacer(
			undefined,
			undefined,
			() => now,
			async (ms) => {
				await new Promise<void>((resolve) => timers.push({ at: now + ms, run: resolve }));
			},
		);
		let seed = 7;
		const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
		const arrivals: number[] = [];
		const inFlight = Array.from({ length: 900 }, async () => {
			const release = await pacer.acquire();
			const arrival = now + random() * 400;
			await new Promise<void>((resolve) => timers.push({ at: arrival, run: resolve }));
			arrivals.push(now);
			await new Promise<void>((resolve) => timers.push({ at: now + random() * 200, run: resolve }));
			release();
		});
		const done = Promise.all(inFlight);
		let finished = false;
		void done.then(() => (finished = true));
		while (!finished) {
			await new Promise((resolve) => setImmediate(resolve));
			timers.sort((a, b) => a.at - b.at);
			const next = timers.shift();
			if (next) {
				now = Math.max(now, next.at);
				next.run();
			}
		}
		arrivals.sort((a, b) => a - b);
		expect(arrivals).toHaveLength(900);
		for (let i = PLIVO_RATE_LIMIT.maxRequests; i < arrivals.length; i++) {
			expect(arrivals[i] - arrivals[i - PLIVO_RATE_LIMIT.maxRequests]).toBeGreaterThanOrEqual(
				PLIVO_RATE_LIMIT.windowMs,
			);
		}
	});
});

describe('accountPacer', () => {
	it('is one pacer per account (API address and Auth ID), shared by every caller in the process', () => {
		const first = accountPacer('https://api.plivo.com', 'MAAAAAAAAAAAAAAAAAAA');
		expect(accountPacer('https://api.plivo.com', 'MAAAAAAAAAAAAAAAAAAA')).toBe(first);
		expect(accountPacer('https://api.plivo.com', 'MABBBBBBBBBBBBBBBBBB')).not.toBe(first);
		expect(accountPacer('http://127.0.0.1:8787', 'MAAAAAAAAAAAAAAAAAAA')).not.toBe(first);
	});
});
