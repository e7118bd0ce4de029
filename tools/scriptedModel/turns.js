// @ts-check
'use strict';
/**
 * What the scripted model answers, as pure functions of the script and the request: which turn
 * a conversation is at, the tool results it carries, the completion a turn makes and the
 * stream chunks that completion is sent as.
 *
 * A conversation's place in the script is the number of assistant messages in the request:
 * n8n's agent sends the whole history every time, so the first request (no assistant message)
 * plays turn 0, the one after a tool call (one assistant message with tool_calls) turn 1, and
 * so on. Nothing is kept between requests, so conversations run in parallel or again each
 * play the script from its start.
 */

/** @typedef {import('./types').Script} Script */
/** @typedef {import('./types').Turn} Turn */
/** @typedef {import('./types').ToolCallTurn} ToolCallTurn */
/** @typedef {import('./types').AnswerTurn} AnswerTurn */
/** @typedef {import('./types').ToolResult} ToolResult */
/** @typedef {import('./types').ChatRequest} ChatRequest */
/** @typedef {import('./types').ChatMessage} ChatMessage */

/** An answer the request's sender gets as an HTTP error (OpenAI's shape), not a completion. */
class ModelError extends Error {
	/** @param {number} status @param {string} message @param {string} type */
	constructor(status, message, type) {
		super(message);
		this.status = status;
		this.type = type;
	}
	body() {
		return { error: { message: this.message, type: this.type, param: null, code: null } };
	}
}

/** The text of a message's content: a string, or a content array's text parts joined. @param {unknown} content */
function textOf(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) {
		return content
			.map((part) => (part && typeof part === 'object' && typeof part.text === 'string' ? part.text : ''))
			.join('');
	}
	return content == null ? '' : JSON.stringify(content);
}

/**
 * Checks the body is a chat request (messages an array of objects with a role).
 * @param {unknown} body @returns {ChatRequest}
 */
function asChatRequest(body) {
	const b = /** @type {any} */ (body);
	if (!b || typeof b !== 'object' || Array.isArray(b)) {
		throw new ModelError(400, 'scripted model: the body must be a JSON object', 'invalid_request_error');
	}
	if (!Array.isArray(b.messages) || b.messages.some((/** @type {any} */ m) => !m || typeof m.role !== 'string')) {
		throw new ModelError(
			400,
			'scripted model: "messages" must be an array of messages, each with a "role"',
			'invalid_request_error',
		);
	}
	return b;
}

/** The turn a conversation is at: how many assistant messages it holds. @param {ChatRequest} request */
const turnIndexOf = (request) => request.messages.filter((m) => m.role === 'assistant').length;

/**
 * The `role: 'tool'` messages of a conversation, oldest first, each with the name of the tool
 * it answers (from the assistant message that made the call).
 * @param {ChatMessage[]} messages @returns {ToolResult[]}
 */
function toolResultsOf(messages) {
	/** @type {Map<string, string>} */
	const names = new Map();
	for (const m of messages) {
		if (m.role !== 'assistant' || !Array.isArray(m.tool_calls)) continue;
		for (const call of m.tool_calls) if (call && call.id && call.function) names.set(call.id, call.function.name);
	}
	return messages
		.filter((m) => m.role === 'tool')
		.map((m) => {
			const raw = textOf(m.content);
			/** @type {unknown} */
			let content = raw;
			try {
				content = JSON.parse(raw);
			} catch {
				// not JSON: the text as it came
			}
			const toolCallId = String(m.tool_call_id ?? '');
			return { toolCallId, name: names.get(toolCallId) ?? (typeof m.name === 'string' ? m.name : null), content, raw };
		});
}

/** The tools a request offers. @param {ChatRequest} request @returns {string[]} */
const offeredTools = (request) =>
	(Array.isArray(request.tools) ? request.tools : [])
		.map((t) => t && t.function && t.function.name)
		.filter((name) => typeof name === 'string');

/**
 * The script's turn for this request, functions called: the turn object and its index, or
 * null when the conversation has played every turn.
 * @param {Script} script @param {ChatRequest} request
 * @returns {Promise<{ index: number, turn: ToolCallTurn | AnswerTurn } | null>}
 */
async function turnFor(script, request) {
	const index = turnIndexOf(request);
	if (index >= script.length) return null;
	const scripted = script[index];
	const turn = typeof scripted === 'function' ? await scripted(request, toolResultsOf(request.messages)) : scripted;
	const t = /** @type {any} */ (turn);
	const ok =
		t &&
		typeof t === 'object' &&
		(Array.isArray(t.toolCalls)
			? t.toolCalls.length > 0 && t.toolCalls.every((/** @type {any} */ c) => c && typeof c.name === 'string')
			: typeof t.answer === 'string' || typeof t.answer === 'function');
	if (!ok) {
		throw new ModelError(
			500,
			`scripted model: turn ${index} of the script is neither { toolCalls: [{ name, arguments }, …] } nor { answer }` +
				` (got ${JSON.stringify(turn)})`,
			'script_error',
		);
	}
	return { index, turn };
}

