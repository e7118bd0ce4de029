/**
 * The trigger's memory of its credential (nodes/shared/callbacks/credentialMemory.ts): n8n
 * reads the credential once per CREDENTIAL_MEMORY_MS, not once per callback; a new Auth Token
 * works at once, the old one stops within the lifetime; two credentials never share a token.
 * Time is moved by hand (Date.now), nothing waits and nothing is timed.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	CREDENTIAL_MEMORY_MS,
	CredentialMemory,
	FORCED_READ_AT_MOST_EVERY_MS,
} from '../../../../nodes/shared/callbacks/credentialMemory';
import { PlivoRecordingTrigger } from '../../../../nodes/PlivoRecordingTrigger/PlivoRecordingTrigger.node';
import { signatureV3 } from '../../../../tools/fakePlivo';
import type { StringParams as Params } from '../../../../tools/fakePlivo/types';
import {
	AUTH_ID,
	AUTH_TOKEN,
	PRODUCTION_PATH,
	PRODUCTION_URL,
	buildWebhookContext,
} from '../../../support/webhookContext';

const NEW_TOKEN = 'bmV3QXV0aFRva2VuQWZ0ZXJSb3RhdGlvbjAwMDAwMDE';
const OTHER_TOKEN = 'b3RoZXJDcmVkZW50aWFsc0F1dGhUb2tlbjAwMDAwMDE';
const INVALID = 'Invalid Plivo signature';

let sequence = 0;
const nextNonce = () => String(50000000000000000000n + BigInt(++sequence));

/** One trigger node with one credential in n8n: what n8n stores for it, and how often n8n was asked. */
function triggerNode(token = AUTH_TOKEN) {
	const stored = { authId: AUTH_ID, authToken: token, baseUrl: 'https://api.plivo.com' };
	const node = { nodeId: randomUUID(), credentialId: randomUUID() as string | null, workflowId: 'workflow-1' };
	let reads = 0;

	/** A recording callback (its own recording_id and nonce) signed with `signingToken`. */
	async function callback(signingToken: string, parameters: Record<string, unknown> = {}) {
		const body: Params = {
			recording_id: `rec-${++sequence}`,
			record_url: 'https://media.plivo.com/v1/Account/MAXXXXXXXXXXXXXXXXXX/Recording/x.mp3',
			recording_duration: '17',
		};
		const nonce = nextNonce();
		const { context, mocks, response } = buildWebhookContext({
			method: 'POST',
			originalUrl: PRODUCTION_PATH,
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				'x-plivo-signature-v3': signatureV3('POST', PRODUCTION_URL, body, nonce, signingToken),
				'x-plivo-signature-v3-nonce': nonce,
			},
			body,
			credentials: stored,
			parameters,
			...node,
		});
		const result = await new PlivoRecordingTrigger().webhook.call(context);
		reads += mocks.getCredentials.mock.calls.length;
		const started = result.workflowData !== undefined;
		return { started, status: started ? 200 : response.status, body: response.body, result };
	}

	return {
		stored,
		node,
		callback,
		reads: () => reads,
	};
}

let clock = Date.parse('2026-11-26T10:00:00Z');
const advance = (ms: number) => (clock += ms);

beforeEach(() => {
	jest.spyOn(Date, 'now').mockImplementation(() => clock);
});
afterEach(() => jest.restoreAllMocks());

