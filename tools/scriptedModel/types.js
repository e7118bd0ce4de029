// @ts-check
'use strict';
/**
 * The scripted model's shapes, as JSDoc types the tests import
 * (`import type { Script, ToolResult } from '../../tools/scriptedModel/types'`). No code.
 */

/**
 * One tool call the model makes: `arguments` is sent as `JSON.stringify(arguments)`, or as
 * written when it is a string (to send a model's malformed arguments on purpose).
 * @typedef {{ name: string, arguments?: Record<string, unknown> | string }} ScriptedToolCall
 *
 * The model calls tools: `choices[0].message.tool_calls`, `finish_reason: 'tool_calls'`.
 * @typedef {{ toolCalls: ScriptedToolCall[] }} ToolCallTurn
 *
 * The model answers: `choices[0].message.content`, `finish_reason: 'stop'`. A function is
 * called with the tool results of the conversation so far, oldest first.
 * @typedef {{ answer: string | ((toolResults: ToolResult[]) => string) }} AnswerTurn
 *
 * A turn decided from what the model received: the parsed request and the tool results of
 * the conversation so far (the request's own `role: 'tool'` messages), oldest first.
 * @typedef {(request: ChatRequest, history: ToolResult[]) => ToolCallTurn | AnswerTurn | Promise<ToolCallTurn | AnswerTurn>} TurnFunction
 *
 * @typedef {ToolCallTurn | AnswerTurn | TurnFunction} Turn
 * @typedef {Turn[]} Script
 */

/**
 * A `role: 'tool'` message as the model received it.
 * @typedef {{
 *   toolCallId: string, name: string | null, content: unknown, raw: string
 * }} ToolResult
 *   toolCallId: the message's tool_call_id
 *   name: the tool it answers, from the assistant message whose tool_calls holds that id
 *     (null when no message of the request holds it)
 *   content: the message's text parsed as JSON, or the text itself when it is not JSON
 *   raw: the message's text (a content array's text parts joined)
 */

/**
 * A Chat Completions request body, typed as far as the scripted model reads it.
 * @typedef {{
 *   model?: string, messages: ChatMessage[], tools?: ChatTool[], stream?: boolean,
 *   stream_options?: { include_usage?: boolean }, [key: string]: unknown
 * }} ChatRequest
 * @typedef {{
 *   role: string, content?: unknown, tool_call_id?: string, name?: string,
 *   tool_calls?: { id: string, type?: string, function: { name: string, arguments: string } }[],
 *   [key: string]: unknown
 * }} ChatMessage
 * @typedef {{ type?: string, function: { name: string, description?: string, parameters?: unknown } }} ChatTool
 */

/**
 * What the scripted model answered a chat request (same index as `requests`).
 * @typedef {{ status: number, turn: number | null, stream: boolean, body: unknown }} Answer
 *   turn: the index of the script's turn it played (null: none, e.g. an error before the script)
 *   body: the JSON answer (for a stream: the completion its chunks add up to)
 */

/**
 * @typedef {{ port?: number, script: Script, models?: string[] }} ScriptedModelOptions
 *   port: default 0 (any free port); models: what `GET /v1/models` lists (default ['scripted-model'])
 */

/**
 * @typedef {{
 *   baseUrl: string, port: number, requests: ChatRequest[], answers: Answer[],
 *   toolResults: () => ToolResult[], reset: (script?: Script) => void, close: () => Promise<void>
 * }} ScriptedModel
 */

module.exports = {};
