import { TOOL_MAX_ITEMS } from '../asTool';
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
					"Download a recording's audio file (MP3 or WAV) as binary data, by recording ID or file URL, to store or transcribe it. As an AI agent's tool: the file's name, type and size only (a model cannot read audio).",
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a recording',
				description:
					'Get one recording by its recording ID: when it was made and how long it is, its conference, call or Multi-Party Call, the numbers, its file URL (and with Simplify off, storage and cost)',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many recordings',
				description: `List the account's recordings, newest first, filtered by time added (the last 7 days unless given), call, conference, number or days stored. As an AI agent's tool: at most ${TOOL_MAX_ITEMS}.`,
			},
		],
		default: 'get',
	},
	operations: { delete: deleteRecording, download, get, getAll },
};
