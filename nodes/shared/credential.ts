/**
 * The Plivo credential as both nodes read it: its type name and its one default Base URL.
 * Pure, no n8n imports beyond types.
 */

/**
 * The credential type both nodes use. Not `plivoApi`: n8n's built-in Plivo node owns that name,
 * and credential type names are global.
 */
export const PLIVO_CREDENTIAL_TYPE = 'plivoRecordingApi';

/** Plivo's API address, the credential's default Base URL. */
export const DEFAULT_BASE_URL = 'https://api.plivo.com';

/** The credential's Base URL without trailing '/', or Plivo's when left empty. */
export function plivoBaseUrl(baseUrl: unknown): string {
	return String(baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, '');
}
