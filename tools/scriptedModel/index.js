// @ts-check
'use strict';
/**
 * A scripted OpenAI-compatible chat model for end-to-end tests of n8n's AI Agent driving the
 * Plivo Recording node as a tool: the one entry every caller requires (`tools/scriptedModel`).
 * Its files: server.js (the HTTP server: Chat Completions, JSON or streamed, and the models
 * list), turns.js (which turn a conversation is at and what it answers, pure), types.js (JSDoc
 * types: `import type { Script, ToolResult } from '…/tools/scriptedModel/types'`).
 *
 * In n8n: an `openAiApi` credential whose `url` is `model.baseUrl` (any `apiKey`), the node
 * `@n8n/n8n-nodes-langchain.lmChatOpenAi` version 1.2, model `{ mode: 'id', value: 'any-name' }`.
 *
 *   const model = await startScriptedModel({ script: [
 *     { toolCalls: [{ name: 'Plivo_Recording', arguments: { Recording_ID: 'nope' } }] },
 *     (request, history) => history.at(-1)?.content?.error
 *       ? { toolCalls: [{ name: 'Plivo_Recording', arguments: { Recording_ID: 'rec-1' } }] }
 *       : { answer: 'no error to correct' },
 *     { answer: (results) => `Found ${results.length} results` },
 *   ] });
 *   …  model.toolResults()  → [{ toolCallId: 'call_1', name: 'Plivo_Recording', content: { error: '…' }, raw }, …]
 *   await model.close();
 *
 * Turns are counted per conversation, not per server: a request plays the turn numbered by
 * its assistant messages (n8n's agent sends the whole history each time), so parallel or
 * repeated runs each play the script from its start. A conversation past the script's end
 * gets a final answer saying so (finish_reason 'stop', status 200), which the agent returns
 * as its output. Tool call ids are `call_1`, `call_2`, … counted by the server since its start
 * or last reset(), so they are unique across conversations.
 */
const { startScriptedModel } = require('./server');
const { toolResultsOf, turnIndexOf } = require('./turns');

module.exports = { startScriptedModel, toolResultsOf, turnIndexOf };
