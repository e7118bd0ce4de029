/**
 * The one way in for Plivo's callbacks, for the trigger and for the resume webhook of "Wait for
 * Recording to Finish": receivePlivoCallback judges a webhook request cheaply and safely and
 * returns either one typed event or "already answered".
 *
 * A request is hostile until its signature holds, so it is judged from its headers first (no
 * signature → 401 without reading the body), then its fields are bounded (bounds.ts) before
 * anything is hashed, then the signature is checked against the URLs Plivo may have signed
 * (urls.ts, from n8n's configuration only), and a nonce already used is a replay (replay.ts).
 * The credential is read only once headers and fields passed, and from the process's memory of
 * it (credentialMemory.ts): n8n's own read of a credential in a webhook costs more than the rest
 * of a callback. Then the callback's shape gives its event (shapes.ts), and a repeat of an event
 * already started is answered and ignored (duplicates.ts).
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { PLIVO_CREDENTIAL_TYPE, plivoBaseUrl } from '../credential';
import { ignoreCallback, onCallbackNotAccepted, refuse } from './answers';
import { readCallbackFields } from './bounds';
import { credentialMemory, credentialMemoryKey } from './credentialMemory';
import { callbackKey, recentCallbacks } from './duplicates';
import { nonceKey, usedNonces } from './replay';
import { classifyCallback, typeCallback, type CallbackEvent } from './shapes';
import { n8nRootOf, nodeWebhookKey, signedUrlCandidates } from './urls';
import { readSignatureHeaders, REFUSAL_MESSAGES, verifyCallback } from './verify';

/** Which webhook received the callback: the URLs Plivo may have signed depend on it. */
export type CallbackWebhook =
	/** The trigger's: its production and test URLs, and the user's Public URL option. */
	| { kind: 'trigger'; publicUrl: string }
	/** An execution's resume URL ("Wait for Recording to Finish"). */
	| { kind: 'resume' };

export interface CallbackPolicy {
	webhook: CallbackWebhook;
	verifySignature: boolean;
	/** Whether a V2 signature (URL and nonce only, not the fields) is enough when no V3 came. */
	acceptV2: boolean;
	/** The events that start (or resume) the execution; other callbacks are answered and ignored. */
	events: CallbackEvent[];
	/** Whether a repeat of an event already started is answered and ignored (never for the test URL). */
	ignoreDuplicates: boolean;
	/** Whether the caller needs the credential's Base URL (a download) even without a signature check. */
	needCredentials: boolean;
}

export interface CallbackEventReceived {
	event: CallbackEvent;
	/** Every field Plivo sent, typed (shapes.ts). */
	fields: IDataObject;
	/** The credential's Base URL (its host may see the credential), when it was read. */
	baseUrl: string;
}

/** Either the callback's event, or the request was answered already and nothing starts. */
export type ReceivedCallback = CallbackEventReceived | { answered: IWebhookResponseData };

/**
 * Every URL Plivo may have signed for this request: n8n's configured address with the path
 * and query as called, when that path is this webhook's (the trigger's path, or this
 * execution's resume path, optionally followed by the node's id); for the trigger also its
 * production URL and the Public URL option.
 */
function signedUrls(this: IWebhookFunctions, webhook: CallbackWebhook): string[] {
	const request = this.getRequestObject();
	const node = this.getNode();
	const configuredUrl = this.getNodeWebhookUrl('default') ?? '';
	const nodeKey = nodeWebhookKey(node, String(this.getWorkflow().id ?? ''));
	const called = request.originalUrl ?? request.url;
	const n8nRoot = n8nRootOf(configuredUrl, nodeKey);
	if (webhook.kind === 'trigger') {
		return signedUrlCandidates({
			n8nRoot,
			called,
			routePaths: [`${nodeKey}/webhook`],
			configuredUrls: [configuredUrl],
			publicUrl: webhook.publicUrl,
		});
	}
	const executionId = this.getExecutionId();
	return signedUrlCandidates({ n8nRoot, called, routePaths: [executionId, `${executionId}/${node.id}`] });
}

/**
 * Receives a Plivo callback from an n8n webhook request. Answers the request itself when it is
 * refused (401 signature, 400/413/415 fields), a replay of a nonce already used, an event the
 * policy does not start, or a duplicate (200): then nothing starts. Otherwise returns the typed
 * event, and the caller starts (or resumes) the execution with it (answers.ts, startExecution).
 */
export async function receivePlivoCallback(this: IWebhookFunctions, policy: CallbackPolicy): Promise<ReceivedCallback> {
	const request = this.getRequestObject();
	const method = request.method.toUpperCase();
	const signature = policy.verifySignature
		? readSignatureHeaders(request.headers, { acceptV2: policy.acceptV2 })
		: undefined;
	if (signature && 'refused' in signature) {
		return { answered: refuse.call(this, { status: 401, message: REFUSAL_MESSAGES[signature.refused] }) };
	}

	const read = readCallbackFields(method, request.headers, () =>
		method === 'GET' ? this.getQueryData() : this.getBodyData(),
	);
	if ('status' in read) return { answered: refuse.call(this, read) };
	const { fields } = read;

	let baseUrl = '';
	if (signature || policy.needCredentials) {
		// Only now, with the headers and fields judged, is the credential looked up.
		const key = credentialMemoryKey.call(this);
		const readThroughN8n = async () => await this.getCredentials(PLIVO_CREDENTIAL_TYPE);
		const reading = await credentialMemory.recall(key, readThroughN8n);
		let { credential } = reading;
		if (signature) {
			const signed = { method, params: method === 'GET' ? {} : fields, urls: signedUrls.call(this, policy.webhook) };
			// An empty token would let anyone sign: it verifies nothing.
			const holds = () => credential.authToken !== '' && verifyCallback(signed, signature, credential.authToken);
			let valid = holds();
			if (!valid && !reading.fresh) {
				// The Auth Token may have been changed since it was kept: read it again, once, and
				// check again before refusing, so the new token works at once.
				credential = await credentialMemory.readAgain(key, readThroughN8n);
				valid = holds();
			}
			if (!valid) return { answered: refuse.call(this, { status: 401, message: REFUSAL_MESSAGES.invalid }) };
			const nonce = nonceKey(signature.version, signature.nonce);
			if (usedNonces.isRepeat(nonce)) return { answered: ignoreCallback.call(this) };
			onCallbackNotAccepted.call(this, () => usedNonces.forget(nonce));
		}
		baseUrl = plivoBaseUrl(credential.baseUrl);
	}

	const shape = classifyCallback(fields);
	if (shape === undefined || !policy.events.includes(shape.event)) return { answered: ignoreCallback.call(this) };
	const { event } = shape;

	// Typed first: Plivo XML and Multi-Party Calls name the recording otherwise (RecordingID,
	// RecordingUUID), and typing gives the core names that the duplicate key (and a download) read.
	const typed = typeCallback(shape, fields) as IDataObject;
	if (policy.ignoreDuplicates && this.getMode() !== 'manual') {
		const key = callbackKey(`${this.getWorkflow().id}/${this.getNode().id}`, event, typed);
		if (key !== undefined) {
			if (recentCallbacks.isRepeat(key)) return { answered: ignoreCallback.call(this) };
			onCallbackNotAccepted.call(this, () => recentCallbacks.forget(key));
		}
	}
	return { event, fields: typed, baseUrl };
}
