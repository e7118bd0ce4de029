/**
 * The New Recording trigger as n8n runs it, for the engine tests: n8n-core's own PollContext
 * (the context n8n hands `poll()`), a real Workflow whose static data is an n8n ObservableObject,
 * real HTTP through n8n-core's request helpers with the credential's own `authenticate`, and
 * n8n's rule for keeping static data: it is saved after a poll that emits and after an
 * activation's poll, never after a poll that returns null or throws. A restart loads what was
 * saved into a new Workflow (what lived only in memory is gone) and polls at once, as n8n does.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeTypes,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { PollContext } from 'n8n-core';

import { PlivoNewRecordingTrigger } from '../../nodes/PlivoNewRecordingTrigger/PlivoNewRecordingTrigger.node';
import { CredentialsHelper, LOOPBACK_URLS } from './engine';

export const NODE_NAME = 'Plivo New Recording';
const NODE_TYPE = 'n8n-nodes-plivo-recording.plivoNewRecordingTrigger';

const nodeType = new PlivoNewRecordingTrigger();
const nodeTypes: INodeTypes = {
	getByName: () => nodeType,
	getByNameAndVersion: () => nodeType,
	getKnownTypes: () => ({}),
};

export interface TriggerOptions {
	baseUrl: string;
	authId: string;
	authToken: string;
	/** The node's parameters (filters, options). */
	parameters?: IDataObject;
}

/** One active workflow holding the trigger, across polls, restarts and re-activations. */
export class PolledTrigger {
	/** The workflow's static data as n8n's database holds it (JSON). */
	saved: IDataObject = {};
	/** The credential the polls use (a test may change it, as a user edits it). */
	credentials: ICredentialDataDecryptedObject;
	private workflow: Workflow;
	private readonly additionalData: IWorkflowExecuteAdditionalData;

	constructor(private readonly options: TriggerOptions) {
		this.credentials = { authId: options.authId, authToken: options.authToken, baseUrl: options.baseUrl };
		this.additionalData = {
			...LOOPBACK_URLS,
			credentialsHelper: new CredentialsHelper(() => ({ plivoRecordingApi: this.credentials })),
			variables: {},
		} as unknown as IWorkflowExecuteAdditionalData;
		this.workflow = this.load();
	}

	private load(): Workflow {
		const node: INode = {
			id: 'f1c5a0de-0000-4000-8000-000000000029',
			name: NODE_NAME,
			type: NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: (this.options.parameters ?? {}) as INode['parameters'],
			credentials: { plivoRecordingApi: { id: '1', name: 'Plivo' } },
		};
		return new Workflow({
			id: 'poll-engine-test',
			nodes: [node],
			connections: {},
			nodeTypes,
			active: true,
			staticData: JSON.parse(JSON.stringify(this.saved)) as IDataObject,
		});
	}

	private context(mode: 'trigger' | 'manual', activation: WorkflowActivateMode) {
		const node = this.workflow.getNode(NODE_NAME) as INode;
		return new PollContext(this.workflow, node, this.additionalData, mode, activation);
	}

	private save() {
		this.saved = JSON.parse(JSON.stringify(this.workflow.staticData)) as IDataObject;
	}

	/** One poll; `activation` marks the poll n8n runs when it activates the workflow (saved even when null). */
	async poll(activation?: WorkflowActivateMode): Promise<INodeExecutionData[] | null> {
		const result = await nodeType.poll.call(this.context('trigger', activation ?? 'init'));
		if (result !== null || activation !== undefined) this.save();
		return result === null ? null : result[0];
	}

	/** Publishing the workflow (or activating it on older n8n): a poll at once. */
	async activate(): Promise<INodeExecutionData[] | null> {
		return await this.poll('activate');
	}

	/** n8n stopped and started again: the saved static data is loaded, and a poll runs at once. */
	async restart(): Promise<INodeExecutionData[] | null> {
		this.workflow = this.load();
		return await this.poll('init');
	}

	/** "Fetch Test Event". */
	async fetchTestEvent(): Promise<INodeExecutionData[] | null> {
		const result = await nodeType.poll.call(this.context('manual', 'manual'));
		return result === null ? null : result[0];
	}

	/** The node's static data as it is in memory now. */
	staticData(): IDataObject {
		return JSON.parse(JSON.stringify(this.workflow.getStaticData('node', this.workflow.getNode(NODE_NAME) as INode)));
	}
}
