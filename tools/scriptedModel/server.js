// @ts-check
'use strict';
/**
 * The scripted model's HTTP server: OpenAI's Chat Completions as n8n's OpenAI chat model node
 * (`@n8n/n8n-nodes-langchain.lmChatOpenAi` 1.2) calls it, with the credential's Base URL set to
 * `baseUrl`. Listens on 127.0.0.1 only; Node built-ins only; no API key is checked.
 *
 * - `POST /v1/chat/completions`: the conversation's next turn (turns.js), as one JSON completion,
 *   or, when the request asks `stream: true`, as SSE chunks (`data: {…}` lines, then
 *   `data: [DONE]`). When the script is exhausted, a final `content` saying so
 *   (`finish_reason: 'stop'`), so the agent ends and the test reads why.
 * - `GET /v1/models`: a list of the `models` option (the model picker and the credential test).
 * - Errors in OpenAI's shape `{ error: { message, type } }`: 400 for a body that is not JSON or
 *   not a chat request, and for a turn calling a tool the request does not offer (naming the
 *   tools offered); 500 for a script that throws or has a turn of no known shape; 404 else.
 */
const http = require('node:http');

const { register } = require('../cleanup');
const { ModelError, asChatRequest, chunksOf, completionOf, toolResultsOf, turnFor } = require('./turns');

/** @typedef {import('./types').ScriptedModelOptions} ScriptedModelOptions */
/** @typedef {import('./types').ScriptedModel} ScriptedModel */
/** @typedef {import('./types').Script} Script */
/** @typedef {import('./types').ChatRequest} ChatRequest */
/** @typedef {import('./types').Answer} Answer */
/** @typedef {import('./types').ToolResult} ToolResult */

/**
 * Starts the scripted model.
 * @param {ScriptedModelOptions} options @returns {Promise<ScriptedModel>}
 */
async function startScriptedModel(options) {
	if (!options || !Array.isArray(options.script))
		throw new TypeError('startScriptedModel: `script` must be an array of turns');
	let script = options.script;
	const models = options.models && options.models.length ? options.models : ['scripted-model'];
	/** @type {ChatRequest[]} */
	const requests = [];
	/** @type {Answer[]} */
	const answers = [];
	/** @type {Map<string, ToolResult>} every tool result received, once each, by tool_call_id and text */
	const toolResults = new Map();
	let callCount = 0;
	let completionCount = 0;

	/** @param {http.ServerResponse} res @param {number} status @param {unknown} payload */
	const sendJson = (res, status, payload) => {
		const data = JSON.stringify(payload);
		res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(data)) });
		res.end(data);
	};

	/** @param {http.ServerResponse} res @param {Record<string, unknown>[]} chunks */
	const sendStream = (res, chunks) => {
		res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
		for (const chunk of chunks) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
		res.end('data: [DONE]\n\n');
	};

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	async function chat(req, res) {
		/** @type {Buffer[]} */
		const parts = [];
		for await (const c of req) parts.push(c);
		/** @type {unknown} */
		let body;
		try {
			body = JSON.parse(Buffer.concat(parts).toString('utf8'));
		} catch (err) {
			throw new ModelError(400, `scripted model: the body is not JSON (${err.message})`, 'invalid_request_error');
		}
		const request = asChatRequest(body);
		requests.push(request);
		/** @type {Answer} */
		const answer = { status: 0, turn: null, stream: request.stream === true, body: null };
		answers.push(answer);
		for (const result of toolResultsOf(request.messages)) {
			const key = `${result.toolCallId}\n${result.raw}`;
			if (!toolResults.has(key)) toolResults.set(key, result);
		}
		try {
			const played = await turnFor(script, request);
			answer.turn = played ? played.index : null;
			const completion = completionOf(played, request, {
				completionId: `chatcmpl-scripted-${++completionCount}`,
				nextCallId: () => `call_${++callCount}`,
				scriptLength: script.length,
			});
			answer.status = 200;
			answer.body = completion;
			if (answer.stream) sendStream(res, chunksOf(completion, request.stream_options?.include_usage === true));
			else sendJson(res, 200, completion);
		} catch (err) {
			const error =
				err instanceof ModelError
					? err
					: new ModelError(500, `scripted model: the script threw: ${err && err.message}`, 'script_error');
			answer.status = error.status;
			answer.body = error.body();
			throw error;
		}
	}

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	async function handle(req, res) {
		const path = (req.url || '/').split('?')[0].replace(/\/+$/, '');
		if (req.method === 'POST' && path === '/v1/chat/completions') return chat(req, res);
		if (req.method === 'GET' && path === '/v1/models') {
			const data = models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'scripted-model' }));
			return sendJson(res, 200, { object: 'list', data });
		}
		req.resume();
		throw new ModelError(
			404,
			`scripted model: no route ${req.method} ${path} (it serves POST /v1/chat/completions and GET /v1/models)`,
			'invalid_request_error',
		);
	}

	const server = http.createServer((req, res) => {
		handle(req, res).catch((err) => {
			if (res.headersSent || res.destroyed) return;
			const error = err instanceof ModelError ? err : new ModelError(500, String(err && err.message), 'server_error');
			sendJson(res, error.status, error.body());
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port || 0, '127.0.0.1', () => resolve(undefined));
	});
	const address = server.address();
	const port = address && typeof address === 'object' ? address.port : 0;

	/** @type {ScriptedModel} */
	const model = {
		baseUrl: `http://127.0.0.1:${port}/v1`,
		port,
		requests,
		answers,
		toolResults: () => [...toolResults.values()],
		reset(next) {
			if (next !== undefined) {
				if (!Array.isArray(next)) throw new TypeError('scriptedModel.reset: the script must be an array of turns');
				script = next;
			}
			requests.length = 0;
			answers.length = 0;
			toolResults.clear();
			callCount = 0;
			completionCount = 0;
		},
		async close() {
			unregister();
			if (!server.listening) return;
			await new Promise((resolve) => {
				server.close(() => resolve(undefined));
				server.closeAllConnections();
			});
		},
	};
	// A suite's hook that gives up before its afterAll knows of the model still closes it (tools/cleanup).
	const unregister = register({ name: `the scripted model on port ${port}`, stop: () => model.close() });
	return model;
}

module.exports = { startScriptedModel };
