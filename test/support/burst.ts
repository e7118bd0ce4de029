/**
 * A burst of one-item executions at once, in one process: n8n-core's WorkflowExecute (the
 * engine harness) runs the same workflow JSON `executions` times concurrently, each with one
 * conference, against the fake Plivo and its 300 / 5 s limit; as many executions start at once
 * as asked, far faster than a 2-core n8n server starts them (about 22 / s there). Used by the
 * engine test (test/engine/burst.engine.test.ts: counts only) and the benchmark (bench/burst.js:
 * counts and times).
 */
import { runWorkflow } from './engine';
import workflow from '../engine/workflows/record-one-conference.json';

/** The fake Plivo of test/support/fakePlivo, as far as a burst reads it. */
export interface BurstFake {
	baseUrl: string;
	requests: Array<{ method: string; status: number | null; at: number }>;
	recordings: Array<{ conferenceName: string; recordingId: string }>;
	stats(): { total: number; byStatus: Record<string, number>; maxInWindow: number };
}

export interface BurstResult {
	executions: number;
	/** Executions that ended with an error. */
	failed: number;
	/** The first few of their messages. */
	errors: string[];
	/** Executions whose output is the recording Plivo started for their conference. */
	succeeded: number;
	/** Requests that reached the fake Plivo, and how it answered them. */
	requests: number;
	byStatus: Record<string, number>;
	r429: number;
	maxInWindow: number;
	/** Conferences with exactly one recording, with more than one, with none. */
	startedOnce: number;
	startedTwiceOrMore: number;
	notStarted: number;
	/** From the first execution started to the last one finished (ms; the bench reads it). */
	wallMs: number;
	/** From the first request's arrival at the fake to the last one's. */
	arrivalSpanMs: number;
}

/** `executions` one-item executions at once, conference names `${prefix} <n>`. */
export async function runBurst(
	fake: BurstFake,
	options: { executions: number; prefix: string; credentials: { authId: string; authToken: string } },
): Promise<BurstResult> {
	const names = Array.from({ length: options.executions }, (_, index) => `${options.prefix} ${index + 1}`);
	const credentials = { plivoRecordingApi: { ...options.credentials, baseUrl: fake.baseUrl } };
	const requestsBefore = fake.requests.length;
	const recordingsBefore = fake.recordings.length;

	const started = Date.now();
	const runs = await Promise.all(
		names.map(async (conference) => await runWorkflow(workflow, { credentials, triggerItems: [{ conference }] })),
	);
	const wallMs = Date.now() - started;

	const requests = fake.requests.slice(requestsBefore);
	const recordings = fake.recordings.slice(recordingsBefore);
	const byStatus: Record<string, number> = {};
	for (const request of requests) byStatus[String(request.status)] = (byStatus[String(request.status)] ?? 0) + 1;
	const perName = new Map<string, number>();
	for (const recording of recordings)
		perName.set(recording.conferenceName, (perName.get(recording.conferenceName) ?? 0) + 1);
	const recordingOf = new Map(recordings.map((recording) => [recording.conferenceName, recording.recordingId]));

	const failures = runs.map((run) => run.error()).filter((error) => error !== undefined);
	const succeeded = runs.filter((run, index) => {
		const [item] = run.output('Start Conference Recording');
		return run.error() === undefined && item !== undefined && item.json.recording_id === recordingOf.get(names[index]);
	}).length;
	const arrivals = requests.map((request) => request.at);

	return {
		executions: options.executions,
		failed: failures.length,
		errors: [...new Set(failures.map((error) => error.message))].slice(0, 5),
		succeeded,
		requests: requests.length,
		byStatus,
		r429: byStatus['429'] ?? 0,
		maxInWindow: fake.stats().maxInWindow,
		startedOnce: names.filter((name) => perName.get(name) === 1).length,
		startedTwiceOrMore: names.filter((name) => (perName.get(name) ?? 0) > 1).length,
		notStarted: names.filter((name) => !perName.has(name)).length,
		wallMs,
		arrivalSpanMs: arrivals.length ? Math.max(...arrivals) - Math.min(...arrivals) : 0,
	};
}
