import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { recordingTextFilterQuery } from '../shared/recordingFilters';

/**
 * The trigger's parameters, read and checked once per poll before anything is sent: a bad one
 * fails the activation (or the poll) with the field named, instead of polling for nothing.
 */

export interface PollSettings {
	/** Plivo's list filters from the Filters collection. */
	query: IDataObject;
	/** At most this many recordings per poll (Infinity: all that are new). */
	maxPerPoll: number;
	/** On the first activation, also emit what was added this long before it (epoch µs span). */
	backfillUs?: number;
	/** Download each recording's audio, up to this size. */
	download?: { maxBytes: number };
}

/** A subaccount's Auth ID: 20 characters, starting SA (a main account's start MA). */
const SUBACCOUNT_AUTH_ID = /^SA[A-Za-z0-9]{18}$/;

function badOption(context: IPollFunctions, message: string, description: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), message, { description });
}

export function readSettings(this: IPollFunctions): PollSettings {
	const filters = this.getNodeParameter('filters', {}) as IDataObject;
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const query = recordingTextFilterQuery(filters);
	if (query.subaccount !== undefined && !SUBACCOUNT_AUTH_ID.test(String(query.subaccount))) {
		throw badOption(
			this,
			`Subaccount Auth ID is not a subaccount's Auth ID: "${String(query.subaccount)}"`,
			"Enter the subaccount's Auth ID as the Plivo console shows it: 20 letters and digits starting SA. Without it, every recording of the account is watched.",
		);
	}

	const settings: PollSettings = { query, maxPerPoll: Infinity };
	if (options.maxRecordingsPerPoll !== undefined) {
		const max = Number(options.maxRecordingsPerPoll);
		if (!Number.isInteger(max) || max < 1) {
			throw badOption(
				this,
				`Max Recordings per Poll is not a whole number of 1 or more: "${String(options.maxRecordingsPerPoll)}"`,
				'Enter how many recordings one poll may emit at most (the rest come on the next polls), or remove the option.',
			);
		}
		settings.maxPerPoll = max;
	}
	if (options.backfillHours !== undefined) {
		const hours = Number(options.backfillHours);
		if (!Number.isFinite(hours) || hours < 0) {
			throw badOption(
				this,
				`Backfill (Hours) is not a number of hours, 0 or more: "${String(options.backfillHours)}"`,
				'Enter how many hours before the first activation to emit recordings from, or remove the option.',
			);
		}
		if (hours > 0) settings.backfillUs = Math.round(hours * 3600 * 1_000_000);
	}
	if (options.downloadRecording === true) {
		const maxMb = Number(options.maxDownloadSizeMb ?? 100);
		if (!Number.isFinite(maxMb) || maxMb <= 0) {
			throw badOption(
				this,
				`Max Download Size (MB) must be more than 0: "${String(options.maxDownloadSizeMb)}"`,
				'Enter the largest recording to download, in megabytes.',
			);
		}
		settings.download = { maxBytes: maxMb * 1_000_000 };
	}
	return settings;
}
