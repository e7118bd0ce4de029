import type { Resource } from '../types';
import * as startRecording from './startRecording';
import * as stopRecording from './stopRecording';

/** Recording a live call through Plivo's Call API. */
export const call: Resource = {
	operation: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['call'] } },
		options: [
			{
				name: 'Start Call Recording',
				value: 'startRecording',
				action: 'Start call recording',
				description:
					'Start recording a live call, by its UUID; returns the recording ID and the URL its file will have. Plivo reports the finished file to the callback URL.',
			},
			{
				name: 'Stop Call Recording',
				value: 'stopRecording',
				action: 'Stop call recording',
				description: "Stop a live call's recordings (or one of them); Plivo then reports the file to the callback URL",
			},
		],
		default: 'startRecording',
	},
	operations: { startRecording, stopRecording },
};
