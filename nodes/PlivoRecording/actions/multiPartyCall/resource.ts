import type { Resource } from '../types';
import * as pauseRecording from './pauseRecording';
import * as resumeRecording from './resumeRecording';
import * as startRecording from './startRecording';
import * as stopRecording from './stopRecording';

/**
 * Recording a Multi-Party Call (Plivo's calls with roles, coaching and AI agents), or one of its
 * participants: the only Plivo recording that can be paused and resumed, e.g. to keep a card
 * number out of it (PCI DSS).
 */
export const multiPartyCall: Resource = {
	operation: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['multiPartyCall'] } },
		options: [
			{
				name: 'Pause Recording',
				value: 'pauseRecording',
				action: 'Pause multi party call recording',
				description: 'Pause the recording of a Multi-Party Call (or a participant), e.g. while a card number is read',
			},
			{
				name: 'Resume Recording',
				value: 'resumeRecording',
				action: 'Resume multi party call recording',
				description: 'Go on recording a paused Multi-Party Call (or participant)',
			},
			{
				name: 'Start Recording',
				value: 'startRecording',
				action: 'Start multi party call recording',
				description:
					'Start recording an active Multi-Party Call (or one participant); Plivo reports each step and the finished file to the callback URL',
			},
			{
				name: 'Stop Recording',
				value: 'stopRecording',
				action: 'Stop multi party call recording',
				description: 'Stop recording a Multi-Party Call (or a participant); Plivo then reports the finished file',
			},
		],
		default: 'startRecording',
	},
	operations: { startRecording, stopRecording, pauseRecording, resumeRecording },
};
