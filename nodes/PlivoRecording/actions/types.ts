import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { PlivoCalls, PlivoClient } from '../../shared/transport/client';

/**
 * The Operation contract: what every operation module (`actions/<resource>/<operation>.ts`)
 * provides, and what it gets to run with.
 *
 * runItems.ts first calls `prepare` for every item: it checks the item's parameters and builds
 * what the item will do, sending nothing, so that bad input anywhere fails before anything
 * reaches Plivo. Then it runs the prepared items concurrently, each with the Plivo client's
 * calls for that item, and applies Continue On Fail once. Most operations make one call and
 * output one item (`oneCall`); Get Many lists pages and outputs one item per recording,
 * Download fetches the recording, then its audio.
 */

/**
 * A checked item, ready to run: makes its Plivo calls and returns its output items (no pairing:
 * the runner pairs each with its input item). Throws to fail the item.
 */
export type PreparedItem = (plivo: PlivoCalls) => Promise<INodeExecutionData[]>;

/** What an operation's `prepare` gets besides the item: the run's Plivo client, and its resume URL when it waits. */
export interface ItemRun {
	/** The Plivo client of this execution: its Base URL and host rule (sends nothing here). */
	plivo: PlivoClient;
	/** When the run waits for the recording (the operation's `waiting` is on): where Plivo calls back. */
	resumeUrl?: string;
	/**
	 * Whether an AI agent runs the node as a tool (asTool.ts): its output goes to a model as
	 * JSON, so an operation returns what a model can read (Get Many at most TOOL_MAX_ITEMS
	 * items, Download no binary data).
	 */
	asTool: boolean;
}

/**
 * An operation that can end its run by waiting for Plivo's callback instead of returning its
 * items ("Wait for Recording to Finish", waitForRecording/wait.ts). Asked once per run.
 */
export interface Waiting {
	/** Whether this run waits (the option is on). */
	isOn(this: IExecuteFunctions): boolean;
	/**
	 * Throws, before anything is checked or sent, when the run cannot wait: more than one item,
	 * or an AI agent's tool call (the agent would wait with it, and the model get no answer).
	 */
	check(this: IExecuteFunctions, run: { itemCount: number; asTool: boolean }): void;
	/** The execution's resume URL, handed to Plivo as the callback URL. */
	resumeUrl(this: IExecuteFunctions): string;
	/** Puts the execution to wait once the item ran; returns the node's output meanwhile. */
	wait(this: IExecuteFunctions, started: IDataObject): Promise<INodeExecutionData[][]>;
}

export interface Operation {
	/** The operation's own parameters (shown only for it). */
	description: INodeProperties[];
	/**
	 * Checks one item's parameters and returns how to run it; throws (naming item and field) on
	 * bad input. Sends nothing.
	 */
	prepare(this: IExecuteFunctions, itemIndex: number, run: ItemRun): PreparedItem;
	/**
	 * At most this many items of the operation run at once (default: a whole rate-limit window,
	 * MAX_CONCURRENT_REQUESTS). Lower where each item holds much memory while it runs.
	 */
	maxInFlight?: number;
	/** When the operation can wait for its recording to finish. */
	waiting?: Waiting;
	/**
	 * The fields a person or a model needs of one of the operation's output items, for the
	 * operations that offer Simplify (its parameter: simplify.ts). runItems applies it when the
	 * item's Simplify is on.
	 */
	simplify?: (item: IDataObject) => IDataObject;
}

/** A resource of the node: the Operation parameter shown for it, and its operations by value. */
export interface Resource {
	operation: INodeProperties;
	operations: Record<string, Operation>;
}
