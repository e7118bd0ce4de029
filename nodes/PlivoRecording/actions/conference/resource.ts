import type { Resource } from '../types';
import * as startRecording from './startRecording';
import * as stopRecording from './stopRecording';

/** Recording a live conference through Plivo's API (the node's first resource, its default). */
export const conference: Resource = {
	operation: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['conference'] } },
		options: [
			{
				name: 'Start Conference Recording',
				value: 'startRecording',
				action: 'Start conference recording',
				description:
					'Start recording a conference that is live now, by its name; returns the recording ID and the URL its file will have. Plivo reports the finished file to the callback URL.',
			},
			{
				name: 'Stop Conference Recording',
				value: 'stopRecording',
				action: 'Stop conference recording',
				description:
					'Stop recording a live conference, by its name; Plivo then reports the finished file to the callback URL',
			},
		],
		default: 'startRecording',
	},
	operations: { startRecording, stopRecording },
};
