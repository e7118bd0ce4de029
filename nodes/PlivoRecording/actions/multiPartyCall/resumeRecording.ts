import { recordingControl } from './recordingControl';

/** `POST MultiPartyCall/{mpc_id}/Record/Resume/` (or a participant's): a paused recording goes on. */
export const { description, prepare } = recordingControl('resumeRecording', 'POST', 'Resume/', { resumed: true });
