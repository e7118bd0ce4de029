import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { PLIVO_CREDENTIAL_TYPE } from '../credential';
import { REQUEST_TIMEOUT_MS } from './request';

/** Downloading a recording's audio, and the one rule of which hosts may see the credential. */

/** The binary field a downloaded recording goes to, in the action's Download and the trigger's. */
export const RECORDING_BINARY_FIELD = 'data';

const MEDIA_TYPES: Record<string, string> = { mp3: 'audio/mpeg', wav: 'audio/wav' };
const MAX_MEDIA_REDIRECTS = 3;

/**
 * Whether the credentials may go to this URL: Plivo's own hosts over https, or the host of
 * the credential's Base URL (a proxy or a stand-in the user chose). Never anywhere else.
 */
export function mayCarryCredentials(url: string, baseUrl: string): boolean {
	let target: URL;
	let base: URL;
	try {
		target = new URL(url);
		base = new URL(baseUrl);
	} catch {
		return false;
	}
	if (target.host === base.host && target.protocol === base.protocol) return true;
	const host = target.hostname.toLowerCase();
	return target.protocol === 'https:' && (host === 'plivo.com' || host.endsWith('.plivo.com'));
}

export interface DownloadedRecording {
	data: Buffer;
	mimeType: string;
	fileName: string;
}

type MediaRequester = (url: string) => Promise<{ statusCode: number; headers: IDataObject; body: unknown }>;

async function readAtMost(body: unknown, maxBytes: number, url: string): Promise<Buffer> {
	if (Buffer.isBuffer(body)) return body;
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of body as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > maxBytes) {
			(body as { destroy?: () => void }).destroy?.();
			throw new Error(`the recording is larger than the limit of ${Math.round(maxBytes / 1e6)} MB (${url})`);
		}
		chunks.push(Buffer.from(chunk));
	}
	return Buffer.concat(chunks);
}

/** Why a recording URL is refused; undefined when the credential may go there. */
export function refusedMediaUrl(url: string, baseUrl: string, label: string): string | undefined {
	if (mayCarryCredentials(url, baseUrl)) return undefined;
	return `${label} is not on a Plivo host (https://*.plivo.com) or the credential's Base URL: ${url}`;
}

/** A download refused before anything was sent: the URL is not one the credential may go to. */
export class RefusedMediaUrl extends Error {}

export interface DownloadOptions {
	/** The credential's Base URL: its host may see the credential, as Plivo's hosts may. */
	baseUrl: string;
	/** Reading stops (and fails) past this size. */
	maxBytes: number;
	/** The credential, when the caller has already read it: spares n8n reading and decrypting it again. */
	credentials?: ICredentialsDecrypted;
	/** What the URL is called in a refusal ("record_url", "Plivo's recording_url"). */
	label?: string;
}

/**
 * Fetches a recording's audio. A URL the credential may not go to is refused (RefusedMediaUrl)
 * before anything is sent; the credential's Basic auth goes only where `mayCarryCredentials`
 * allows, and a redirect elsewhere (e.g. a signed storage URL) is followed without it. Stops
 * reading past `maxBytes`.
 */
export async function downloadRecording(
	this: IWebhookFunctions | IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions,
	recordUrl: string,
	{ baseUrl, maxBytes, credentials, label = 'record_url' }: DownloadOptions,
): Promise<DownloadedRecording> {
	const refused = refusedMediaUrl(recordUrl, baseUrl, label);
	if (refused !== undefined) throw new RefusedMediaUrl(refused);
	const options = (url: string): IHttpRequestOptions => ({
		method: 'GET',
		url,
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		timeout: REQUEST_TIMEOUT_MS,
	});
	const withCredentials: MediaRequester = async (url) =>
		await this.helpers.httpRequestWithAuthentication.call(
			this,
			PLIVO_CREDENTIAL_TYPE,
			options(url),
			credentials ? { credentialsDecrypted: credentials } : undefined,
		);
	const withoutCredentials: MediaRequester = async (url) => await this.helpers.httpRequest(options(url));

	let url = recordUrl;
	for (let redirects = 0; ; redirects++) {
		const request = mayCarryCredentials(url, baseUrl) ? withCredentials : withoutCredentials;
		const response = await request(url);
		const location = response.headers.location;
		if (response.statusCode >= 300 && response.statusCode < 400 && typeof location === 'string') {
			await readAtMost(response.body, maxBytes, url).catch(() => undefined);
			if (redirects >= MAX_MEDIA_REDIRECTS) throw new Error(`too many redirects fetching ${recordUrl}`);
			url = new URL(location, url).toString();
			continue;
		}
		if (response.statusCode < 200 || response.statusCode >= 300) {
			await readAtMost(response.body, 64 * 1024, url).catch(() => undefined);
			throw new Error(`the media server answered ${response.statusCode} for ${url}`);
		}
		const data = await readAtMost(response.body, maxBytes, url);
		const extension = (new URL(recordUrl).pathname.match(/\.(\w+)$/)?.[1] ?? 'mp3').toLowerCase();
		const contentType = String(response.headers['content-type'] ?? '')
			.split(';')[0]
			.trim();
		return {
			data,
			mimeType: contentType.startsWith('audio/') ? contentType : (MEDIA_TYPES[extension] ?? 'application/octet-stream'),
			fileName: decodeURIComponent(new URL(recordUrl).pathname.split('/').pop() || `recording.${extension}`),
		};
	}
}
