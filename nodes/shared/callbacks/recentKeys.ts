/**
 * A memory of keys seen recently, in the n8n process: how both callback memories (the nonces
 * already used, replay.ts, and the events already started, duplicates.ts) remember, and how
 * the credential memory drops what it kept too long. Pure, no n8n imports.
 */

export const REMEMBER_FOR_MS = 24 * 60 * 60 * 1000;
export const REMEMBER_AT_MOST = 50_000;
/** 50000 → "50,000", without `toLocaleString` (it loads ICU data while n8n loads the package). */
const withThousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
/** The span in words, for the node's descriptions: "24 hours (at most 50,000 callbacks)". */
export const MEMORY_SPAN = `${REMEMBER_FOR_MS / 3_600_000} hours (at most ${withThousands(REMEMBER_AT_MOST)} callbacks)`;

/**
 * Drops the oldest entries of a map kept in insertion order (oldest first) until the oldest is
 * still fresh and the map holds at most `atMost`. `drop` removes one key (and whatever goes with it).
 */
export function dropOldest<V>(
	entries: Map<string, V>,
	isFresh: (value: V) => boolean,
	atMost: number,
	drop: (key: string) => void = (key) => entries.delete(key),
): void {
	for (const [key, value] of entries) {
		if (isFresh(value) && entries.size <= atMost) break;
		drop(key);
	}
}

export class RecentKeys {
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
		dropOldest(this.seenAt, (at) => at > now - this.rememberForMs, this.rememberAtMost);
		if (this.seenAt.has(key)) return true;
		this.seenAt.set(key, now);
		return false;
	}

	/** Drops `key`: its callback did not start an execution after all, so a retry must. */
	forget(key: string): void {
		this.seenAt.delete(key);
	}
}
