/**
 * Plivo counts its 300 requests per 5 s per account, so the action's pacer is one per account
 * in the n8n process (plivo/pacer.ts accountPacer), shared by every execution. Here 900
 * one-item executions of the same workflow JSON start at once in one process (n8n-core's
 * WorkflowExecute, over real HTTP to the fake Plivo and its limit): none may provoke a 429,
 * none may fail, each recording starts once. Counts only: how long it takes is the benchmark's
 * (bench/burst.js), never asserted here.
 */
import * as pacer from '../../nodes/shared/transport/pacer';
import { runBurst } from '../support/burst';
import { startFakePlivo } from '../../tools/fakePlivo';

const ACCOUNT = { authId: 'MABURST0000000000001', authToken: 'burst-test-token-0123456789abcdef' };
const EXECUTIONS = 900;
// A limit, not a measurement: 900 requests at 300 / 5 s take about 10 s.
const GENEROUS_LIMIT_MS = 180_000;

describe(`${EXECUTIONS} one-item executions at once, one Plivo account (300 requests / 5 s)`, () => {
	let fake: Awaited<ReturnType<typeof startFakePlivo>>;

	beforeAll(async () => {
		// Plivo's documented limit, written out here rather than taken from the pacer under test.
		fake = await startFakePlivo({ port: 0, ...ACCOUNT, latencyMs: 20, rateLimit: { max: 300, windowMs: 5000 } });
	});
	afterAll(async () => await fake.close());
	afterEach(() => jest.restoreAllMocks());

	it(
		'share one pacer: no 429, none failed, every recording started once',
		async () => {
			const burst = await runBurst(fake, { executions: EXECUTIONS, prefix: 'Burst', credentials: ACCOUNT });

			expect({ failed: burst.failed, errors: burst.errors }).toEqual({ failed: 0, errors: [] });
			expect(burst.r429).toBe(0);
			expect(burst.byStatus).toEqual({ 202: EXECUTIONS });
			expect(burst.maxInWindow).toBeLessThanOrEqual(300);
			expect({ once: burst.startedOnce, twice: burst.startedTwiceOrMore, none: burst.notStarted }).toEqual({
				once: EXECUTIONS,
				twice: 0,
				none: 0,
			});
			expect(burst.succeeded).toBe(EXECUTIONS);
		},
		GENEROUS_LIMIT_MS,
	);

	it(
		'control: with one pacer per execution (as before), the same kind of burst does provoke 429s',
		async () => {
			fake.reset();
			jest.spyOn(pacer, 'accountPacer').mockImplementation(() => new pacer.RequestPacer());
			const burst = await runBurst(fake, { executions: 400, prefix: 'Control', credentials: ACCOUNT });

			// What the shared pacer prevents: the executions together go over Plivo's limit.
			expect(burst.r429).toBeGreaterThan(0);
			// 429s are retried (Plivo rejected them: nothing started), so still nothing twice.
			expect(burst.startedTwiceOrMore).toBe(0);
		},
		GENEROUS_LIMIT_MS,
	);
});
