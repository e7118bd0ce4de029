import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { PLIVO_CREDENTIAL_TYPE } from '../shared/credential';
import { recordingTextFilterOptions } from '../shared/recordingFilters';
import { pollNewRecordings } from './poll';

/**
 * The New Recording trigger: n8n polls it (Poll Times, added by n8n for `polling: true`), and
 * each poll emits the recordings Plivo's Recording list shows as new, once each, oldest first.
 * This file is its description; the poll is poll.ts, its place in the list place.ts.
 */
export class PlivoNewRecordingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Plivo New Recording Trigger',
		name: 'plivoNewRecordingTrigger',
		icon: { light: 'file:../shared/plivo.svg', dark: 'file:../shared/plivo.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Every new recording" + (Object.keys($parameter["filters"] || {}).length ? " (filtered)" : "")}}',
		description:
			"Starts the workflow with each recording Plivo's Recording list shows as new, once, oldest first: no public URL needed, and nothing missed while n8n was down",
		defaults: { name: 'Plivo New Recording' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: PLIVO_CREDENTIAL_TYPE, required: true }],
		properties: [
			{
				displayName:
					'On its first activation the trigger starts with the recordings added after it (see Backfill). From then on it emits every recording once, catching up after n8n was stopped or the workflow unpublished. "Fetch Test Event" shows the newest recording.',
				name: 'startNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				options: recordingTextFilterOptions,
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Backfill (Hours)',
						name: 'backfillHours',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 24,
						description:
							'On the first activation, also emit the recordings added this many hours before it, oldest first. Without it, recordings that exist at the first activation are never emitted.',
					},
					{
						displayName: 'Download Recording',
						name: 'downloadRecording',
						type: 'boolean',
						default: true,
						description:
							"Whether to fetch each recording's audio (recording_url) and attach it as binary data \"data\". The credential is sent only to Plivo's hosts or the credential's Base URL. If a download fails, the recording is still emitted, with download_error set.",
					},
					{
						displayName: 'Max Download Size (MB)',
						name: 'maxDownloadSizeMb',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 100,
						description: 'With Download Recording: larger recordings are not downloaded (download_error says so)',
					},
					{
						displayName: 'Max Recordings per Poll',
						name: 'maxRecordingsPerPoll',
						type: 'number',
						typeOptions: { minValue: 1, numberPrecision: 0 },
						default: 100,
						description:
							'At most this many recordings start the workflow per poll, the oldest first; the rest come on the next polls, in order. Keeps the execution after a long pause (or with Download Recording) to a size n8n handles.',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollNewRecordings.call(this);
	}
}
