/**
 * A small stand-in for the IWebhookFunctions context n8n hands to a trigger's webhook(), with
 * an express-like response that records what the node sent.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import type { IWebhookFunctions } from 'n8n-workflow';

import { PlivoRecordingTrigger } from '../../nodes/PlivoRecordingTrigger/PlivoRecordingTrigger.node';

export const AUTH_ID = 'MAXXXXXXXXXXXXXXXXXX';
export const AUTH_TOKEN = 'dGVzdEF1dGhUb2tlbkZvclBsaXZvUmVjb3JkaW5nMDE';
export const WEBHOOK_ID = '3f1c9a7e-5b2d-4c8e-9f10-2a3b4c5d6e7f';
export const N8N_BASE = 'http://127.0.0.1:5678';
export const PRODUCTION_URL = `${N8N_BASE}/webhook/${WEBHOOK_ID}/webhook`;
export const TEST_URL = `${N8N_BASE}/webhook-test/${WEBHOOK_ID}/webhook`;
export const PRODUCTION_PATH = `/webhook/${WEBHOOK_ID}/webhook`;
export const TEST_PATH = `/webhook-test/${WEBHOOK_ID}/webhook`;

let nonces = 0;
/**
 * A 20-digit nonce never handed out before in this test file, as Plivo gives every callback
 * its own: the webhooks refuse a nonce they have already accepted.
 */
export function freshNonce(): string {
	return String(40000000000000000000n + BigInt(++nonces));
}

export interface RecordedResponse {
	status?: number;
	type?: string;
	body?: unknown;
	/** How many times send() was called: a request is answered exactly once. */
	sendCount: number;
}

export interface FakeResponse extends EventEmitter {
	statusCode: number;
	status: jest.Mock<FakeResponse, [number]>;
	type: jest.Mock<FakeResponse, [string]>;
	send: jest.Mock<FakeResponse, [unknown]>;
}

export interface WebhookCall {
	method: 'GET' | 'POST';
	/** Lower-case names, as node's http module gives them. */
	headers?: Record<string, string | string[]>;
	/** The path and query as called, e.g. '/webhook/<id>/webhook?flow=a'. */
	originalUrl: string;
	body?: Record<string, unknown>;
	query?: Record<string, unknown>;
	/** Node parameters; the node's own defaults are used for those not given. */
	parameters?: Record<string, unknown>;
	credentials?: { authId: string; authToken: string; baseUrl: string };
	/** What getNodeWebhookUrl('default') returns (n8n's production URL). */
	webhookUrl?: string;
	/** 'manual' for a test-URL call; 'webhook' (production) by default. */
	mode?: 'manual' | 'webhook';
	/** The trigger node's id: a fresh one per context unless given, so memories do not mix. */
	nodeId?: string;
	/**
	 * The id of the credential the node names (getNode().credentials): a fresh one per context
	 * unless given, so the credential memory never carries a token from one context into
	 * another; null for a node that names none.
	 */
	credentialId?: string | null;
	/** The node's On Error setting (getNode().onError), e.g. 'continueRegularOutput'. */
	onError?: string;
	/** The workflow's id (getWorkflow().id); 'workflow-1' unless given. */
	workflowId?: string;
	/** What getExecutionId() returns (the waiting execution, for a resume URL call). */
	executionId?: string;
	/** Answers media downloads: which URL, and whether the credential was attached. */
	media?: (
		url: string,
		withCredentials: boolean,
	) => { statusCode: number; headers?: Record<string, string>; body?: Buffer };
}

