import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { RECORDING_BINARY_FIELD, RefusedMediaUrl } from '../../../shared/transport/media';
import { itemError } from '../itemError';
import type { ItemRun, PreparedItem } from '../types';
import { asNumber, readChoice } from '../typedValues';
import { readRecordingUrl } from '../urlParameters';
import { typeRecording } from '../../../shared/recordingObject';
import { noSuchRecording, readRecordingId, recordingIdField, recordingRequest } from './recordingId';

/**
 * Each download holds its whole audio file in memory (up to Max Download Size) until n8n has
 * stored it: a few at a time keep a list of long recordings from filling n8n's memory.
 */
export const maxInFlight = 10;

/** What an AI agent's model reads instead of the audio, which it cannot read. */
export const AUDIO_NOT_FOR_MODELS =
	'Downloaded, but not returned: a model cannot read audio. file_name, mime_type and file_size describe the file; Transcription Get returns what was said.';

export const description: INodeProperties[] = [
	{
		displayName: 'Download By',
		name: 'downloadBy',
		type: 'options',
		options: [
			{
				name: 'Recording ID',
				value: 'id',
				description: "Plivo's details of the recording, then its audio from the URL they give",
			},
			{
				name: 'Recording URL',
				value: 'url',
				description: "The audio at a recording's URL (record_url of a callback, recording_url of Get)",
			},
		],
		default: 'id',
		displayOptions: { show: { operation: ['download'] } },
	},
	recordingIdField({ operation: ['download'], downloadBy: ['id'] }),
	{
		displayName: 'Recording URL',
		name: 'recordingUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://media.plivo.com/v1/Account/…/Recording/….mp3',
		description:
			"The recording's file URL. The credential is sent only to https://*.plivo.com or to the credential's Base URL host; other URLs are refused.",
		displayOptions: { show: { operation: ['download'], downloadBy: ['url'] } },
	},
	{
		displayName: 'Max Download Size (MB)',
		name: 'maxDownloadSizeMb',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 100,
		description: 'A larger recording fails the item instead of filling the memory',
		displayOptions: { show: { operation: ['download'] } },
	},
];

/** The recording ID in a Plivo media URL (`…/Recording/<id>.mp3`), if it has one. */
function recordingIdOf(url: string): string | undefined {
	const match = /\/Recording\/([^/]+)\.(?:mp3|wav)$/i.exec(new URL(url).pathname);
	return match ? decodeURIComponent(match[1]) : undefined;
}

/**
 * The audio of a recording as binary `data`: by ID, Plivo's details first (`GET Recording/{id}/`,
 * paced), then the file they name; by URL, the file alone. The media host is not Plivo's API, so
 * the download is not paced. The item's JSON is the recording's typed details (by URL: its URL
 * and the ID in it), with the file's name, type and size.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number, run: ItemRun): PreparedItem {
	const byUrl = readChoice.call(this, 'downloadBy', 'Download By', itemIndex, ['id', 'url'], 'id') === 'url';
	const recording = byUrl ? undefined : readRecordingId.call(this, itemIndex);
	const url = byUrl ? readRecordingUrl.call(this, itemIndex, run.plivo) : undefined;
	const maxMb = asNumber(this.getNodeParameter('maxDownloadSizeMb', itemIndex, 100));
	if (!(typeof maxMb === 'number' && maxMb > 0)) {
		throw itemError(
			this,
			itemIndex,
			'Max Download Size (MB) must be more than 0',
			'Enter the largest recording to download, in megabytes.',
		);
	}

	return async (plivo) => {
		let details: IDataObject;
		if (recording !== undefined) {
			details = typeRecording(
				(await plivo.send(recordingRequest('GET', recording, noSuchRecording(recording.id)))).body,
			);
		} else {
			const id = recordingIdOf(url as string);
			details = { ...(id !== undefined ? { recording_id: id } : {}), recording_url: url };
		}
		const fileUrl = typeof details.recording_url === 'string' ? details.recording_url : '';
		if (fileUrl === '') {
			throw itemError(
				this,
				itemIndex,
				`Plivo gave no file URL for recording "${recording?.id}"`,
				'The recording may still be processing: try again in a minute.',
			);
		}
		let file;
		try {
			file = await plivo.download(fileUrl, maxMb * 1_000_000, "Plivo's recording_url");
		} catch (error) {
			if (error instanceof RefusedMediaUrl) {
				throw itemError(
					this,
					itemIndex,
					error.message,
					'The Plivo credential is never sent to another host. Download this file with the HTTP Request node.',
				);
			}
			throw itemError(
				this,
				itemIndex,
				`Could not download the recording: ${(error as Error).message}`,
				'Check that the recording still exists (Get), and raise Max Download Size (MB) for a longer one.',
			);
		}
		const json = { ...details, file_name: file.fileName, mime_type: file.mimeType, file_size: file.data.length };
		// A tool's output goes to the model as JSON, which holds no audio (n8n would drop it).
		if (run.asTool) return [{ json: { ...json, audio: AUDIO_NOT_FOR_MODELS } }];
		const binary = await this.helpers.prepareBinaryData(file.data, file.fileName, file.mimeType);
		return [{ json, binary: { [RECORDING_BINARY_FIELD]: binary } }];
	};
}
