/**
 * Runs tasks with at most `limit` in flight, taking them in order; stops taking new ones once
 * `stop()` says so (the items already started still finish). How fast requests may leave is
 * the pacer's business, not the pool's.
 */
export async function runPooled(
	tasks: number[],
	limit: number,
	run: (task: number) => Promise<void>,
	stop: () => boolean = () => false,
): Promise<void> {
	const queue = [...tasks];
	const worker = async () => {
		for (let next = queue.shift(); next !== undefined && !stop(); next = queue.shift()) await run(next);
	};
	await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, worker));
}
