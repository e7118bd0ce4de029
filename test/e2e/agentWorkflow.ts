/**
 * n8n's AI Agent with Plivo Recording tools, as workflow JSON the editor would save, for the
 * agent suite (agent.e2e.test.ts) and shaped for the "Ask about your calls" example: a start
 * node (here a core Webhook answering with the agent's output), the AI Agent (version 3, which
 * n8n 1.123 and 2.41 both have; 3.1 is 2.x only), an OpenAI chat model (lmChatOpenAi 1.2, Chat
 * Completions, its credential's Base URL pointing at any OpenAI-compatible server) and Plivo
 * Recording tools (`…plivoRecordingTool`), each connected to the agent by an `ai_tool` connection,
 * its model-filled parameters written as the editor writes them: `$fromAI(key, description, type)`.
 */
import { randomUUID } from 'node:crypto';

import { webhookNode } from '../../tools/workflows';
import { PACKAGE } from './workflows';

type Credential = { id: string; name: string };
type Node = {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, Credential>;
	webhookId?: string;
};
type Connection = { node: string; type: string; index: number };

export const AGENT_NAME = 'AI Agent';
export const MODEL_NAME = 'OpenAI Chat Model';
/** The AI Agent version both n8n lines have (1.123: up to 3; 2.41: 3 and 3.1). */
export const AGENT_VERSION = 3;
/** lmChatOpenAi's last version on Chat Completions (1.3 uses the Responses API by default). */
export const MODEL_VERSION = 1.2;
/** The Plivo Recording node's version with Simplify (on by default). */
export const TOOL_VERSION = 1.1;

/**
 * A parameter the model fills, as the editor writes it: `={{ $fromAI('Key', 'description', 'type') }}`.
 * The description is what the model reads about the argument; it is written between single
 * quotes, so it may not hold one.
 */
