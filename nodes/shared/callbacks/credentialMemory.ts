/**
 * What the callback webhooks keep of the credential between callbacks. n8n reads a credential
 * in a webhook from its database, decrypts it, and on n8n 2.x's default expression engine
 * builds an expression isolate for it (`applyDefaultsAndOverwrites`): more than the rest of a
 * callback costs. So the signature check keeps the Auth ID, Auth Token and Base URL it read in
 * this process's memory for CREDENTIAL_MEMORY_MS, and reads them again through n8n when a
 * signature fails against what it kept (see gateway.ts): a new Auth Token works at once, the
 * old one for at most CREDENTIAL_MEMORY_MS after it was last read.
 *
 * Kept only here, in the memory of the n8n process: never in static data (saved to the
 * database), an output item, an answer or a log. Keyed by workflow, node and credential id, so
 * two credentials (or two nodes) never share what was read for one of them.
 */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { PLIVO_CREDENTIAL_TYPE } from '../credential';
import { dropOldest } from './recentKeys';

/** How long a credential read through n8n is used without reading it again: 60 s. */
export const CREDENTIAL_MEMORY_MS = 60_000;
/**
 * A failed signature makes the memory read the credential again, at most this often per
 * credential: a flood of forged signatures then costs n8n one credential read a second, not one
 * per request (a new Auth Token still works at once, unless it arrives within this span of a
 * forced read that found the old one).
 */
export const FORCED_READ_AT_MOST_EVERY_MS = 1_000;
/** Credentials kept at once (one per workflow × node × credential): the oldest go first. */
export const CREDENTIAL_MEMORY_AT_MOST = 1_000;

/** What the callback webhooks need of the credential; nothing else is kept. */
export interface PlivoCallbackCredential {
	authId: string;
	authToken: string;
	baseUrl: string;
}

export interface CredentialReading {
	credential: PlivoCallbackCredential;
	/** True when this call read it through n8n (a second read now would find the same). */
	fresh: boolean;
}

type ReadThroughN8n = () => Promise<IDataObject>;

function keep(data: IDataObject): PlivoCallbackCredential {
	return Object.freeze({
		authId: String(data.authId ?? ''),
		authToken: String(data.authToken ?? ''),
		baseUrl: String(data.baseUrl ?? ''),
	});
}

export class CredentialMemory {
	// Insertion order is read order (an entry read again is moved last): the oldest go first.
	private readonly entries = new Map<string, { credential: PlivoCallbackCredential; readAt: number }>();
	/** When each credential was last read again because a signature failed. */
	private readonly forcedAt = new Map<string, number>();
	/** Reads in progress, joined by every callback that finds nothing in memory meanwhile. */
	private readonly reading = new Map<string, Promise<PlivoCallbackCredential>>();

	constructor(
		private readonly lifetimeMs = CREDENTIAL_MEMORY_MS,
		private readonly atMost = CREDENTIAL_MEMORY_AT_MOST,
		private readonly now: () => number = () => Date.now(),
	) {}

	/**
	 * The credential of `key`: from memory when read less than the lifetime ago, else read
	 * through n8n (once for all the callbacks that ask meanwhile). Without a key (no credential
	 * id) it is read every time and never kept.
	 */
	async recall(key: string | undefined, read: ReadThroughN8n): Promise<CredentialReading> {
		if (key === undefined) return { credential: keep(await read()), fresh: true };
		const entry = this.entries.get(key);
		if (entry !== undefined && this.now() - entry.readAt < this.lifetimeMs) {
			return { credential: entry.credential, fresh: false };
		}
		const pending = this.reading.get(key);
		// Joined: that read may have started before this callback came, so it is not fresh.
		if (pending !== undefined) return { credential: await pending, fresh: false };
		const started = this.read(key, read).finally(() => this.reading.delete(key));
		this.reading.set(key, started);
		return { credential: await started, fresh: true };
	}

	/**
	 * Reads the credential through n8n now, whatever memory holds (a signature failed against
	 * it: the Auth Token may have been changed), and keeps what it finds.
	 */
	async readAgain(key: string | undefined, read: ReadThroughN8n): Promise<PlivoCallbackCredential> {
		if (key === undefined) return keep(await read());
		const kept = this.entries.get(key);
		const lastForced = this.forcedAt.get(key);
		if (kept !== undefined && lastForced !== undefined && this.now() - lastForced < FORCED_READ_AT_MOST_EVERY_MS) {
			return kept.credential;
		}
		this.forcedAt.set(key, this.now());
		return await this.read(key, read);
	}

	private async read(key: string, read: ReadThroughN8n): Promise<PlivoCallbackCredential> {
		const readAt = this.now();
		const credential = keep(await read());
		const kept = this.entries.get(key);
		// A read that started earlier than what memory holds does not replace it.
		if (kept === undefined || kept.readAt <= readAt) {
			this.entries.delete(key);
			this.entries.set(key, { credential, readAt });
			this.trim();
		}
		return credential;
	}

	private trim(): void {
		const now = this.now();
		dropOldest(
			this.entries,
			(entry) => now - entry.readAt < this.lifetimeMs,
			this.atMost,
			(key) => {
				this.entries.delete(key);
				this.forcedAt.delete(key);
			},
		);
	}
}

/** One memory per n8n process, shared by the trigger and the resume webhook. */
export const credentialMemory = new CredentialMemory();

/**
 * The memory key of the credential this node uses: the workflow, the node and the credential's
 * id in n8n. Undefined (never kept) when the node names no credential id.
 */
export function credentialMemoryKey(this: IWebhookFunctions): string | undefined {
	const node = this.getNode();
	const credentialId = node.credentials?.[PLIVO_CREDENTIAL_TYPE]?.id;
	if (typeof credentialId !== 'string' || credentialId === '') return undefined;
	return JSON.stringify([String(this.getWorkflow().id ?? ''), node.id, credentialId]);
}
