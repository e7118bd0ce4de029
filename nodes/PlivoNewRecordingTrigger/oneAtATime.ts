/**
 * One poll at a time per trigger node in this n8n process. n8n starts the next poll on time even
 * while the last one runs (a catch-up of thousands, a slow Plivo): both would read the same place
 * and emit the same recordings. A poll that finds its node still polling emits nothing; the one
 * running moves the place. Only the leader main polls, so one process is enough.
 */
const polling = new Set<string>();

/** Runs `poll` unless a poll of `key` is running, in which case the answer is `busy`. */
export async function oneAtATime<T>(key: string, busy: T, poll: () => Promise<T>): Promise<T> {
	if (polling.has(key)) return busy;
	polling.add(key);
	try {
		return await poll();
	} finally {
		polling.delete(key);
	}
}
