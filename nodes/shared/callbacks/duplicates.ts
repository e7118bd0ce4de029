/**
 * The events already started, so that Plivo's retries of the same event (sent when our 200 did
 * not reach Plivo in time) start no second execution. A callback n8n then fails to start is
 * forgotten again (answers.ts, onCallbackNotAccepted). The memory is the n8n process's own:
 * see the trigger's description. Pure, no n8n imports.
 */
import { RecentKeys } from './recentKeys';

/** One memory per n8n process, shared by every Plivo Recording Callback Trigger in it. */
export const recentCallbacks = new RecentKeys();

/**
 * The same event about the same recording, for the same trigger node. A Multi-Party Call
 * (or Number Masking session) recording reports each step with a sequence number: a second pause of one recording is
 * another event, its repeat is not. A repeated recording_id (a list) counts as the values it
 * holds, so `["R"]` is the same recording as `"R"`; undefined when there is no recording id to tell.
 */
export function callbackKey(scope: string, event: string, fields: Record<string, unknown>): string | undefined {
	const value = fields.recording_id;
	const ids = Array.isArray(value) ? value : [value];
	if (ids.length === 0 || ids.some((id) => typeof id !== 'string' || id === '')) return undefined;
	const sequence = fields.sequence_number;
	return JSON.stringify([scope, event, ...(sequence !== undefined ? [['sequence', sequence]] : []), ...ids]);
}
