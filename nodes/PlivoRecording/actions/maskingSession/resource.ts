import type { Resource } from '../types';
import * as disableRecording from './disableRecording';
import * as enableRecording from './enableRecording';

/**
 * Recording a Number Masking session's calls (two parties calling each other through a virtual
 * number): not a call started now but a setting of the session, read by Plivo when each of its
 * calls is answered (tools/fakePlivo/ASSUMPTIONS.md, "Number Masking sessions").
 */
export const maskingSession: Resource = {
	operation: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['maskingSession'] } },
		options: [
			{
				name: 'Disable Recording',
				value: 'disableRecording',
				action: 'Disable number masking session recording',
				description:
					"Stop recording a Number Masking session's calls, by its session UUID. Takes effect from the next call: a call already being recorded is recorded to its end.",
			},
			{
				name: 'Enable Recording',
				value: 'enableRecording',
				action: 'Enable number masking session recording',
				description:
					"Record a Number Masking session's calls, by its session UUID, with the file format and the callback URL Plivo reports each recording to. Takes effect from the next call: Plivo records a call once both parties have answered, each call in a file of its own; a call in progress keeps the settings it started with.",
			},
		],
		default: 'enableRecording',
	},
	operations: { enableRecording, disableRecording },
};
