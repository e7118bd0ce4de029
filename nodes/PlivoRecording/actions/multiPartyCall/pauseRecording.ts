import { recordingControl } from './recordingControl';

/**
 * `POST MultiPartyCall/{mpc_id}/Record/Pause/` (or a participant's): nothing is recorded until it
 * is resumed, e.g. while a caller reads a card number (PCI DSS).
 */
export const { description, prepare } = recordingControl('pauseRecording', 'POST', 'Pause/', { paused: true });
