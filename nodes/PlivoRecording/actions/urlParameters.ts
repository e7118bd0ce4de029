import type { IExecuteFunctions } from 'n8n-workflow';

import type { PlivoClient } from '../../shared/transport/client';
import { itemError } from './itemError';

/**
 * The URL parameters the action reads: where Plivo calls back (Callback URL, Transcription URL)
 * and which recording file to download (Recording URL). Both must be absolute http(s) URLs;
 * a recording file must also be on a host the credential may go to.
 */

/** The text as an absolute http(s) URL with a host; undefined when it is not one. */
function httpUrl(text: string): URL | undefined {
	try {
		const url = new URL(text);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.host ? url : undefined;
	} catch {
		return undefined;
	}
}

const readText = (context: IExecuteFunctions, parameter: string, itemIndex: number) =>
	String(context.getNodeParameter(parameter, itemIndex, '') ?? '').trim();

/** Reads an optional absolute http(s) URL parameter; '' when left empty. `hint` says what to enter instead. */
export function readOptionalUrl(
	this: IExecuteFunctions,
	parameter: string,
	label: string,
	itemIndex: number,
	hint: string,
): string {
	const value = readText(this, parameter, itemIndex);
	if (value === '' || httpUrl(value) !== undefined) return value;
	throw itemError(this, itemIndex, `${label} is not an absolute http(s) URL: "${value}"`, hint);
}

/** Reads an optional URL Plivo calls back (Callback URL, Transcription URL); '' when left empty. */
export function readCallbackUrl(this: IExecuteFunctions, parameter: string, label: string, itemIndex: number): string {
	return readOptionalUrl.call(
		this,
		parameter,
		label,
		itemIndex,
		`Plivo must be able to call it: use a full address such as https://n8n.example.com/webhook/…, e.g. the production URL of a Plivo Recording Callback Trigger.`,
	);
}

/** Reads the Recording URL to download, checked against the hosts the credential may go to. */
export function readRecordingUrl(this: IExecuteFunctions, itemIndex: number, plivo: PlivoClient): string {
	const url = readText(this, 'recordingUrl', itemIndex);
	if (url === '') {
		throw itemError(
			this,
			itemIndex,
			'Recording URL is empty',
			'Enter the URL of the recording file, or map record_url (callback) or recording_url (Get) from the input.',
		);
	}
	if (httpUrl(url) === undefined) {
		throw itemError(
			this,
			itemIndex,
			`Recording URL is not an absolute http(s) URL: "${url}"`,
			'Use the full URL of the recording file, such as https://media.plivo.com/v1/Account/…/Recording/….mp3.',
		);
	}
	const refused = plivo.refusal(url, 'Recording URL');
	if (refused !== undefined) {
		throw itemError(
			this,
			itemIndex,
			refused,
			'The Plivo credential is never sent to another host. Download other files with the HTTP Request node.',
		);
	}
	return url;
}
