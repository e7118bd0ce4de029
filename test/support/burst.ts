/**
 * A burst of one-item executions at once, in one process: n8n-core's WorkflowExecute (the
 * engine harness) runs the same workflow JSON `executions` times concurrently, each with one
 * conference, against the fake Plivo and its 300 / 5 s limit; as many executions start at once
 * as asked, far faster than a 2-core n8n server starts them (about 22 / s there). Used by the
 * engine test (test/engine/burst.engine.test.ts: counts only) and the benchmark (bench/burst.js:
 * counts and times).
 */
import { runWorkflow } from './engine';
import { markFake, tallyBurst, type Tally } from '../../tools/fakePlivo';
import workflow from '../engine/workflows/record-one-conference.json';

/** The fake Plivo of tools/fakePlivo, as far as a burst reads it. */
export interface BurstFake {
	baseUrl: string;
	requests: Array<{ method: string; status: number | null; at: number }>;
	recordings: Array<{ conferenceName: string; recordingId: string }>;
	stats(): { total: number; byStatus: Record<string, number>; maxInWindow: number };
}

/** What the fake saw (requests, 429s, recordings started once / twice / never), and the executions. */
export interface BurstResult extends Tally {
	executions: number;
	/** Executions that ended with an error. */
	failed: number;
	/** The first few of their messages. */
	errors: string[];
	/** Executions whose output is the recording Plivo started for their conference. */
	succeeded: number;
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
	const mark = markFake(fake);

	const started = Date.now();
	const runs = await Promise.all(
		names.map(async (conference) => await runWorkflow(workflow, { credentials, triggerItems: [{ conference }] })),
	);
	const wallMs = Date.now() - started;

	const tally = tallyBurst(fake, mark, names);
	const recordingOf = new Map(
		fake.recordings.slice(mark.recordings).map((recording) => [recording.conferenceName, recording.recordingId]),
	);

	const failures = runs.map((run) => run.error()).filter((error) => error !== undefined);
	const succeeded = runs.filter((run, index) => {
		const [item] = run.output('Start Conference Recording');
		return run.error() === undefined && item !== undefined && item.json.recording_id === recordingOf.get(names[index]);
	}).length;

	return {
		executions: options.executions,
		failed: failures.length,
		errors: [...new Set(failures.map((error) => error.message))].slice(0, 5),
		succeeded,
		...tally,
		wallMs,
		arrivalSpanMs: tally.requests > 0 ? tally.lastArrival - tally.firstArrival : 0,
	};
}
