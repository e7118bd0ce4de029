import { PlivoRecording } from '../../nodes/PlivoRecording/PlivoRecording.node';
import { AUTH_TOKEN, buildWebhookContext, N8N_BASE } from '../support/webhookContext';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { signatureV3 } = require('../support/fakePlivo');

const RESUME_PATH = '/webhook-waiting/42?signature=resume-token';
const RESUME_URL = `${N8N_BASE}${RESUME_PATH}`;
const NONCE = '12345678901234567890';
const FIELDS = {
	record_url: 'https://media.plivo.com/v1/Account/MAX/Recording/r1.mp3',
	recording_id: 'r1',
	conference_name: 'Waiting Room',
	recording_duration_ms: '2500',
	recording_start_ms: '1764080000000',
	recording_end_ms: '1764080002500',
};

function resumeCall(body: Record<string, string>, signedUrl = RESUME_URL, token = AUTH_TOKEN, host = '127.0.0.1:5678') {
	return buildWebhookContext({
		method: 'POST',
		originalUrl: RESUME_PATH,
		body,
		headers: {
			host,
			'x-plivo-signature-v3': signatureV3('POST', signedUrl, body, NONCE, token),
			'x-plivo-signature-v3-nonce': NONCE,
		},
		webhookUrl: `${N8N_BASE}/webhook/wf/Start%20Conference%20Recording/`,
	});
}

describe('the waiting action’s resume webhook', () => {
	it('resumes with the recording’s typed fields when Plivo’s signature is right', async () => {
		const { context, response } = resumeCall(FIELDS);
		const result = await new PlivoRecording().webhook.call(context);

		// n8n answers once the execution has resumed (2.x), so a failure to resume reaches Plivo.
		expect(response).toEqual({ type: 'text/plain', sendCount: 0 });
		expect(result.noWebhookResponse).toBeUndefined();
		expect(result.workflowData).toEqual([
			[
				{
					json: {
						event: 'recording',
						...FIELDS,
						recording_duration_ms: 2500,
						recording_start_ms: 1764080000000,
						recording_end_ms: 1764080002500,
						recording_start: '2025-11-25T14:13:20.000Z',
						recording_end: '2025-11-25T14:13:22.500Z',
					},
					pairedItem: { item: 0 },
				},
			],
		]);
	});

	it('accepts the address behind a proxy from the forwarded host', async () => {
		const { context } = buildWebhookContext({
			method: 'POST',
			originalUrl: RESUME_PATH,
			body: FIELDS,
			headers: {
				host: '10.0.0.5:5678',
				'x-forwarded-host': 'calls.example.com',
				'x-forwarded-proto': 'https',
				'x-plivo-signature-v3': signatureV3('POST', `https://calls.example.com${RESUME_PATH}`, FIELDS, NONCE, AUTH_TOKEN),
				'x-plivo-signature-v3-nonce': NONCE,
			},
		});
		const result = await new PlivoRecording().webhook.call(context);

		expect(result.workflowData?.[0][0].json.recording_id).toBe('r1');
	});

	it.each([
		['a wrong token', resumeCall(FIELDS, RESUME_URL, 'guessed')],
		['another execution’s URL', resumeCall(FIELDS, `${N8N_BASE}/webhook-waiting/41?signature=resume-token`)],
		['a tampered field', (() => {
			const call = resumeCall(FIELDS);
			call.mocks.getBodyData.mockReturnValue({ ...FIELDS, recording_id: 'other' });
			return call;
		})()],
	])('refuses %s with 401 and leaves the execution waiting', async (_case, { context, response }) => {
		const result = await new PlivoRecording().webhook.call(context);

		expect(response.status).toBe(401);
		expect(result).toEqual({ noWebhookResponse: true });
	});

	it('does not resume on a transcription callback', async () => {
		const body = { recording_id: 'r1', transcription: 'hi', transcription_charge: '0.05' };
		const { context, response } = resumeCall(body);
		const result = await new PlivoRecording().webhook.call(context);

		expect(response.status).toBe(200);
		expect(result.workflowData).toBeUndefined();
	});
});
