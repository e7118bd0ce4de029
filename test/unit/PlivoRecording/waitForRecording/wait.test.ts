import type { IExecuteFunctions } from 'n8n-workflow';

import { waitForRecording } from '../../../../nodes/PlivoRecording/waitForRecording/wait';

const context = (parameters: Record<string, unknown> = {}) =>
	({
		getNode: () => ({ id: 'p', name: 'Plivo', type: 't', typeVersion: 1.1, position: [0, 0], parameters: {} }),
		getNodeParameter: (name: string, _item: number, fallback: unknown) => parameters[name] ?? fallback,
	}) as unknown as IExecuteFunctions;

describe('check: when a run cannot wait', () => {
	it("an AI agent's tool call is refused, pointing to the Callback Trigger", () => {
		let error: (Error & { description?: string }) | undefined;
		try {
			waitForRecording.check.call(context(), { itemCount: 1, asTool: true });
		} catch (thrown) {
			error = thrown as Error & { description?: string };
		}
		expect(error?.message).toMatch(/^Wait for Recording to Finish cannot run as an AI agent's tool/);
		expect(error?.message).toContain('Nothing was sent to Plivo');
		expect(error?.description).toContain('Plivo Recording Callback Trigger');
	});

	it('more than one item is refused; one item in a workflow waits', () => {
		expect(() => waitForRecording.check.call(context(), { itemCount: 2, asTool: false })).toThrow(
			'Wait for Recording to Finish handles one recording per execution, and this node received 2 items',
		);
		expect(() => waitForRecording.check.call(context(), { itemCount: 1, asTool: false })).not.toThrow();
	});
});

describe('isOn: the option, however it was written', () => {
	it.each([
		[true, true],
		['true', true],
		['false', false],
		[false, false],
		[undefined, false],
	])('%j is %j', (value, expected) => {
		expect(waitForRecording.isOn.call(context({ waitForRecording: value }))).toBe(expected);
	});
});
