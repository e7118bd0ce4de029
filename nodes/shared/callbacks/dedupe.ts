/**
 * The memory of callbacks already received, so that none starts two executions: Plivo's
 * retries of the same event (sent when our 200 did not reach Plivo in time), and replays of a
 * captured callback (the same signature and nonce, whatever was done to its fields). A
 * callback n8n then fails to start is forgotten again (see onCallbackNotAccepted).
 * Pure, no n8n imports. The memory is the n8n process's own: see the trigger's description.
 */

export const REMEMBER_FOR_MS = 24 * 60 * 60 * 1000;
export const REMEMBER_AT_MOST = 50_000;
/** 50000 → "50,000", without `toLocaleString` (it loads ICU data while n8n loads the package). */
const withThousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
/** The span in words, for the node's descriptions: "24 hours (at most 50,000 callbacks)". */
export const MEMORY_SPAN = `${REMEMBER_FOR_MS / 3_600_000} hours (at most ${withThousands(REMEMBER_AT_MOST)} callbacks)`;

export class RecentCallbacks {
	// Insertion order is arrival order, so the oldest entries are always first.
	private readonly seenAt = new Map<string, number>();

	constructor(
		private readonly rememberForMs = REMEMBER_FOR_MS,
		private readonly rememberAtMost = REMEMBER_AT_MOST,
		private readonly now: () => number = Date.now,
	) {}

	/** True when `key` was seen within the memory span; records it otherwise. */
	isRepeat(key: string): boolean {
		const now = this.now();
		for (const [oldKey, at] of this.seenAt) {
			if (at > now - this.rememberForMs && this.seenAt.size <= this.rememberAtMost) break;
			this.seenAt.delete(oldKey);
		}
		if (this.seenAt.has(key)) return true;
		this.seenAt.set(key, now);
		return false;
	}

	/** Drops `key`: its callback did not start an execution after all, so a retry must. */
	forget(key: string): void {
		this.seenAt.delete(key);
	}
}

/** One memory per n8n process, shared by every Plivo Recording Callback Trigger in it. */
export const recentCallbacks = new RecentCallbacks();

/**
 * The signature nonces that were already accepted, by every webhook of the package in this
 * process. A V3 signature covers the URL, the fields and the nonce, but Plivo's signing string
 * glues keys and values together with no separator, so the same signature also holds for the
 * fields cut differently ("recording_id" swallowing the next key); a nonce used once is what
 * tells a replay apart, whatever its body.
 */
export const usedNonces = new RecentCallbacks();

/** The memory key of a signature's nonce. */
export function nonceKey(version: string, nonce: string): string {
	return JSON.stringify([version, nonce]);
}

/**
 * The same event about the same recording, for the same trigger node. A repeated
 * recording_id (a list) counts as the values it holds, so `["R"]` is the same recording as
 * `"R"`; undefined when there is no recording id to tell.
 */
export function callbackKey(scope: string, event: string, fields: Record<string, unknown>): string | undefined {
	const value = fields.recording_id;
	const ids = Array.isArray(value) ? value : [value];
	if (ids.length === 0 || ids.some((id) => typeof id !== 'string' || id === '')) return undefined;
	return JSON.stringify([scope, event, ...ids]);
}
