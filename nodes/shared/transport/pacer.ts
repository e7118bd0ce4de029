import { sleep } from 'n8n-workflow';

/**
 * The account's request budget: Plivo allows 300 API requests per 5 seconds per account
 * (its documented limit), counted when they arrive.
 */
/** Plivo's documented limit: 300 API requests per 5 seconds per account. */
export const PLIVO_RATE_LIMIT = { maxRequests: 300, windowMs: 5000 };

/**
 * Requests one execution keeps in flight at once: a whole window's worth, so that a window's
 * 300 leave together as soon as the pacer lets them and pacing alone sets the pace (with 100,
 * each window took three round trips to send). It adds nothing to what Plivo may see: a
 * request in flight holds its pacer slot, so the account never has more than 300 in flight.
 */
export const MAX_CONCURRENT_REQUESTS = PLIVO_RATE_LIMIT.maxRequests;

/** Gives the request's slot back; call once, when its answer (or failure) has arrived. */
export type ReleaseSlot = () => void;

/**
 * Sliding-window pacer for Plivo's limit (300 requests per 5 s, counted when they arrive).
 * When a request arrives is unknown here, but it is before its answer comes back; so a
 * request holds its slot while in flight and for one window after its answer. Whatever the
 * network or n8n's load delays, no window at Plivo ever holds more than `maxRequests`; the
 * price is one round trip per window over the theoretical best schedule.
 */
export class RequestPacer {
	/** When each slot stops counting: Infinity while its request is in flight. */
	private readonly slots: Array<{ countsUntil: number }> = [];
	/** Acquirers in arrival order: the first gets the next free slot. */
	private readonly queue: Array<(release: ReleaseSlot) => void> = [];
	private timerPending = false;

	constructor(
		private readonly maxRequests = PLIVO_RATE_LIMIT.maxRequests,
		private readonly windowMs = PLIVO_RATE_LIMIT.windowMs,
		private readonly now: () => number = Date.now,
		private readonly wait: (ms: number) => Promise<void> = sleep,
	) {}

	async acquire(): Promise<ReleaseSlot> {
		return await new Promise<ReleaseSlot>((resolve) => {
			this.queue.push(resolve);
			this.grant();
		});
	}

	/** Hands free slots to the queue; else waits for the soonest slot to stop counting, or for an answer. */
	private grant(): void {
		const now = this.now();
		for (let i = this.slots.length - 1; i >= 0; i--) {
			if (this.slots[i].countsUntil <= now) this.slots.splice(i, 1);
		}
		while (this.queue.length > 0 && this.slots.length < this.maxRequests) {
			const slot = { countsUntil: Infinity };
			this.slots.push(slot);
			(this.queue.shift() as (release: ReleaseSlot) => void)(this.releaser(slot));
		}
		if (this.queue.length === 0 || this.timerPending) return;
		const soonest = Math.min(...this.slots.map((slot) => slot.countsUntil));
		// All in flight: the next answer calls grant().
		if (!Number.isFinite(soonest)) return;
		this.timerPending = true;
		void this.wait(soonest - now).then(() => {
			this.timerPending = false;
			this.grant();
		});
	}

	private releaser(slot: { countsUntil: number }): ReleaseSlot {
		let released = false;
		return () => {
			if (released) return;
			released = true;
			slot.countsUntil = this.now() + this.windowMs;
			this.grant();
		};
	}
}

/**
 * One pacer per Plivo account in this n8n process, shared by every execution and every node of
 * this package: Plivo counts its limit per account, so executions that each believed they had
 * the whole 300 / 5 s would together go over it. Keyed by the API address and Auth ID (a
 * handful of accounts at most, so none is ever dropped). Each n8n process (a queue-mode worker)
 * has its own.
 */
const accountPacers = new Map<string, RequestPacer>();

export function accountPacer(baseUrl: string, authId: string): RequestPacer {
	const key = JSON.stringify([baseUrl, authId]);
	let pacer = accountPacers.get(key);
	if (pacer === undefined) {
		pacer = new RequestPacer();
		accountPacers.set(key, pacer);
	}
	return pacer;
}