describe('the trigger reads its credential once per lifetime, not per callback', () => {
	it('states its lifetime as the README tells users: 60 seconds', () => {
		expect(CREDENTIAL_MEMORY_MS).toBe(60_000);
		const span = `${CREDENTIAL_MEMORY_MS / 1000} seconds`;
		const readme = readFileSync(join(__dirname, '..', '..', '..', '..', 'README.md'), 'utf8');
		expect(readme).toContain(`in the memory of the n8n process for **${span}**`);
		expect(readme).toContain(`at most ${span} after the`);
	});

	it('one read through n8n for 50 callbacks within the lifetime', async () => {
		const trigger = triggerNode();
		for (let i = 0; i < 50; i++) {
			expect(await trigger.callback(AUTH_TOKEN)).toMatchObject({ started: true });
			advance((CREDENTIAL_MEMORY_MS - 1) / 50);
		}
		expect(trigger.reads()).toBe(1);
	});

	it('one read for 32 callbacks that arrive together before anything is remembered', async () => {
		const trigger = triggerNode();
		const outcomes = await Promise.all(Array.from({ length: 32 }, async () => await trigger.callback(AUTH_TOKEN)));
		expect(outcomes.every((outcome) => outcome.started)).toBe(true);
		expect(trigger.reads()).toBe(1);
	});

	it('reads again once the lifetime has passed', async () => {
		const trigger = triggerNode();
		await trigger.callback(AUTH_TOKEN);
		advance(CREDENTIAL_MEMORY_MS - 1);
		await trigger.callback(AUTH_TOKEN);
		expect(trigger.reads()).toBe(1);
		advance(1);
		expect(await trigger.callback(AUTH_TOKEN)).toMatchObject({ started: true });
		expect(trigger.reads()).toBe(2);
		await trigger.callback(AUTH_TOKEN);
		expect(trigger.reads()).toBe(2);
	});

	it('a node that names no credential id is read every time (nothing kept)', async () => {
		const trigger = triggerNode();
		trigger.node.credentialId = null;
		await trigger.callback(AUTH_TOKEN);
		await trigger.callback(AUTH_TOKEN);
		expect(trigger.reads()).toBe(2);
	});

	it('keeps the token out of what the node gets: no item, answer or returned field carries it', async () => {
		const trigger = triggerNode();
		const outcome = await trigger.callback(AUTH_TOKEN, { downloadRecording: false });
		expect(JSON.stringify(outcome.result)).not.toContain(AUTH_TOKEN);
		const refused = await trigger.callback(OTHER_TOKEN);
		expect(JSON.stringify(refused)).not.toContain(AUTH_TOKEN);
	});
});

describe('a rotated Auth Token', () => {
	it('the new token works at once: a failed check reads the credential again before refusing', async () => {
		const trigger = triggerNode();
		await trigger.callback(AUTH_TOKEN);
		trigger.stored.authToken = NEW_TOKEN;

		expect(await trigger.callback(NEW_TOKEN)).toMatchObject({ started: true });
		expect(trigger.reads()).toBe(2);
		// And is remembered from then on.
		await trigger.callback(NEW_TOKEN);
		await trigger.callback(NEW_TOKEN);
		expect(trigger.reads()).toBe(2);
	});

	it('the old token still works until the lifetime ends (if no callback signed with the new one came), then stops', async () => {
		const trigger = triggerNode();
		await trigger.callback(AUTH_TOKEN);
		trigger.stored.authToken = NEW_TOKEN;

		advance(CREDENTIAL_MEMORY_MS - 1);
		expect(await trigger.callback(AUTH_TOKEN)).toMatchObject({ started: true });
		advance(1);
		expect(await trigger.callback(AUTH_TOKEN)).toMatchObject({ started: false, status: 401, body: INVALID });
		expect(await trigger.callback(NEW_TOKEN)).toMatchObject({ started: true });
	});

	it('the old token stops at once after the first callback signed with the new one', async () => {
		const trigger = triggerNode();
		await trigger.callback(AUTH_TOKEN);
		trigger.stored.authToken = NEW_TOKEN;
		await trigger.callback(NEW_TOKEN);

		expect(await trigger.callback(AUTH_TOKEN)).toMatchObject({ started: false, status: 401, body: INVALID });
	});

	it('a forged signature costs one read again, not more, and is refused', async () => {
		const trigger = triggerNode();
		await trigger.callback(AUTH_TOKEN);
		expect(await trigger.callback(OTHER_TOKEN)).toMatchObject({ started: false, status: 401, body: INVALID });
		expect(trigger.reads()).toBe(2);
	});

	it('a flood of forged signatures reads the credential again at most once a second', async () => {
		const trigger = triggerNode();
		await trigger.callback(AUTH_TOKEN);
		for (let i = 0; i < 20; i++)
			expect(await trigger.callback(OTHER_TOKEN)).toMatchObject({ started: false, status: 401 });
		expect(trigger.reads()).toBe(2);
		advance(FORCED_READ_AT_MOST_EVERY_MS);
		await trigger.callback(OTHER_TOKEN);
		expect(trigger.reads()).toBe(3);
		// Genuine callbacks meanwhile are still accepted from memory.
		expect(await trigger.callback(AUTH_TOKEN)).toMatchObject({ started: true });
	});

	it('a forged signature on an empty memory is refused after the one read it needed', async () => {
		const trigger = triggerNode();
		expect(await trigger.callback(OTHER_TOKEN)).toMatchObject({ started: false, status: 401 });
		expect(trigger.reads()).toBe(1);
	});
});

