/**
 * Ignore Duplicate Callbacks (callbacks/duplicates.ts, through the trigger): a repeat of an event
 * already started starts nothing; the memory both callback memories use (recentKeys.ts).
 */
import { PlivoRecordingTrigger } from '../../../../nodes/PlivoRecordingTrigger/PlivoRecordingTrigger.node';
import {
	MEMORY_SPAN,
	RecentKeys,
	REMEMBER_AT_MOST,
	REMEMBER_FOR_MS,
} from '../../../../nodes/shared/callbacks/recentKeys';
import { runTrigger, unsignedRecordingCallback as callback } from '../../../support/webhookContext';

const run = runTrigger;

describe('Ignore Duplicate Callbacks', () => {
	/** A Multi-Party Call recording's step, as Plivo reports it to recording_callback_url. */
	const mpcStep = (EventName: string, SequenceNumber: string, nodeId: string) => ({
		...callback('rec-mpc', { nodeId }),
		body: { EventName, SequenceNumber, MPCName: 'Support 42', MPCUUID: 'mpc-1', RecordingUUID: 'rec-mpc' },
		parameters: { verifySignature: false, events: ['recordingPaused', 'recordingResumed'] },
	});

	it('tells the steps of one Multi-Party Call recording apart by event and sequence number; a repeat of one starts nothing', async () => {
		const nodeId = 'node-dup-mpc';
		const outcomes = [];
		for (const [name, sequence] of [
			['MPCRecordingPaused', '2'],
			['MPCRecordingResumed', '3'],
			['MPCRecordingPaused', '4'],
			['MPCRecordingPaused', '4'],
			['MPCRecordingResumed', '3'],
		]) {
			outcomes.push((await run(mpcStep(name, sequence, nodeId))).result.workflowData !== undefined);
		}

		expect(outcomes).toEqual([true, true, true, false, false]);
	});

	it('handles a Number Masking session’s recording events as a Multi-Party Call’s: event and sequence number', async () => {
		const nodeId = 'node-dup-masking';
		const step = (EventName: string, SequenceNumber: string, RecordingUUID = 'rec-mask') => ({
			...callback(RecordingUUID, { nodeId }),
			body: { EventName, SequenceNumber, SessionUUID: 'session-1', VirtualNumber: '14155550300', RecordingUUID },
			parameters: { verifySignature: false, events: ['recordingStarted', 'recording', 'recordingFailed'] },
		});
		const outcomes = [];
		for (const [name, sequence, id] of [
			['SessionRecordingInitiated', '1', 'rec-mask'],
			['SessionRecordingCompleted', '2', 'rec-mask'],
			['SessionRecordingCompleted', '2', 'rec-mask'],
			['SessionRecordingInitiated', '1', 'rec-mask'],
			['SessionRecordingInitiated', '1', 'rec-mask-next-call'],
			['SessionRecordingFailed', '1', 'rec-mask-failed'],
			['SessionRecordingFailed', '1', 'rec-mask-failed'],
		]) {
			outcomes.push((await run(step(name, sequence, id))).result.workflowData !== undefined);
		}

		expect(outcomes).toEqual([true, true, false, false, true, true, false]);
	});

	it('a repeat of the same event for the same recording is answered 200 and starts nothing', async () => {
		const nodeId = 'node-dup-1';
		const first = await run(callback('rec-dup', { nodeId }));
		const repeat = await run(callback('rec-dup', { nodeId }));

		expect(first.result.workflowData).toHaveLength(1);
		expect(repeat.response).toMatchObject({ status: 200, body: 'OK' });
		expect(repeat.result).toEqual({ noWebhookResponse: true });
	});

	it("forgets a callback n8n could not start (an error answer, or none), so Plivo's retry starts it", async () => {
		const nodeId = 'node-dup-5';
		const failed = await run(callback('rec-retry', { nodeId }));
		failed.n8nAnswers(500);
		const retry = await run(callback('rec-retry', { nodeId }));
		retry.n8nAnswers(undefined);
		const secondRetry = await run(callback('rec-retry', { nodeId }));
		secondRetry.n8nAnswers(200);
		const repeat = await run(callback('rec-retry', { nodeId }));

		expect(failed.result.workflowData).toHaveLength(1);
		expect(retry.result.workflowData).toHaveLength(1);
		expect(secondRetry.result.workflowData).toHaveLength(1);
		expect(repeat.result).toEqual({ noWebhookResponse: true });
		expect(repeat.response).toMatchObject({ status: 200, body: 'OK' });
	});

	it('the transcription of a recording is another event; another trigger node has its own memory', async () => {
		const nodeId = 'node-dup-2';
		await run(callback('rec-x', { nodeId }));
		const transcription = await run({
			...callback('rec-x', { nodeId }),
			body: { recording_id: 'rec-x', transcription: 'hello', transcription_charge: '0.05' },
		});
		const otherNode = await run(callback('rec-x', { nodeId: 'node-dup-3' }));

		expect(transcription.result.workflowData?.[0][0].json.event).toBe('transcription');
		expect(otherNode.result.workflowData).toHaveLength(1);
	});

	it('is off when the option is off, and never applies to test-URL calls', async () => {
		const nodeId = 'node-dup-4';
		await run(callback('rec-y', { nodeId }));
		const optionOff = await run(callback('rec-y', { nodeId, parameters: { ignoreDuplicates: false } }));
		const testCall = await run(callback('rec-y', { nodeId, mode: 'manual' }));

		expect(optionOff.result.workflowData).toHaveLength(1);
		expect(testCall.result.workflowData).toHaveLength(1);
	});

	it('forgets after its memory span, and keeps at most its maximum', () => {
		let now = 0;
		const memory = new RecentKeys(1000, 2, () => now);
		expect(memory.isRepeat('a')).toBe(false);
		expect(memory.isRepeat('a')).toBe(true);
		now = 1001;
		expect(memory.isRepeat('a')).toBe(false);
		memory.isRepeat('b');
		memory.isRepeat('c');
		memory.isRepeat('d');
		expect(memory.isRepeat('a')).toBe(false);
		memory.forget('a');
		expect(memory.isRepeat('a')).toBe(false);
		expect(memory.isRepeat('a')).toBe(true);
	});
});

describe('the memory’s limits, as the node says them', () => {
	it('are the constants the memory uses, written once', () => {
		const properties = new PlivoRecordingTrigger().description.properties;
		const ignoreDuplicates = properties.find((property) => property.name === 'ignoreDuplicates');
		expect(MEMORY_SPAN).toBe(`${REMEMBER_FOR_MS / 3_600_000} hours (at most 50,000 callbacks)`);
		expect(REMEMBER_FOR_MS).toBe(24 * 60 * 60 * 1000);
		expect(REMEMBER_AT_MOST).toBe(50_000);
		expect(ignoreDuplicates?.description).toContain(`Remembered for ${MEMORY_SPAN}`);
	});
});
