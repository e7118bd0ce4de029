/**
 * Get Many (Return All) against the fake Plivo while recordings keep arriving: Plivo lists
 * newest first by offset, so without a snapshot every recording added between two pages
 * shifts the later ones (one comes out twice). The list is pinned to its first page: every
 * recording that existed when it started comes out exactly once, and none twice.
 */
import { AUTH_ID, AUTH_TOKEN, runAction } from '../support/actionWorkflow';
import { startFakePlivo } from '../../tools/fakePlivo';

describe('Recording → Get Many, Return All, while recordings arrive', () => {
	let fake: Awaited<ReturnType<typeof startFakePlivo>>;

	beforeAll(async () => {
		fake = await startFakePlivo({ port: 0, authId: AUTH_ID, authToken: AUTH_TOKEN, latencyMs: 40, rateLimit: null });
	});
	afterAll(async () => await fake.close());

	it('outputs every recording that existed at the start exactly once, and none twice', async () => {
		const now = Date.now();
		// 300 recordings of the last hour (15 pages), one every 10 s.
		const originals = Array.from({ length: 300 }, (_, index) =>
			fake.addRecording({ addedAt: now - 3_600_000 + index * 10_000 }),
		);
		// Meanwhile new recordings keep arriving, one every 5 ms, newer than all of them.
		const arriving = setInterval(() => fake.addRecording({ addedAt: Date.now() }), 5);
		let output;
		try {
			output = (
				await runAction({ resource: 'recording', operation: 'getAll', returnAll: true }, [{}], {
					baseUrl: fake.baseUrl,
				})
			).output('Plivo');
		} finally {
			clearInterval(arriving);
		}
		const listed = fake.requests.filter((request: { path: string }) => request.path.endsWith('/Recording/'));
		expect(listed.length).toBeGreaterThan(1);
		// Recordings did arrive while the pages were read.
		const firstAnswered = Math.min(...listed.map((request: { at: number }) => request.at)) + 40;
		expect(fake.recordings.some((recording) => recording.addedAt > firstAnswered)).toBe(true);

		const ids = output.map((item) => item.json.recording_id as string);
		expect(ids.length - new Set(ids).size).toBe(0);
		const missing = originals.filter((recording) => !ids.includes(recording.recordingId));
		expect(missing).toEqual([]);
	});
});