describe('two credentials never share a token', () => {
	it('two credentials on the same workflow and node (the node switched) each read and keep their own', async () => {
		const first = triggerNode(AUTH_TOKEN);
		const second = triggerNode(OTHER_TOKEN);
		second.node.nodeId = first.node.nodeId;
		second.node.workflowId = first.node.workflowId;

		await first.callback(AUTH_TOKEN);
		expect(await second.callback(AUTH_TOKEN)).toMatchObject({ started: false, status: 401 });
		expect(await second.callback(OTHER_TOKEN)).toMatchObject({ started: true });
		expect(await first.callback(OTHER_TOKEN)).toMatchObject({ started: false, status: 401 });
		expect(await first.callback(AUTH_TOKEN)).toMatchObject({ started: true });
	});

	it('the same credential in two workflows is kept apart (each node reads its own)', async () => {
		const first = triggerNode();
		const second = triggerNode();
		second.node.credentialId = first.node.credentialId;
		second.node.workflowId = 'workflow-2';
		await first.callback(AUTH_TOKEN);
		await second.callback(AUTH_TOKEN);
		expect([first.reads(), second.reads()]).toEqual([1, 1]);
	});

	it('an empty Auth Token verifies nothing (a signature made with an empty key is refused)', async () => {
		const trigger = triggerNode('');
		expect(await trigger.callback('')).toMatchObject({ started: false, status: 401 });
	});
});

describe('CredentialMemory', () => {
	const credential = (authToken: string) => async () => ({
		authId: AUTH_ID,
		authToken,
		baseUrl: 'https://api.plivo.com',
		extra: 'x',
	});

	it('keeps only the Auth ID, Auth Token and Base URL, frozen', async () => {
		const memory = new CredentialMemory(1000, 10, () => 0);
		const { credential: kept, fresh } = await memory.recall('k', credential('t'));
		expect(fresh).toBe(true);
		expect(kept).toEqual({ authId: AUTH_ID, authToken: 't', baseUrl: 'https://api.plivo.com' });
		expect(Object.isFrozen(kept)).toBe(true);
		expect(await memory.recall('k', credential('other'))).toEqual({ credential: kept, fresh: false });
	});

	it('a read that started before the one memory holds does not replace it', async () => {
		let now = 0;
		const memory = new CredentialMemory(1000, 10, () => now);
		let finishSlow: (value: { authToken: string }) => void = () => undefined;
		const slow = memory.readAgain('k', async () => await new Promise((resolve) => (finishSlow = resolve)));
		now = 5;
		await memory.readAgain('k', credential('newer'));
		finishSlow({ authToken: 'older' });
		await slow;
		expect((await memory.recall('k', credential('unused'))).credential.authToken).toBe('newer');
	});

	it('a failed read is not kept: the next callback reads again', async () => {
		const memory = new CredentialMemory(1000, 10, () => 0);
		await expect(memory.recall('k', async () => await Promise.reject(new Error('database down')))).rejects.toThrow(
			'database down',
		);
		expect((await memory.recall('k', credential('t'))).fresh).toBe(true);
	});

	it('holds at most its limit, dropping the oldest first', async () => {
		const memory = new CredentialMemory(1000, 2, () => 0);
		await memory.recall('a', credential('a'));
		await memory.recall('b', credential('b'));
		await memory.recall('c', credential('c'));
		expect((await memory.recall('a', credential('a'))).fresh).toBe(true);
		expect((await memory.recall('c', credential('c'))).fresh).toBe(false);
	});
});
