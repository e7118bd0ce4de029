import { recordingControl } from './recordingControl';

/** `DELETE MultiPartyCall/{mpc_id}/Record/` (or a participant's): Plivo then reports the file. */
export const { description, prepare } = recordingControl('stopRecording', 'DELETE', '', { stopped: true });