/** Rough token counts, small and deterministic (LangChain reads usage). @param {unknown} prompt @param {string} completion */
function usageOf(prompt, completion) {
	const prompt_tokens = Math.max(1, Math.ceil(JSON.stringify(prompt).length / 4));
	const completion_tokens = Math.max(1, Math.ceil(completion.length / 4));
	return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
}

/**
 * The completion for a turn (or for an exhausted script when turn is null).
 * @param {{ index: number, turn: ToolCallTurn | AnswerTurn } | null} played
 * @param {ChatRequest} request
 * @param {{ completionId: string, nextCallId: () => string, scriptLength: number }} ids
 */
function completionOf(played, request, { completionId, nextCallId, scriptLength }) {
	/** @type {Record<string, unknown>} */
	let message;
	let finishReason;
	let completionText;
	if (played && 'toolCalls' in played.turn) {
		const offered = offeredTools(request);
		for (const call of played.turn.toolCalls) {
			if (!offered.includes(call.name)) {
				const tools = offered.length ? offered.map((n) => JSON.stringify(n)).join(', ') : 'none';
				throw new ModelError(
					400,
					`scripted model: turn ${played.index} calls the tool ${JSON.stringify(call.name)}, ` +
						`which the request does not offer; tools offered: ${tools}`,
					'invalid_request_error',
				);
			}
		}
		const toolCalls = played.turn.toolCalls.map((call) => ({
			id: nextCallId(),
			type: 'function',
			function: {
				name: call.name,
				arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {}),
			},
		}));
		message = { role: 'assistant', content: null, tool_calls: toolCalls, refusal: null };
		finishReason = 'tool_calls';
		completionText = JSON.stringify(toolCalls);
	} else {
		let content;
		if (!played) {
			content =
				`Scripted model: the script has ${scriptLength} turn(s) and this conversation is at turn ` +
				`${turnIndexOf(request)} (counted from 0 by its assistant messages); nothing more is scripted.`;
		} else {
			const answer = /** @type {AnswerTurn} */ (played.turn).answer;
			content = typeof answer === 'function' ? answer(toolResultsOf(request.messages)) : answer;
			if (typeof content !== 'string') {
				throw new ModelError(
					500,
					`scripted model: turn ${played.index}'s answer function returned ${typeof content}, not a string`,
					'script_error',
				);
			}
		}
		message = { role: 'assistant', content, refusal: null };
		finishReason = 'stop';
		completionText = content;
	}
	return {
		id: completionId,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: typeof request.model === 'string' ? request.model : 'scripted-model',
		choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
		usage: usageOf(request.messages, completionText),
	};
}

/**
 * The chunks a streamed completion is sent as (each one SSE `data:` line, then `data: [DONE]`):
 * the role, the content or each tool call (its id and name, then its arguments), the finish
 * reason, and the usage when the request asks `stream_options.include_usage`.
 * @param {ReturnType<typeof completionOf>} completion @param {boolean} includeUsage
 */
function chunksOf(completion, includeUsage) {
	const { id, created, model } = completion;
	const choice = completion.choices[0];
	const message = /** @type {any} */ (choice.message);
	/** @param {Record<string, unknown>} delta @param {string | null} [finishReason] */
	const chunk = (delta, finishReason = null) => ({
		id,
		object: 'chat.completion.chunk',
		created,
		model,
		choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
	});
	/** @type {Record<string, unknown>[]} */
	const chunks = [chunk({ role: 'assistant', content: '' })];
	if (Array.isArray(message.tool_calls)) {
		message.tool_calls.forEach((/** @type {any} */ call, /** @type {number} */ index) => {
			chunks.push(
				chunk({
					tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }],
				}),
			);
			chunks.push(chunk({ tool_calls: [{ index, function: { arguments: call.function.arguments } }] }));
		});
	} else if (message.content) {
		chunks.push(chunk({ content: message.content }));
	}
	chunks.push(chunk({}, choice.finish_reason));
	if (includeUsage)
		chunks.push({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: completion.usage });
	return chunks;
}

module.exports = {
	ModelError,
	asChatRequest,
	turnIndexOf,
	toolResultsOf,
	offeredTools,
	turnFor,
	completionOf,
	chunksOf,
};
