import { PlivoRecording } from '../../../../nodes/PlivoRecording/PlivoRecording.node';
import {
	AUTH_TOKEN,
	buildWebhookContext,
	freshNonce,
	N8N_BASE,
	PRODUCTION_URL,
	WEBHOOK_ID,
} from '../../../support/webhookContext';
import { signatureV3 } from '../../../../tools/fakePlivo';

const EXECUTION_ID = '42';
const NODE_ID = 'b7e0c1d2-0000-4000-8000-00000000000a';
const RESUME_PATH = `/webhook-waiting/${EXECUTION_ID}?signature=resume-token`;
const RESUME_URL = `${N8N_BASE}${RESUME_PATH}`;
const FIELDS = {
	record_url: 'https://media.plivo.com/v1/Account/MAX/Recording/r1.mp3',
	recording_id: 'r1',
	conference_name: 'Waiting Room',
	recording_duration_ms: '2500',
	recording_start_ms: '1764080000000',
	recording_end_ms: '1764080002500',
};

interface ResumeCall {
	body?: Record<string, string>;
	signedUrl?: string;
	token?: string;
	nonce?: string;
	headers?: Record<string, string>;
	/** n8n's public address, as its configuration (WEBHOOK_URL) gives it. */
	n8nBase?: string;
	originalUrl?: string;
	onError?: string;
}

/** A POST to this execution's resume URL, signed by Plivo for `signedUrl`. */
function resumeCall({
	body = FIELDS,
	signedUrl = RESUME_URL,
	token = AUTH_TOKEN,
	nonce = freshNonce(),
	headers = {},
	n8nBase = N8N_BASE,
	originalUrl = RESUME_PATH,
	onError,
}: ResumeCall = {}) {
	return buildWebhookContext({
		method: 'POST',
		originalUrl,
		body,
		headers: {
			host: '127.0.0.1:5678',
			'content-type': 'application/x-www-form-urlencoded',
			'x-plivo-signature-v3': signatureV3('POST', signedUrl, body, nonce, token),
			'x-plivo-signature-v3-nonce': nonce,
			...headers,
		},
		nodeId: NODE_ID,
		executionId: EXECUTION_ID,
		onError,
		// What n8n 2.41 gives this node's webhook: its configured address, endpoint, webhook id
		// and an empty path (its `$nodeId` path is not resolved there).
		webhookUrl: `${n8nBase}/webhook/${WEBHOOK_ID}/`,
	});
}

async function resume(call: ReturnType<typeof buildWebhookContext>) {
	return await new PlivoRecording().webhook.call(call.context);
}

function expectStillWaiting(result: Awaited<ReturnType<typeof resume>>, response: { status?: number }, status = 401) {
	expect(response.status).toBe(status);
	expect(result).toEqual({ noWebhookResponse: true });
}

