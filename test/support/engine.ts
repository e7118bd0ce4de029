/**
 * A small workflow-engine harness: runs real workflow JSON through n8n-core's WorkflowExecute
 * with this package's node types, as n8n's own node tests do (their harness is not published).
 *
 * HTTP goes through n8n-core's real request helpers. Credentials are applied here, as n8n's
 * CredentialsHelper does in a real instance: the credential's own `authenticate` function is
 * called (or, for a generic block, its `{{$credentials.<field>}}` templates are filled in), so
 * a test that checks the Basic-auth header really checks the credential's own code.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeConnectionTypes, Workflow } from 'n8n-workflow';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';

import { PlivoRecordingApi } from '../../credentials/PlivoRecordingApi.credentials';
import { PlivoRecording } from '../../nodes/PlivoRecording/PlivoRecording.node';
import { PlivoRecordingTrigger } from '../../nodes/PlivoRecordingTrigger/PlivoRecordingTrigger.node';

export const PACKAGE = 'n8n-nodes-plivo-recording';

/**
 * n8n-nodes-base is not a dependency of this package; its Manual Trigger is stood in by a
 * node that does what n8n's does: hand its input items to the next node.
 */
class ManualTriggerStandIn implements INodeType {
	description = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Stand-in for n8n-nodes-base.manualTrigger',
		defaults: { name: 'When clicking "Execute workflow"' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

const plivoRecording = new PlivoRecording();
const nodeTypesByName: Record<string, INodeType> = {
	'n8n-nodes-base.manualTrigger': new ManualTriggerStandIn(),
	[`${PACKAGE}.plivoRecording`]: plivoRecording,
	// The AI Agent's tool: n8n runs the node itself under the `…Tool` type (n8n 2.41.1 and 1.123.81).
	[`${PACKAGE}.plivoRecordingTool`]: plivoRecording,
	[`${PACKAGE}.plivoRecordingTrigger`]: new PlivoRecordingTrigger(),
};

const credentialTypes: Record<string, ICredentialType> = {
	plivoRecordingApi: new PlivoRecordingApi(),
};

const nodeTypes: INodeTypes = {
	getByName: (type) => nodeTypesByName[type] as INodeType | IVersionedNodeType,
	getByNameAndVersion: (type) => nodeTypesByName[type],
	getKnownTypes: () => ({}),
};

/** Fills `={{$credentials.x}}` templates the way n8n's expression resolver would for them. */
function fillCredentialTemplate(template: unknown, credentials: ICredentialDataDecryptedObject) {
	if (typeof template !== 'string' || !template.startsWith('=')) return template;
	return template
		.slice(1)
		.replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_match, field: string) => String(credentials[field] ?? ''));
}

/** The base URLs n8n gives a node (its webhooks' and its REST API's): loopback, never called. */
export const LOOPBACK_URLS = {
	restApiUrl: 'http://127.0.0.1/rest',
	instanceBaseUrl: 'http://127.0.0.1/',
	webhookBaseUrl: 'http://127.0.0.1/webhook',
	webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
	webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
	formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
};

export class CredentialsHelper extends ICredentialsHelper {
	/** How many times n8n read (and in a real instance, decrypted) a credential. */
	reads = 0;

	/** `credentialsByType` is read on every use: a test may swap a credential between runs. */
	constructor(private readonly credentialsByType: () => Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const credentialType = credentialTypes[typeName];
		const authenticate = credentialType?.authenticate;
		if (authenticate === undefined) return requestOptions;
		// Called on the credential type, as n8n's CredentialsHelper calls it.
		if (typeof authenticate === 'function') return await authenticate.call(credentialType, credentials, requestOptions);
		const { auth, headers, qs } = authenticate.properties;
		const authenticated = { ...requestOptions };
		if (auth) {
			authenticated.auth = {
				username: String(fillCredentialTemplate(auth.username, credentials)),
				password: String(fillCredentialTemplate(auth.password, credentials)),
			};
		}
		for (const [target, values] of [
			['headers', headers],
			['qs', qs],
		] as const) {
			if (!values) continue;
			const filled: IDataObject = { ...(authenticated[target] ?? {}) };
			for (const [key, value] of Object.entries(values))
				filled[key] = fillCredentialTemplate(value, credentials) as string;
			authenticated[target] = filled;
		}
		return authenticated;
	}

	async preAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used by this package');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: unknown,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const credentials = this.credentialsByType()[type];
		if (credentials === undefined) throw new Error(`No test credentials of type ${type}`);
		this.reads++;
		return credentials;
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties() {
		return [];
	}
}

export interface EngineRun {
	run: IRun;
	/** The items each node output (first run, first output), pairing kept. */
	output(nodeName: string): INodeExecutionData[];
	/** The error the workflow stopped with, if any. */
	error(): (Error & { description?: string; httpCode?: string }) | undefined;
	/** How many times the credential was read (a database read and a decryption in n8n). */
	credentialReads(): number;
}

/**
 * Runs a workflow JSON (as exported from the n8n editor) from its first trigger node,
 * which receives `triggerItems`.
 */
export async function runWorkflow(
	workflowFile: { nodes: object[]; connections: object; settings?: object },
	options: { credentials: Record<string, ICredentialDataDecryptedObject>; triggerItems?: IDataObject[] },
): Promise<EngineRun> {
	// A file exported from the editor, read as JSON: typed as n8n's own workflow shape.
	const workflowJson = workflowFile as Pick<IWorkflowBase, 'nodes' | 'connections' | 'settings'>;
	const workflow = new Workflow({
		id: 'engine-test',
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		nodeTypes,
		active: false,
		settings: workflowJson.settings,
	});

	const hooks = new ExecutionLifecycleHooks('manual', '1', {
		id: 'engine-test',
		name: 'engine test',
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as IWorkflowBase);
	let resolveFinished: (run: IRun) => void = () => undefined;
	const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => resolveFinished(fullRunData));

	const credentialsHelper = new CredentialsHelper(() => options.credentials);
	const additionalData = {
		executionId: '1',
		hooks,
		...LOOPBACK_URLS,
		credentialsHelper,
		variables: {},
		currentNodeParameters: undefined,
		executeWorkflow: async () => {
			throw new Error('not used by this package');
		},
		logAiEvent: () => undefined,
		setExecutionStatus: () => undefined,
		sendDataToUI: () => undefined,
		getRunExecutionData: async () => undefined,
		startRunnerTask: async () => {
			throw new Error('not used by this package');
		},
	} as unknown as IWorkflowExecuteAdditionalData;

	const startNode = workflow.getStartNode();
	if (startNode === undefined) throw new Error('The workflow has no trigger node');
	const triggerItems = (options.triggerItems ?? [{}]).map((json) => ({ json }));
	const runExecutionData: IRunExecutionData = {
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [{ node: startNode, data: { main: [triggerItems] }, source: null }],
		},
	} as unknown as IRunExecutionData;

	await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
	const run = await finished;

	return {
		run,
		output: (nodeName) => run.data.resultData.runData[nodeName]?.[0]?.data?.main?.[0] ?? [],
		error: () => run.data.resultData.error as ReturnType<EngineRun['error']>,
		credentialReads: () => credentialsHelper.reads,
	};
}
