/**
 * Each shape of Plivo callback as one typed event: which event it is, which kind of recording
 * it is about (its source), and its fields typed. Pure functions, no n8n imports: the trigger
 * and the waiting action use them alike.
 *
 * A recording reaches us in four vocabularies, all the same events, all coming out with the
 * same core names (`event`, `source`, `recording_id`, `record_url`, durations as numbers, ISO
 * times) and the original fields kept beside them:
 * - the Record APIs' callback_url (Conference, Call): snake_case fields (record_url,
 *   recording_id, …), one callback for the finished file; a conference's carries
 *   conference_name, a call's call_uuid;
 * - Plivo XML (the Conference element with record="true", the Record element): CamelCase fields
 *   (RecordUrl, RecordingID, RecordingDurationMs, …);
 * - a Multi-Party Call's (or one participant's) recording_callback_url: one callback per event
 *   (EventName MPCRecordingInitiated / …Paused / …Resumed / …Completed / …Failed, or
 *   ParticipantRecording…), with RecordingUUID, RecordingURL, text times and SequenceNumber;
 * - a Number Masking session's recording_callback_url: the same style of events
 *   (SessionRecordingInitiated / …Completed / …Failed) about each call of the session, with
 *   SessionUUID, VirtualNumber and the parties: From / To on Plivo's current page, FirstParty /
 *   SecondParty on its older one (both read).
 */
import { typeFieldValue, withIsoTimes } from '../plivoFields';
import { plivoDateTimeToIso } from '../plivoTime';

/**
 * What a callback reports: the finished recording (`recording`), its transcription, or a step of
 * a Multi-Party Call or Number Masking session recording (started, paused, resumed, failed).
 */
export type CallbackEvent =
	'recording' | 'transcription' | 'recordingStarted' | 'recordingPaused' | 'recordingResumed' | 'recordingFailed';

/** Which kind of recording a callback is about. */
export type RecordingSource = 'conference' | 'multiPartyCall' | 'participant' | 'call' | 'xml' | 'maskingSession';

export interface CallbackShape {
	event: CallbackEvent;
	/** Set for the recording events, not for a transcription. */
	source?: RecordingSource;
}

export type RawCallback = Record<string, unknown>;

/** Plivo's other names for what the Record API's callback calls otherwise (same meaning). */
const CORE_NAMES: Record<string, string> = {
	// Plivo XML
	RecordUrl: 'record_url',
	RecordingID: 'recording_id',
	RecordingDuration: 'recording_duration',
	RecordingDurationMs: 'recording_duration_ms',
	RecordingStartMs: 'recording_start_ms',
	RecordingEndMs: 'recording_end_ms',
	ConferenceName: 'conference_name',
	ConferenceUUID: 'conference_uuid',
	CallUUID: 'call_uuid',
	// Multi-Party Call recording events
	RecordingUUID: 'recording_id',
	RecordingURL: 'record_url',
	MPCName: 'mpc_name',
	MPCUUID: 'mpc_uuid',
	MemberID: 'member_id',
	SequenceNumber: 'sequence_number',
};

/**
 * A Number Masking session's own fields under the session object's names (and the Recording
 * list's from_number / to_number for the call's parties). Only for that source: Plivo XML
 * requests also carry From and To, about the call rather than a session.
 */
const MASKING_NAMES: Record<string, string> = {
	SessionUUID: 'session_uuid',
	VirtualNumber: 'virtual_number',
	From: 'from_number',
	To: 'to_number',
	FirstParty: 'first_party',
	SecondParty: 'second_party',
};

/** A Multi-Party Call recording event's name → the event (Completed is the finished file). */
const MPC_EVENTS: Record<string, CallbackEvent> = {
	Initiated: 'recordingStarted',
	Paused: 'recordingPaused',
	Resumed: 'recordingResumed',
	Completed: 'recording',
	Failed: 'recordingFailed',
};
const MPC_EVENT_NAME = /^(MPC|Participant)Recording(Initiated|Paused|Resumed|Completed|Failed)$/;
/** A masking session's recording is never paused: it starts, completes or fails. */
const SESSION_EVENT_NAME = /^SessionRecording(Initiated|Completed|Failed)$/;

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

/**
 * What a callback reports, from its fields: a transcription carries the text (or its charge), a
 * Multi-Party Call event its EventName, a finished file its URL. Undefined for anything else.
 */
export function classifyCallback(fields: RawCallback): CallbackShape | undefined {
	if ('transcription' in fields || 'transcription_charge' in fields) return { event: 'transcription' };
	const eventName = typeof fields.EventName === 'string' ? fields.EventName.trim() : '';
	const mpcEvent = MPC_EVENT_NAME.exec(eventName);
	if (mpcEvent) {
		return { event: MPC_EVENTS[mpcEvent[2]], source: mpcEvent[1] === 'MPC' ? 'multiPartyCall' : 'participant' };
	}
	const sessionEvent = SESSION_EVENT_NAME.exec(eventName);
	if (sessionEvent) return { event: MPC_EVENTS[sessionEvent[1]], source: 'maskingSession' };
	if ('record_url' in fields)
		return { event: 'recording', source: 'conference_name' in fields ? 'conference' : 'call' };
	if (isXmlRecording(fields)) return { event: 'recording', source: 'xml' };
	return undefined;
}

/** Plivo's text times (`2021-07-30 11:37:32 +0000 UTC`) as ISO-8601; undefined when unreadable. */
function textTimeToIso(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const text = value
		.trim()
		.replace(/\s+UTC$/i, '')
		.replace(/\s+([+-]\d{2}:?\d{2})$/, '$1');
	return plivoDateTimeToIso(text);
}

/**
 * Every field Plivo sent, numbers as numbers, plus `event` (and `source`) and ISO-8601 start
 * and end. A field under another of Plivo's names also appears under the core name, unless
 * Plivo sent that too.
 */
export function typeCallback(shape: CallbackShape, fields: RawCallback): Record<string, unknown> {
	const own = (key: string) => key !== 'event' && key !== 'source';
	const entries = Object.entries(fields).filter(([key]) => own(key));
	const names = shape.source === 'maskingSession' ? [CORE_NAMES, MASKING_NAMES] : [CORE_NAMES];
	const aliases = entries.flatMap(([key, value]): Array<[string, unknown]> => {
		const table = names.find((t) => Object.prototype.hasOwnProperty.call(t, key));
		const alias = table?.[key];
		return alias !== undefined && !(alias in fields) ? [[alias, value]] : [];
	});
	// fromEntries defines own properties, so a field named `__proto__` stays plain data;
	// the classified event and source win over fields of the same names.
	const typed: Record<string, unknown> = Object.fromEntries([
		['event', shape.event],
		...(shape.source !== undefined ? [['source', shape.source]] : []),
		...[...entries, ...aliases].map(([key, value]) => [key, typeFieldValue(key, value)]),
	]);
	withIsoTimes(typed);
	// Multi-Party Call and masking session events give text times instead of epoch milliseconds.
	const start = textTimeToIso(fields.RecordingStartTime);
	const end = textTimeToIso(fields.RecordingEndTime);
	if (start !== undefined && typed.recording_start === undefined) typed.recording_start = start;
	if (end !== undefined && typed.recording_end === undefined) typed.recording_end = end;
	return typed;
}