describe('the waiting action’s resume webhook', () => {
	it('resumes with the recording’s typed fields when Plivo’s signature is right', async () => {
		const call = resumeCall();
		const result = await resume(call);

		// n8n answers once the execution has resumed (2.x), so a failure to resume reaches Plivo.
		expect(call.response).toEqual({ type: 'text/plain', sendCount: 0 });
		expect(result.noWebhookResponse).toBeUndefined();
		expect(result.workflowData).toEqual([
			[
				{
					json: {
						event: 'recording',
						source: 'conference',
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

	it('behind a proxy, checks the address n8n is configured with (WEBHOOK_URL), path prefix included', async () => {
		const publicBase = 'https://calls.example.com/n8n';
		const call = resumeCall({
			n8nBase: publicBase,
			signedUrl: `${publicBase}${RESUME_PATH}`,
			headers: { host: '10.0.0.5:5678' },
		});

		expect((await resume(call)).workflowData?.[0][0].json.recording_id).toBe('r1');
	});

	it('resumes at the resume path followed by the node id', async () => {
		const path = `/webhook-waiting/${EXECUTION_ID}/${NODE_ID}`;
		const call = resumeCall({ originalUrl: path, signedUrl: `${N8N_BASE}${path}` });

		expect((await resume(call)).workflowData?.[0][0].json.recording_id).toBe('r1');
	});

	it.each([
		['a wrong token', () => resumeCall({ token: 'guessed' })],
		[
			'another execution’s URL',
			() => resumeCall({ signedUrl: `${N8N_BASE}/webhook-waiting/41?signature=resume-token` }),
		],
		['the trigger’s URL', () => resumeCall({ signedUrl: PRODUCTION_URL })],
		[
			'a tampered field',
			() => {
				const call = resumeCall();
				call.mocks.getBodyData.mockReturnValue({ ...FIELDS, recording_id: 'other' });
				return call;
			},
		],
	])('refuses a signature made with %s: 401, the execution keeps waiting', async (_case, build) => {
		const call = build();
		expectStillWaiting(await resume(call), call.response);
	});

	// The attack: the resume URL once trusted X-Forwarded-Host, and a '#' in it turned the real
	// path into a fragment, so a callback Plivo signed for another URL verified here.
	it.each<[string, Record<string, string>]>([
		['X-Forwarded-Host ending in "#"', { 'x-forwarded-host': `127.0.0.1:5678/webhook/${WEBHOOK_ID}/webhook#` }],
		['X-Forwarded-Host of the signed host', { 'x-forwarded-host': 'calls.example.com', 'x-forwarded-proto': 'https' }],
		['Host ending in "#"', { host: `127.0.0.1:5678/webhook/${WEBHOOK_ID}/webhook#` }],
	])('refuses a signature for another URL whatever %s says', async (_case, headers) => {
		const signedUrl =
			headers['x-forwarded-host'] === 'calls.example.com' ? `https://calls.example.com${RESUME_PATH}` : PRODUCTION_URL;
		const call = resumeCall({ signedUrl, headers });
		expectStillWaiting(await resume(call), call.response);
	});

	it('refuses a V2 signature: a resume URL takes V3 only', async () => {
		const call = resumeCall();
		const {
			'x-plivo-signature-v3': _v3,
			'x-plivo-signature-v3-nonce': _nonce,
			...rest
		} = call.mocks.getHeaderData() as Record<string, string>;
		const request = call.mocks.getRequestObject() as { headers: Record<string, string> };
		request.headers = { ...rest, 'x-plivo-signature-v2': 'djI=', 'x-plivo-signature-v2-nonce': '1' };
		expectStillWaiting(await resume(call), call.response);
	});

	it('does not resume twice on the same nonce (a replay), whatever the body', async () => {
		const nonce = freshNonce();
		const first = resumeCall({ nonce });
		expect((await resume(first)).workflowData).toBeDefined();
		first.n8nAnswers(200);

		const replay = resumeCall({ nonce });
		expectStillWaiting(await resume(replay), replay.response, 200);
	});

	it('does not resume on a transcription callback', async () => {
		const call = resumeCall({ body: { recording_id: 'r1', transcription: 'hi', transcription_charge: '0.05' } });
		const result = await resume(call);

		expect(call.response.status).toBe(200);
		expect(result.workflowData).toBeUndefined();
	});

	describe('a Multi-Party Call recording', () => {
		const step = (EventName: string, extra: Record<string, string> = {}) => ({
			EventName,
			MPCName: 'Support 42',
			MPCUUID: 'mpc-1',
			RecordingUUID: 'r7',
			SequenceNumber: '1',
			...extra,
		});

		it('waits on through its started, paused and resumed steps, and resumes with the finished file', async () => {
			for (const name of ['MPCRecordingInitiated', 'MPCRecordingPaused', 'MPCRecordingResumed']) {
				const call = resumeCall({ body: step(name) });
				expectStillWaiting(await resume(call), call.response, 200);
			}
			const done = resumeCall({
				body: step('MPCRecordingCompleted', { RecordingURL: 'https://media.plivo.com/r7.mp3', SequenceNumber: '4' }),
			});
			expect((await resume(done)).workflowData?.[0][0].json).toMatchObject({
				event: 'recording',
				source: 'multiPartyCall',
				recording_id: 'r7',
				record_url: 'https://media.plivo.com/r7.mp3',
			});
		});

		it('a failed recording fails the item, saying so (n8n ends the execution with the error at this node)', async () => {
			const call = resumeCall({ body: step('MPCRecordingFailed') });

			await expect(resume(call)).rejects.toThrow('Plivo reports that recording "r7" failed: there is no file');
		});

		it('with Continue On Fail, the workflow goes on with the failure as the item', async () => {
			const call = resumeCall({
				body: step('ParticipantRecordingFailed', { MemberID: '3' }),
				onError: 'continueRegularOutput',
			});

			expect((await resume(call)).workflowData?.[0][0].json).toMatchObject({
				event: 'recordingFailed',
				source: 'participant',
				member_id: '3',
				recording_wait: 'failed',
				error: 'Plivo reports that recording "r7" failed: there is no file',
			});
		});
	});
});
