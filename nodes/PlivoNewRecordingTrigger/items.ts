import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import type { PlivoCalls } from '../shared/transport/client';
import { RECORDING_BINARY_FIELD } from '../shared/transport/media';

/**
 * The output items: one per recording (already typed as Recording → Get types it), with the audio as
 * binary `data` when Download Recording is on. A download that fails still emits its item, with
 * `download_error`, as the callback trigger does: the recording is new either way, and the
 * place moves past it.
 */

/**
 * Downloads at a time: each holds its whole file (up to Max Download Size) in memory until n8n
 * has stored it, as the action's Download does.
 */
const DOWNLOADS_AT_ONCE = 10;

export async function recordingItems(
	this: IPollFunctions,
	calls: PlivoCalls,
	recordings: IDataObject[],
	download: { maxBytes: number } | undefined,
): Promise<INodeExecutionData[]> {
	const items: INodeExecutionData[] = recordings.map((recording) => ({ json: recording }));
	if (download === undefined) return items;
	const attach = async (item: INodeExecutionData) => {
		try {
			const url = typeof item.json.recording_url === 'string' ? item.json.recording_url : '';
			if (url === '') throw new Error('Plivo gave no recording_url');
			const file = await calls.download(url, download.maxBytes, "Plivo's recording_url");
			item.binary = {
				[RECORDING_BINARY_FIELD]: await this.helpers.prepareBinaryData(file.data, file.fileName, file.mimeType),
			};
		} catch (error) {
			item.json.download_error = `Could not download the recording: ${(error as Error).message}`;
		}
	};
	for (let start = 0; start < items.length; start += DOWNLOADS_AT_ONCE) {
		await Promise.all(items.slice(start, start + DOWNLOADS_AT_ONCE).map(async (item) => await attach(item)));
	}
	return items;
}
