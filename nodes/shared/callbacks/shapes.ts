/**
 * Each shape of Plivo callback as one typed event: which event it is, and its fields typed.
 * Pure functions, no n8n imports: the trigger (and the waiting action) use them alike.
 *
 * A recording reaches us in two vocabularies. The Record API's callback_url gets snake_case
 * fields (record_url, recording_id, …). A conference recorded by the Conference XML element
 * (record="true") reports to the element's callbackUrl with Plivo's XML names (ConferenceAction,
 * RecordUrl, RecordingID, RecordingDurationMs, …). Both are the same event, `recording`, and
 * come out with the API's names; the XML ones are kept beside them.
 */
import { typeFieldValue, withIsoTimes } from '../plivoFields';

export type CallbackEvent = 'recording' | 'transcription';

export type RawCallback = Record<string, unknown>;

/** Conference XML's names for what the API's recording callback calls otherwise (same meaning). */
const XML_TO_API_NAMES: Record<string, string> = {
	RecordUrl: 'record_url',
	RecordingID: 'recording_id',
	RecordingDuration: 'recording_duration',
	RecordingDurationMs: 'recording_duration_ms',
	RecordingStartMs: 'recording_start_ms',
	RecordingEndMs: 'recording_end_ms',
	ConferenceName: 'conference_name',
	ConferenceUUID: 'conference_uuid',
	CallUUID: 'call_uuid',
};

/**
 * A Conference XML callback about a finished recording. Once a conference records, every event
 * of its callbackUrl (a member entering, leaving, pressing digits…) carries RecordUrl and
 * RecordingID, long before the file exists; the one for the file is ConferenceAction=record,
 * with the durations. Without a ConferenceAction (a Record element's action URL), the durations
 * tell it.
 */
function isXmlRecording(fields: RawCallback): boolean {
	if (!('RecordUrl' in fields)) return false;
	const action = fields.ConferenceAction;
	if (action !== undefined) return typeof action === 'string' && action.trim().toLowerCase() === 'record';
	return 'RecordingDurationMs' in fields || 'RecordingDuration' in fields;
}

/** A transcription callback carries the text (or its charge); a recording one, the file. */
export function classifyCallback(fields: RawCallback): CallbackEvent | undefined {
	if ('transcription' in fields || 'transcription_charge' in fields) return 'transcription';
	if ('record_url' in fields || isXmlRecording(fields)) return 'recording';
	return undefined;
}

/**
 * Every field Plivo sent, numbers as numbers, plus `event` and ISO-8601 start and end. A
 * Conference XML field also appears under the API's name for it, unless Plivo sent that too.
 */
export function typeCallback(event: CallbackEvent, fields: RawCallback): Record<string, unknown> {
	const entries = Object.entries(fields).filter(([key]) => key !== 'event');
	const aliases = entries.flatMap(([key, value]): Array<[string, unknown]> => {
		const alias = Object.prototype.hasOwnProperty.call(XML_TO_API_NAMES, key) ? XML_TO_API_NAMES[key] : undefined;
		return alias !== undefined && !(alias in fields) ? [[alias, value]] : [];
	});
	// fromEntries defines own properties, so a field named `__proto__` stays plain data;
	// the classified event wins over a field of the same name.
	const typed: Record<string, unknown> = Object.fromEntries([
		['event', event],
		...[...entries, ...aliases].map(([key, value]) => [key, typeFieldValue(key, value)]),
	]);
	return withIsoTimes(typed);
}