export function fromAI(key: string, description: string, type: 'string' | 'number' | 'boolean' = 'string') {
	if (!/^[A-Za-z0-9_-]{1,64}$/.test(key)) throw new Error(`fromAI: n8n refuses the key ${JSON.stringify(key)}`);
	if (/['\\]/.test(description)) throw new Error(`fromAI: write the description of ${key} without ' or \\`);
	return `={{ $fromAI('${key}', '${description}', '${type}') }}`;
}

/** The name n8n gives a tool: the node's name with every other character turned into `_`. */
export const toolName = (nodeName: string) => nodeName.replace(/[^a-zA-Z0-9_-]/g, '_');

/** A Plivo Recording tool: its node name, what it tells the model it does, and its parameters. */
export interface PlivoTool {
	name: string;
	/** The tool's description (the node's Tool Description, Set Manually). */
	description: string;
	parameters: Record<string, unknown>;
}

const RECORDING_ID = fromAI(
	'Recording_ID',
	'The recording_id of a recording, as Find recordings returned it, e.g. c2186400-1c8c-11e4-a664-0026b945b52x',
);
const CALL_UUID = fromAI('Call_UUID', 'The call_uuid of a live call, e.g. 55309cee-821d-11e4-9a73-498d468c930b');
const NUMBER = 'in E.164 without the plus, e.g. 14155550199; leave empty for any number';

/** The tools an assistant that answers about calls uses, by what it does. */
export const PLIVO_TOOLS = {
	findRecordings: {
		name: 'Find recordings',
		description:
			'Lists recordings of the last 7 days, newest first, optionally only those of calls from or to a number. Returns each recording with its recording_id, times, duration, numbers and file URL. At most 50.',
		parameters: {
			resource: 'recording',
			operation: 'getAll',
			limit: fromAI('Limit', 'How many recordings to return, newest first: 1 to 50', 'number'),
			filters: {
				fromNumber: fromAI('From_Number', `Only recordings of calls from this number, ${NUMBER}`),
				toNumber: fromAI('To_Number', `Only recordings of calls to this number, ${NUMBER}`),
			},
		},
	},
	getRecording: {
		name: 'Get recording',
		description:
			'Gets one recording by its recording_id: when it was made, how long it is, its call or conference, the numbers and its file URL.',
		parameters: { resource: 'recording', operation: 'get', recordingId: RECORDING_ID },
	},
	readTranscript: {
		name: 'Read transcript',
		description: 'Reads the transcript of a recording by its recording_id (the text of what was said).',
		parameters: { resource: 'transcription', operation: 'get', recordingId: RECORDING_ID },
	},
	startCallRecording: {
		name: 'Start call recording',
		description:
			'Starts recording a live call, by its call_uuid, once the caller has agreed. Returns the new recording_id.',
		parameters: {
			resource: 'call',
			operation: 'startRecording',
			callUuid: { __rl: true, mode: 'id', value: CALL_UUID },
		},
	},
	stopCallRecording: {
		name: 'Stop call recording',
		description: 'Stops every recording of a live call, by its call_uuid.',
		parameters: {
			resource: 'call',
			operation: 'stopRecording',
			callUuid: { __rl: true, mode: 'id', value: CALL_UUID },
		},
	},
} satisfies Record<string, PlivoTool>;

const CONFERENCE_NAME = fromAI('Conference_Name', 'The name of a live conference, e.g. DailyStandup');
const MPC_NAME = fromAI('MPC_Name', 'The friendly name of an active Multi-Party Call, e.g. Support7');
const SESSION_UUID = fromAI(
	'Session_UUID',
	'The session_uuid of an active Number Masking session, e.g. 9b6c3f0e-2d8a-4c1e-8f3b-7a5d2e1c0b94',
);
const byName = (value: string) => ({ __rl: true, mode: 'name', value });
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/** A tool of one operation, described by its name. */
const tool = (name: string, resource: string, operation: string, parameters: Record<string, unknown>): PlivoTool => ({
	name,
	description: `${name}.`,
	parameters: { resource, operation, ...parameters },
});

/**
 * One tool for each operation of the node (resource and operation as the editor saves them),
 * every argument from the model, none waiting: what an agent can do with the package.
 */
export const EVERY_OPERATION_TOOLS: PlivoTool[] = [
	tool('Start conference recording', 'conference', 'startRecording', { conferenceName: byName(CONFERENCE_NAME) }),
	tool('Stop conference recording', 'conference', 'stopRecording', { conferenceName: byName(CONFERENCE_NAME) }),
	tool('Start call recording', 'call', 'startRecording', { callUuid: byId(CALL_UUID) }),
	tool('Stop call recording', 'call', 'stopRecording', { callUuid: byId(CALL_UUID) }),
	tool('Start MPC recording', 'multiPartyCall', 'startRecording', { mpc: byName(MPC_NAME) }),
	tool('Pause MPC recording', 'multiPartyCall', 'pauseRecording', { mpc: byName(MPC_NAME) }),
	tool('Resume MPC recording', 'multiPartyCall', 'resumeRecording', { mpc: byName(MPC_NAME) }),
	tool('Stop MPC recording', 'multiPartyCall', 'stopRecording', { mpc: byName(MPC_NAME) }),
	tool('Find recordings', 'recording', 'getAll', PLIVO_TOOLS.findRecordings.parameters),
	tool('Get recording', 'recording', 'get', { recordingId: RECORDING_ID }),
	tool('Download recording', 'recording', 'download', { recordingId: RECORDING_ID }),
	tool('Order transcript', 'transcription', 'create', { recordingId: RECORDING_ID }),
	tool('Read transcript', 'transcription', 'get', { recordingId: RECORDING_ID }),
	tool('Delete transcript', 'transcription', 'delete', { recordingId: RECORDING_ID }),
	tool('Enable session recording', 'maskingSession', 'enableRecording', { sessionUuid: byId(SESSION_UUID) }),
	tool('Disable session recording', 'maskingSession', 'disableRecording', { sessionUuid: byId(SESSION_UUID) }),
	tool('Delete recording', 'recording', 'delete', { recordingId: RECORDING_ID }),
];

/** A Plivo Recording tool node (`…plivoRecordingTool`) at the given place under the agent. */
export function plivoToolNode(tool: PlivoTool, credential: Credential, position: [number, number]): Node {
	return {
		id: randomUUID(),
		name: tool.name,
		type: `${PACKAGE}.plivoRecordingTool`,
		typeVersion: TOOL_VERSION,
		position,
		parameters: { descriptionType: 'manual', toolDescription: tool.description, ...tool.parameters },
		credentials: { plivoRecordingApi: credential },
	};
}

/** The OpenAI chat model on Chat Completions, streaming off, its model picked by ID. */
export function chatModelNode(credential: Credential, model = 'scripted-model'): Node {
	return {
		id: randomUUID(),
		name: MODEL_NAME,
		type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
		typeVersion: MODEL_VERSION,
		position: [220, 240],
		parameters: { model: { __rl: true, mode: 'id', value: model }, options: {} },
		credentials: { openAiApi: credential },
	};
}

/** The AI Agent (version 3): the prompt `text` (an expression on the start node's output), streaming off. */
export function agentNode(text: string, systemMessage: string): Node {
	return {
		id: randomUUID(),
		name: AGENT_NAME,
		type: '@n8n/n8n-nodes-langchain.agent',
		typeVersion: AGENT_VERSION,
		position: [220, 0],
		parameters: { promptType: 'define', text, options: { systemMessage, enableStreaming: false } },
	};
}

export const SYSTEM_MESSAGE =
	'You answer questions about Plivo calls and their recordings. To find recordings use Find recordings (by number when one is given), to read what was said use Read transcript with a recording_id from it. Start call recording only once the caller agreed; Stop call recording when asked. When a tool returns { error }, read it, correct the argument it names and call again.';

/**
 * Start → AI Agent, with the chat model and `tools` connected to the agent. `start` is the
 * trigger node (a Chat Trigger in the example, a Webhook in the tests) and `prompt` the
 * expression the agent reads as the user's message.
 */
export function agentWorkflowOf(options: {
	name: string;
	start: Node;
	prompt: string;
	openAi: Credential;
	plivo: Credential;
	tools: PlivoTool[];
	systemMessage?: string;
}) {
	const { start, openAi, plivo, tools } = options;
	const toolNodes = tools.map((tool, index) => plivoToolNode(tool, plivo, [380 + 160 * index, 240]));
	const toAgent = (type: string): { [type: string]: Connection[][] } => ({
		[type]: [[{ node: AGENT_NAME, type, index: 0 }]],
	});
	return {
		name: options.name,
		nodes: [
			start,
			agentNode(options.prompt, options.systemMessage ?? SYSTEM_MESSAGE),
			chatModelNode(openAi),
			...toolNodes,
		],
		connections: {
			[start.name]: { main: [[{ node: AGENT_NAME, type: 'main', index: 0 }]] },
			[MODEL_NAME]: toAgent('ai_languageModel'),
			...Object.fromEntries(toolNodes.map((node) => [node.name, toAgent('ai_tool')])),
		},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * Webhook (answers with the agent's output) → AI Agent with `tools`: POST `{ question }` to
 * `path` and the answer is `[{ output }]`.
 */
export function askWorkflow(openAi: Credential, plivo: Credential, tools: PlivoTool[]) {
	const path = `ask-${randomUUID()}`;
	return {
		path,
		workflow: agentWorkflowOf({
			name: `Ask about your calls ${path.slice(4, 12)}`,
			start: webhookNode(path, { responseMode: 'lastNode', responseData: 'allEntries' }),
			prompt: '={{ $json.body.question }}',
			openAi,
			plivo,
			tools,
		}),
	};
}
