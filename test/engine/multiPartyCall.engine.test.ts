/**
 * The Multi-Party Call resource (Start, Pause, Resume, Stop Recording; the whole MPC or one
 * participant) run by n8n-core's WorkflowExecute with Plivo's HTTP answered by nock.
 */
import nock from 'nock';

import { ACCOUNT, BASE, BASIC, runAction } from '../support/actionWorkflow';

const MPC_UUID = 'ca5fd1f2-26c0-43e9-a7e4-0dc426e9dd2f';
const byName = { __rl: true, mode: 'name', value: 'Support / 42' };
const byUuid = { __rl: true, mode: 'id', value: MPC_UUID };
const fromList = { __rl: true, mode: 'list', value: MPC_UUID, cachedResultName: 'Support / 42' };
const NAME_PATH = `${ACCOUNT}/MultiPartyCall/${encodeURIComponent('name_Support / 42')}`;
const UUID_PATH = `${ACCOUNT}/MultiPartyCall/uuid_${MPC_UUID}`;

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('Multi-Party Call → Start Recording', () => {
	it('POSTs MultiPartyCall/name_<name>/Record/ with the format and the recording callback', async () => {
		const scope = nock(BASE)
			.post(`${NAME_PATH}/Record/`, {
				file_format: 'mp3',
				recording_callback_url: 'https://n8n.example.com/webhook/abc/webhook',
				recording_callback_method: 'GET',
			})
			.basicAuth(BASIC)
			.reply(200, {
				api_id: 'a1',
				message: 'MPC: Support / 42 record started',
				recording_id: 'r1',
				recording_url: 'https://media.plivo.com/r1.mp3',
			});

		const result = await runAction({
			resource: 'multiPartyCall',
			operation: 'startRecording',
			mpc: byName,
			callbackUrl: 'https://n8n.example.com/webhook/abc/webhook',
			callbackMethod: 'GET',
		});

		expect(result.error()).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(result.output('Plivo')[0].json).toEqual({
			api_id: 'a1',
			message: 'MPC: Support / 42 record started',
			recording_id: 'r1',
			recording_url: 'https://media.plivo.com/r1.mp3',
			mpc_name: 'Support / 42',
		});
	});

	it('one participant: …/Participant/{member}/Record/ with its track type; From List and By UUID send uuid_<uuid>', async () => {
		const scope = nock(BASE)
			.post(`${UUID_PATH}/Participant/2132/Record/`, { file_format: 'wav', record_track_type: 'participant' })
			.times(2)
			.reply(200, { api_id: 'a2', recording_id: 'r2' });

		for (const mpc of [byUuid, fromList]) {
			const result = await runAction({
				resource: 'multiPartyCall',
				operation: 'startRecording',
				mpc,
				scope: 'participant',
				participantId: '2132',
				fileFormat: 'wav',
				recordTrackType: 'participant',
			});
			expect(result.error()).toBeUndefined();
			expect(result.output('Plivo')[0].json).toMatchObject({
				recording_id: 'r2',
				mpc_uuid: MPC_UUID,
				member_id: '2132',
			});
		}
		expect(scope.isDone()).toBe(true);
	});

	it("Transcribe asks Plivo's MPC API for it its own way: transcript and transcription_url (no method)", async () => {
		const scope = nock(BASE)
			.post(`${NAME_PATH}/Record/`, {
				file_format: 'mp3',
				transcript: true,
				transcription_url: 'https://n8n.example.com/webhook/abc/webhook',
			})
			.reply(200, { api_id: 'a3', recording_id: 'r3' });

		const result = await runAction({
			resource: 'multiPartyCall',
			operation: 'startRecording',
			mpc: byName,
			transcribe: true,
			transcriptionUrl: 'https://n8n.example.com/webhook/abc/webhook',
			transcriptionMethod: 'GET',
		});

		expect(result.error()).toBeUndefined();
		expect(scope.isDone()).toBe(true);
	});

	it.each([
		[{ mpc: { __rl: true, mode: 'name', value: '={{ $json.nothing }}' } }, 'Multi-Party Call is empty (item 0)'],
		[{ mpc: byName, scope: 'participant', participantId: ' ' }, 'Participant Member ID is empty (item 0)'],
		[{ mpc: byName, callbackUrl: 'not a url' }, 'Callback URL is not an absolute http(s) URL: "not a url" (item 0)'],
		[
			{ mpc: byName, scope: 'participant', participantId: '7', recordTrackType: 'mine' },
			'Participant Tracks must be all or participant or both, not "mine" (item 0)',
		],
		[{ mpc: byName, fileFormat: 'flac' }, 'File Format must be mp3 or wav, not "flac" (item 0)'],
		[{ mpc: byName, scope: 'everyone' }, 'Record must be multiPartyCall or participant, not "everyone" (item 0)'],
	])('%j fails naming the item and field, and sends nothing', async (parameters, message) => {
		const scope = nock(BASE).post(/.*/).reply(200, {});

		const result = await runAction({ resource: 'multiPartyCall', operation: 'startRecording', ...parameters });

		expect(result.error()?.name).toBe('NodeOperationError');
		expect(result.error()?.message).toBe(message);
		expect(scope.isDone()).toBe(false);
	});
});

describe('Multi-Party Call → Pause, Resume, Stop Recording', () => {
	it.each([
		['pauseRecording', 'post', 'Record/Pause/', { paused: true }],
		['resumeRecording', 'post', 'Record/Resume/', { resumed: true }],
		['stopRecording', 'delete', 'Record/', { stopped: true }],
	] as const)('%s: %s …/%s', async (operation, method, path, done) => {
		const scope = nock(BASE)[method](`${NAME_PATH}/${path}`).basicAuth(BASIC).reply(204);
		const participant = nock(BASE)
			[method](`${NAME_PATH}/Participant/7/${path}`, { record_track_type: 'both' })
			.reply(204);

		const whole = await runAction({ resource: 'multiPartyCall', operation, mpc: byName });
		const one = await runAction({
			resource: 'multiPartyCall',
			operation,
			mpc: byName,
			scope: 'participant',
			participantId: '7',
			recordTrackType: 'both',
		});

		expect(scope.isDone()).toBe(true);
		expect(participant.isDone()).toBe(true);
		expect(whole.output('Plivo')[0].json).toEqual({ mpc_name: 'Support / 42', ...done });
		expect(one.output('Plivo')[0].json).toEqual({ mpc_name: 'Support / 42', member_id: '7', ...done });
	});

	it("an MPC that ended: Plivo's 404 named for the MPC and member", async () => {
		nock(BASE).post(`${UUID_PATH}/Participant/7/Record/Pause/`).reply(404, { api_id: 'e', error: 'MPC not found' });

		const result = await runAction({
			resource: 'multiPartyCall',
			operation: 'pauseRecording',
			mpc: byUuid,
			scope: 'participant',
			participantId: '7',
		});

		expect(result.error()?.message).toBe(
			`Plivo has no active Multi-Party Call with UUID "${MPC_UUID}" with member "7" (404)`,
		);
		expect(result.error()?.description).toContain('Plivo said: "MPC not found"');
	});

	it("a pause Plivo refuses (nothing is recording) fails the item with Plivo's own words", async () => {
		nock(BASE).post(`${NAME_PATH}/Record/Pause/`).reply(400, { api_id: 'e', error: 'no active recording' });

		const result = await runAction({ resource: 'multiPartyCall', operation: 'pauseRecording', mpc: byName });

		expect(result.error()?.message).toBe('Plivo rejected the request: no active recording');
	});
});