export function buildWebhookContext(call: WebhookCall) {
	const response: RecordedResponse = { sendCount: 0 };
	const res: FakeResponse = Object.assign(new EventEmitter(), {
		statusCode: 200,
		status: jest.fn((code: number) => {
			response.status = code;
			res.statusCode = code;
			return res;
		}),
		type: jest.fn((contentType: string) => {
			response.type = contentType;
			return res;
		}),
		send: jest.fn((body: unknown) => {
			response.body = body;
			response.sendCount++;
			return res;
		}),
	});
	/**
	 * What n8n does with a webhook the node left for it to answer: sends `statusCode` once the
	 * execution exists (200), or an error when it could not start one; or the client hangs up
	 * before any answer (undefined).
	 */
	const n8nAnswers = (statusCode: number | undefined) => {
		if (statusCode !== undefined) {
			res.statusCode = statusCode;
			res.emit('finish');
		}
		res.emit('close');
	};
	const req = {
		method: call.method,
		headers: call.headers ?? {},
		originalUrl: call.originalUrl,
		url: call.originalUrl,
	};
	const parameters: Record<string, unknown> = {
		events: ['recording', 'transcription'],
		verifySignature: true,
		options: {},
		...call.parameters,
	};
	const credentials = call.credentials ?? {
		authId: AUTH_ID,
		authToken: AUTH_TOKEN,
		baseUrl: 'https://api.plivo.com',
	};

	const nodeId = call.nodeId ?? randomUUID();
	const credentialId = call.credentialId === undefined ? randomUUID() : call.credentialId;
	const nodeCredentials =
		credentialId === null ? {} : { credentials: { plivoRecordingApi: { id: credentialId, name: 'Plivo' } } };
	const answerMedia = (url: string, withCredentials: boolean) => {
		if (!call.media) throw new Error(`unexpected download of ${url}`);
		const answer = call.media(url, withCredentials);
		return {
			statusCode: answer.statusCode,
			headers: answer.headers ?? {},
			body: Readable.from([answer.body ?? Buffer.alloc(0)]),
		};
	};

	const mocks = {
		getRequestObject: jest.fn(() => req),
		getResponseObject: jest.fn(() => res),
		getBodyData: jest.fn(() => call.body ?? {}),
		getQueryData: jest.fn(() => call.query ?? {}),
		getHeaderData: jest.fn(() => req.headers),
		getNodeParameter: jest.fn((name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback)),
		getCredentials: jest.fn(async () => credentials),
		getNodeWebhookUrl: jest.fn((name: string) =>
			name === 'default' ? (call.webhookUrl ?? PRODUCTION_URL) : undefined,
		),
		getMode: jest.fn(() => call.mode ?? 'webhook'),
		getExecutionId: jest.fn(() => call.executionId ?? '1'),
		getWorkflow: jest.fn(() => ({ id: call.workflowId ?? 'workflow-1', name: 'callbacks', active: true })),
		getNode: jest.fn(() => ({
			id: nodeId,
			name: 'Plivo Recording Callback',
			type: 'n8n-nodes-plivo-recording.plivoRecordingTrigger',
			webhookId: WEBHOOK_ID,
			...nodeCredentials,
			...(call.onError !== undefined ? { onError: call.onError } : {}),
		})),
		helpers: {
			httpRequestWithAuthentication: jest.fn(async (_type: string, options: { url: string }) =>
				answerMedia(options.url, true),
			),
			httpRequest: jest.fn(async (options: { url: string }) => answerMedia(options.url, false)),
			prepareBinaryData: jest.fn(async (data: Buffer, fileName?: string, mimeType?: string) => ({
				data: data.toString('base64'),
				fileName,
				mimeType,
				fileSize: String(data.length),
			})),
		},
	};

	return { context: mocks as unknown as IWebhookFunctions, mocks, response, n8nAnswers };
}

/** Calls the trigger's webhook() with the request `call`: what it returned, and what it answered. */
export async function runTrigger(call: WebhookCall) {
	const built = buildWebhookContext(call);
	const result = await new PlivoRecordingTrigger().webhook.call(built.context);
	return { ...built, result };
}

/** A recording callback for the trigger with Verify Signature off (the tests of what follows the signature). */
export function unsignedRecordingCallback(recordingId: string, extra: Partial<WebhookCall> = {}): WebhookCall {
	return {
		method: 'POST',
		originalUrl: PRODUCTION_PATH,
		body: {
			record_url: `https://media.plivo.com/v1/Account/${AUTH_ID}/Recording/${recordingId}.mp3`,
			recording_id: recordingId,
			recording_duration: '2',
		},
		...extra,
		parameters: { verifySignature: false, ...extra.parameters },
	};
}
