import type { INodeProperties } from 'n8n-workflow';

/**
 * "Wait for Recording to Finish": the node hands Plivo this execution's resume URL as the
 * recording's callback URL and puts the execution to wait, as n8n's Wait node does; Plivo's
 * callback (signature checked) resumes it with the recording's fields as the node's output.
 * Its parameters for one resource's operation that starts recording (Start Recording, or a
 * Number Masking session's Enable Recording, which says what it waits for itself).
 */
export function waitDescription(
	resource: string,
	operation = 'startRecording',
	description = "Whether the workflow waits here until Plivo reports the finished recording, then goes on with its fields (record_url, duration, …). Plivo is given this execution's resume URL as the callback URL. It waits for the recording file, not its transcription: that still goes to the Transcription URL. One recording per execution.",
): INodeProperties[] {
	const show = { resource: [resource], operation: [operation] };
	return [
		{
			displayName: 'Wait for Recording to Finish',
			name: 'waitForRecording',
			type: 'boolean',
			default: false,
			description,
			displayOptions: { show },
		},
		{
			displayName: 'Max Wait (Minutes)',
			name: 'maxWaitMinutes',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 240,
			description:
				'If Plivo has not reported the recording by then, the workflow goes on with recording_wait "timed out". n8n checks waiting executions about once a minute, so the limit can be passed by up to a minute.',
			displayOptions: { show: { ...show, waitForRecording: [true] } },
		},
	];
}
