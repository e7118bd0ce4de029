import type { Resource } from '../types';
import * as deleteRecording from './delete';
import * as download from './download';
import * as get from './get';
import * as getAll from './getAll';

/** The account's recordings, however they were made (API, Conference XML): read, list, fetch, delete. */
export const recording: Resource = {
	operation: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['recording'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a recording',
				description:
					'Delete a recording from Plivo for good, by its recording ID (after archiving it, for retention rules or storage cost); fails if it is already gone',
			},
			{
				name: 'Download',
				value: 'download',
				action: 'Download a recording',
				description:
					"Download a recording's audio file (MP3 or WAV) as binary data, by recording ID or file URL, to store or transcribe it",
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a recording',
				description:
					"Get one recording's details by its recording ID: conference, duration, format, file URL, time added, days stored",
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many recordings',
				description:
					"List the account's recordings, newest first, filtered by time added (the last 7 days unless given), call, conference, number or days stored",
			},
		],
		default: 'get',
	},
	operations: { delete: deleteRecording, download, get, getAll },
};
