import { PLIVO_RATE_LIMIT, RequestPacer } from '../../nodes/shared/transport';

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
			await pacer.acquire();
			sentAt.push(clock.now());
		}
		expect(sentAt).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
	});

	it("never lets more than Plivo's 300 requests into any 5 s window, and loses no time doing it", async () => {
		const clock = fakeClock();
		const pacer = new RequestPacer(undefined, undefined, clock.now, clock.wait);
		const sentAt: number[] = [];
		for (let i = 0; i < 1200; i++) {
			await pacer.acquire();
			sentAt.push(clock.now());
		}
		for (let i = PLIVO_RATE_LIMIT.maxRequests; i < sentAt.length; i++) {
			expect(sentAt[i] - sentAt[i - PLIVO_RATE_LIMIT.maxRequests]).toBeGreaterThanOrEqual(
				PLIVO_RATE_LIMIT.windowMs,
			);
		}
		// The fastest safe schedule starts the 4th batch of 300 at 15 s; slack is 25 ms a window.
		expect(sentAt[1199]).toBe(3 * (PLIVO_RATE_LIMIT.windowMs + 25));
	});
});
