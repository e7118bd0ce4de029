import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { runsAsTool, toolMessage } from '../../../../nodes/PlivoRecording/actions/asTool';
import { itemError } from '../../../../nodes/PlivoRecording/actions/itemError';

const node = (type: string) => ({
	id: 'p',
	name: 'Plivo',
	type,
	typeVersion: 1.1,
	position: [0, 0] as [number, number],
	parameters: {},
});
const context = (type: string) => ({ getNode: () => node(type) }) as unknown as IExecuteFunctions;

describe('runsAsTool', () => {
	it('is true for the tool variant n8n gives an AI agent, false for the node in a workflow', () => {
		expect(runsAsTool(context('n8n-nodes-plivo-recording.plivoRecordingTool'))).toBe(true);
		expect(runsAsTool(context('n8n-nodes-plivo-recording.plivoRecording'))).toBe(false);
	});
});

describe('toolMessage: one message a model can act on', () => {
	const tool = context('n8n-nodes-plivo-recording.plivoRecordingTool');

	it("an item's bad input: what was wrong, then what would work; no item number", () => {
		const error = itemError(tool, 0, 'Recording ID is empty', 'Enter the ID of the recording.');
		expect(toolMessage(error)).toBe('Recording ID is empty. Enter the ID of the recording.');
	});

	it("Plivo's refusal keeps Plivo's words (in the description)", () => {
		const error = new NodeApiError(
			node('x'),
			{ error: 'not found' },
			{
				message: 'Plivo has no recording with ID "r" (404)',
				description: 'Check the Recording ID. Plivo said: "not found".',
				httpCode: '404',
			},
		);
		expect(toolMessage(error)).toBe(
			'Plivo has no recording with ID "r" (404). Check the Recording ID. Plivo said: "not found".',
		);
	});

	it('a message ending in punctuation gets no second stop; a description already in it is not repeated', () => {
		expect(toolMessage(new NodeOperationError(node('x'), 'Wrong:', { description: 'Fix it.' }))).toBe('Wrong: Fix it.');
		expect(toolMessage(new NodeOperationError(node('x'), 'Wrong. Fix it.', { description: 'Fix it.' }))).toBe(
			'Wrong. Fix it.',
		);
	});

	it('any other error: its message', () => {
		expect(toolMessage(new TypeError('x is not a function'))).toBe('x is not a function');
		expect(toolMessage('plain')).toBe('plain');
	});
});
