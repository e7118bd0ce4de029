import type { IDataObject } from 'n8n-workflow';

/**
 * A typed recording (shared/recordingObject.ts) simplified: which recording, when, how long, of
 * what (conference, call or Multi-Party Call), between which numbers, and its file. Plivo's
 * storage and billing fields are left out, and so are fields Plivo left empty (a call's
 * recording has an empty conference_name).
 */
const RECORDING_FIELDS = [
	'recording_id',
	'recording_type',
	'add_time',
	'recording_start',
	'recording_end',
	'recording_duration_ms',
	'conference_name',
	'conference_uuid',
	'call_uuid',
	'mpc_name',
	'mpc_uuid',
	'from_number',
	'to_number',
	'recording_format',
	'recording_url',
];

/** The fields of `object` named in `fields`, in that order, leaving out those missing or empty. */
export function pick(object: IDataObject, fields: string[]): IDataObject {
	return Object.fromEntries(
		fields.flatMap((field) => {
			const value = object[field];
			return value === undefined || value === null || value === '' ? [] : [[field, value]];
		}),
	) as IDataObject;
}

/** Get's and Get Many's output when Simplify is on. */
export const simplifyRecording = (recording: IDataObject): IDataObject => pick(recording, RECORDING_FIELDS);
