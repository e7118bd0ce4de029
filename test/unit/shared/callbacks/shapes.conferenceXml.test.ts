/**
 * The trigger and a conference recorded by the Conference XML element (record="true"): Plivo
 * reports to the element's callbackUrl with its XML names. The finished file starts the workflow
 * as the Record API's callback does; the conference's other events (a member entering…) are
 * answered and start nothing.
 */
import { signatureV3 } from '../../../../tools/fakePlivo';
import {
	AUTH_TOKEN,
	runTrigger,
	freshNonce,
	PRODUCTION_PATH,
	PRODUCTION_URL,
	type WebhookCall,
} from '../../../support/webhookContext';

const MP3 = Buffer.from('fffb9064000000000000000000000000', 'hex');
const RECORD_URL = 'https://media.plivo.com/v1/Account/MAXXXXXXXXXXXXXXXXXX/Recording/xml-rec-1.mp3';

const finished = (recordingId = 'xml-rec-1') => ({
	ConferenceAction: 'record',
	ConferenceName: 'Daily Standup',
	ConferenceUUID: 'conf-uuid-1',
	RecordUrl: RECORD_URL.replace('xml-rec-1', recordingId),
	RecordingID: recordingId,
	RecordingDuration: '312',
	RecordingDurationMs: '312480',
	RecordingStartMs: '1764080000000',
	RecordingEndMs: '1764080312480',
});

/** A POST Plivo signed (V3) for the production URL. */
function signed(body: Record<string, string>, extra: Partial<WebhookCall> = {}): WebhookCall {
	const nonce = freshNonce();
	return {
		method: 'POST',
		originalUrl: PRODUCTION_PATH,
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			'x-plivo-signature-v3': signatureV3('POST', PRODUCTION_URL, body, nonce, AUTH_TOKEN),
			'x-plivo-signature-v3-nonce': nonce,
		},
		body,
		...extra,
	};
}

const run = runTrigger;

describe('a Conference XML recording callback', () => {
	it("starts the workflow as a recording event, with the API callback's names and the XML ones", async () => {
		const { result } = await run(signed(finished()));

		expect(result.workflowData?.[0][0].json).toEqual({
			event: 'recording',
			source: 'xml',
			...finished(),
			RecordingDuration: 312,
			RecordingDurationMs: 312480,
			RecordingStartMs: 1764080000000,
			RecordingEndMs: 1764080312480,
			record_url: RECORD_URL,
			recording_id: 'xml-rec-1',
			recording_duration: 312,
			recording_duration_ms: 312480,
			recording_start_ms: 1764080000000,
			recording_end_ms: 1764080312480,
			conference_name: 'Daily Standup',
			conference_uuid: 'conf-uuid-1',
			recording_start: '2025-11-25T14:13:20.000Z',
			recording_end: '2025-11-25T14:18:32.480Z',
		});
	});

	it('a member entering or leaving the recorded conference is answered 200 and starts nothing', async () => {
		for (const ConferenceAction of ['enter', 'exit']) {
			const { result, response } = await run(
				signed({
					ConferenceAction,
					ConferenceName: 'Daily Standup',
					ConferenceUUID: 'c',
					ConferenceMemberID: '4387',
					CallUUID: 'u',
					RecordUrl: RECORD_URL,
					RecordingID: 'xml-rec-1',
				}),
			);
			expect([ConferenceAction, result]).toEqual([ConferenceAction, { noWebhookResponse: true }]);
			expect(response).toMatchObject({ status: 200, body: 'OK' });
		}
	});

	it("Plivo's repeat of it is a duplicate, by its RecordingID", async () => {
		const nodeId = 'xml-dup-node';
		const first = await run(signed(finished('xml-dup'), { nodeId }));
		const repeat = await run(signed(finished('xml-dup'), { nodeId }));

		expect(first.result.workflowData).toHaveLength(1);
		expect(repeat.result).toEqual({ noWebhookResponse: true });
	});

	it('a forged one gets 401', async () => {
		const call = signed(finished('xml-forged'));
		const { result, response } = await run({
			...call,
			body: { ...finished('xml-forged'), RecordUrl: 'https://media.plivo.com/other.mp3' },
		});

		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.status).toBe(401);
	});

	it('Download Recording fetches its RecordUrl with the credential', async () => {
		const seen: Array<[string, boolean]> = [];
		const { result } = await run(
			signed(finished('xml-dl'), {
				parameters: { downloadRecording: true },
				media: (url, withCredentials) => {
					seen.push([url, withCredentials]);
					return { statusCode: 200, headers: { 'content-type': 'audio/mpeg' }, body: MP3 };
				},
			}),
		);

		expect(seen).toEqual([[RECORD_URL.replace('xml-rec-1', 'xml-dl'), true]]);
		expect(result.workflowData?.[0][0].binary?.data).toMatchObject({ mimeType: 'audio/mpeg', fileName: 'xml-dl.mp3' });
	});
});
