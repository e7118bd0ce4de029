/**
 * Replay protection: the signature nonces already accepted, by every webhook of the package in
 * this n8n process. A V3 signature covers the URL, the fields and the nonce, but Plivo's signing
 * string glues keys and values together with no separator, so the same signature also holds
 * for the fields cut differently ("recording_id" swallowing the next key); a nonce used once is
 * what tells a replay apart, whatever its body. A V2 signature covers no fields at all: for it,
 * this memory is the only protection. Pure, no n8n imports.
 */
import { RecentKeys } from './recentKeys';

export const usedNonces = new RecentKeys();

/** The memory key of a signature's nonce. */
export function nonceKey(version: string, nonce: string): string {
	return JSON.stringify([version, nonce]);
}
