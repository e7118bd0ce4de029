import type { Resource } from '../types';
import * as create from './create';
import * as deleteTranscription from './delete';
import * as get from './get';

/** Transcriptions of finished recordings, ordered after the fact: a transcription's ID is its recording's. */
export const transcription: Resource = {
	operation: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['transcription'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a transcription',
				description:
					'Order the transcription of a finished recording (English, 500 ms to 4 hours); Plivo sends it to the callback URL when it is ready',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a transcription',
				description: "Delete a recording's transcription from Plivo (the recording stays)",
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a transcription',
				description:
					"Get a recording's transcription by the recording's ID: the text, punctuated, raw or by speaker; fails while it is still in progress",
			},
		],
		default: 'get',
	},
	operations: { create, delete: deleteTranscription, get },
};
