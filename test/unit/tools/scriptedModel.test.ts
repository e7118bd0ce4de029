import { runningCount } from '../../../tools/cleanup';
import { startScriptedModel } from '../../../tools/scriptedModel';
import type { ScriptedModel, Script, ToolResult } from '../../../tools/scriptedModel/types';

const TOOL = 'Plivo_Recording';
const tools = (...names: string[]) =>
	names.map((name) => ({ type: 'function', function: { name, description: `${name} tool`, parameters: {} } }));
const start = [
	{ role: 'system', content: 'You are a helpful assistant' },
	{ role: 'user', content: 'Find my recordings' },
];
const callMessage = (id: string, args: unknown) => ({
	role: 'assistant',
	content: '',
	tool_calls: [{ id, type: 'function', function: { name: TOOL, arguments: JSON.stringify(args) } }],
});

async function chat(model: ScriptedModel, body: unknown) {
	const res = await fetch(`${model.baseUrl}/chat/completions`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', Authorization: 'Bearer sk-test' },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	return { status: res.status, type: res.headers.get('content-type') ?? '', json: (await res.json()) as any };
}

/** The data lines of an SSE answer, parsed, and whether the last one was [DONE]. */
async function stream(model: ScriptedModel, body: Record<string, unknown>) {
	const res = await fetch(`${model.baseUrl}/chat/completions`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ ...body, stream: true }),
	});
	expect(res.status).toBe(200);
	expect(res.headers.get('content-type')).toBe('text/event-stream');
	const text = await res.text();
	const data = text
		.split('\n\n')
		.filter(Boolean)
		.map((event) => {
			expect(event.startsWith('data: ')).toBe(true);
			return event.slice('data: '.length);
		});
	expect(data[data.length - 1]).toBe('[DONE]');
	return data.slice(0, -1).map((d) => JSON.parse(d));
}

describe('tools/scriptedModel: a scripted OpenAI-compatible chat model', () => {
	let model: ScriptedModel;
	afterEach(async () => {
		await model?.close();
	});

	it('listens on loopback under /v1', async () => {
		model = await startScriptedModel({ script: [] });
		expect(model.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
		expect(model.baseUrl).toBe(`http://127.0.0.1:${model.port}/v1`);
	});

	it('a toolCalls turn answers with tool_calls, arguments as a JSON string, finish_reason tool_calls and usage', async () => {
		model = await startScriptedModel({
			script: [{ toolCalls: [{ name: TOOL, arguments: { Recording_ID: 'abc', Limit: '3' } }] }],
		});
		const { status, json } = await chat(model, { model: 'any-name', messages: start, tools: tools('Other', TOOL) });
		expect(status).toBe(200);
		expect(json.object).toBe('chat.completion');
		expect(json.model).toBe('any-name');
		expect(json.choices).toHaveLength(1);
		expect(json.choices[0].finish_reason).toBe('tool_calls');
		expect(json.choices[0].message).toMatchObject({ role: 'assistant', content: null });
		expect(json.choices[0].message.tool_calls).toEqual([
			{ id: 'call_1', type: 'function', function: { name: TOOL, arguments: '{"Recording_ID":"abc","Limit":"3"}' } },
		]);
		expect(json.usage.prompt_tokens).toBeGreaterThan(0);
		expect(json.usage.completion_tokens).toBeGreaterThan(0);
		expect(json.usage.total_tokens).toBe(json.usage.prompt_tokens + json.usage.completion_tokens);
		expect(model.requests).toHaveLength(1);
		expect(model.requests[0].messages).toEqual(start);
		expect(model.answers[0]).toMatchObject({ status: 200, turn: 0, stream: false });
	});

	it('several tool calls in one turn get ids in order; string arguments are sent as written', async () => {
		model = await startScriptedModel({
			script: [
				{
					toolCalls: [
						{ name: TOOL, arguments: { a: 1 } },
						{ name: TOOL, arguments: '{not json' },
					],
				},
			],
		});
		const { json } = await chat(model, { messages: start, tools: tools(TOOL) });
		const calls = json.choices[0].message.tool_calls;
		expect(calls.map((c: any) => c.id)).toEqual(['call_1', 'call_2']);
		expect(calls[1].function.arguments).toBe('{not json');
	});

	it('picks the turn by the assistant messages of the conversation; an answer function gets its tool results', async () => {
		const seen: ToolResult[][] = [];
		model = await startScriptedModel({
			script: [
				{ toolCalls: [{ name: TOOL, arguments: { Recording_ID: 'abc' } }] },
				{
					answer: (results) => {
						seen.push(results);
						return `Recording ${(results[0].content as any).id} lasts ${(results[0].content as any).duration} s`;
					},
				},
			],
		});
		const first = await chat(model, { messages: start, tools: tools(TOOL) });
		const id = first.json.choices[0].message.tool_calls[0].id;
		const history = [
			...start,
			first.json.choices[0].message,
			{ role: 'tool', tool_call_id: id, content: '{"id":"abc","duration":30}' },
		];
		const second = await chat(model, { messages: history, tools: tools(TOOL) });
		expect(second.status).toBe(200);
		expect(second.json.choices[0].finish_reason).toBe('stop');
		expect(second.json.choices[0].message.content).toBe('Recording abc lasts 30 s');
		expect(second.json.choices[0].message.tool_calls).toBeUndefined();
		expect(seen).toEqual([
			[{ toolCallId: 'call_1', name: TOOL, content: { id: 'abc', duration: 30 }, raw: '{"id":"abc","duration":30}' }],
		]);

		// Another conversation starting now plays the script from its start.
		const again = await chat(model, { messages: start, tools: tools(TOOL) });
		expect(again.json.choices[0].finish_reason).toBe('tool_calls');
		expect(again.json.choices[0].message.tool_calls[0].id).toBe('call_2');
		expect(model.answers.map((a) => a.turn)).toEqual([0, 1, 0]);
	});

	it('records every tool result once, with the tool it answers and its content parsed where it is JSON', async () => {
		model = await startScriptedModel({ script: [{ answer: 'one' }, { answer: 'two' }, { answer: 'three' }] });
		const history = [
			...start,
			callMessage('call_7', { Recording_ID: 'nope' }),
			{ role: 'tool', tool_call_id: 'call_7', content: '{"error":"Recording ID \\"nope\\" is not a recording"}' },
		];
		await chat(model, { messages: history, tools: tools(TOOL) });
		const more = [
			...history,
			callMessage('call_8', { Recording_ID: 'abc' }),
			{ role: 'tool', tool_call_id: 'call_8', content: [{ type: 'text', text: 'plain text, not JSON' }] },
		];
		await chat(model, { messages: more, tools: tools(TOOL) });
		expect(model.toolResults()).toEqual([
			{
				toolCallId: 'call_7',
				name: TOOL,
				content: { error: 'Recording ID "nope" is not a recording' },
				raw: '{"error":"Recording ID \\"nope\\" is not a recording"}',
			},
			{ toolCallId: 'call_8', name: TOOL, content: 'plain text, not JSON', raw: 'plain text, not JSON' },
		]);
		expect(model.answers.map((a) => a.turn)).toEqual([1, 2]);
	});

	it('a function turn decides from what the model received: a wrong argument corrected on the second try', async () => {
		const script: Script = [
			{ toolCalls: [{ name: TOOL, arguments: { Recording_ID: 'nope' } }] },
			(request, history) => {
				expect(request.messages.length).toBeGreaterThan(2);
				const last = history[history.length - 1];
				return (last.content as any)?.error
					? { toolCalls: [{ name: TOOL, arguments: { Recording_ID: 'abc' } }] }
					: { answer: 'no error' };
			},
			async () => ({ answer: (results) => results.map((r) => r.raw).join(' | ') }),
		];
		model = await startScriptedModel({ script });
		const history: any[] = [...start];
		const replies = ['{"error":"no recording nope"}', '{"id":"abc"}'];
		for (const reply of replies) {
			const { json } = await chat(model, { messages: history, tools: tools(TOOL) });
			const message = json.choices[0].message;
			history.push(message, { role: 'tool', tool_call_id: message.tool_calls[0].id, content: reply });
		}
		expect(history[4].tool_calls[0].function.arguments).toBe('{"Recording_ID":"abc"}');
		const final = await chat(model, { messages: history, tools: tools(TOOL) });
		expect(final.json.choices[0].message.content).toBe('{"error":"no recording nope"} | {"id":"abc"}');
	});

	it('a tool the request does not offer is a 400 naming the tools offered', async () => {
		model = await startScriptedModel({ script: [{ toolCalls: [{ name: 'Plivo_Recordin', arguments: {} }] }] });
		const { status, json } = await chat(model, { messages: start, tools: tools(TOOL, 'Calculator') });
		expect(status).toBe(400);
		expect(json.error.type).toBe('invalid_request_error');
		expect(json.error.message).toContain('"Plivo_Recordin"');
		expect(json.error.message).toContain('tools offered: "Plivo_Recording", "Calculator"');
		expect(model.answers[0]).toMatchObject({ status: 400, turn: 0 });

		const none = await chat(model, { messages: start });
		expect(none.status).toBe(400);
		expect(none.json.error.message).toContain('tools offered: none');
	});

	it('an exhausted script answers a final content saying so', async () => {
		model = await startScriptedModel({ script: [{ answer: 'only turn' }] });
		const { status, json } = await chat(model, {
			messages: [...start, { role: 'assistant', content: 'only turn' }, { role: 'user', content: 'and?' }],
		});
		expect(status).toBe(200);
		expect(json.choices[0].finish_reason).toBe('stop');
		expect(json.choices[0].message.content).toMatch(/script has 1 turn\(s\).*turn 1.*nothing more is scripted/);
		expect(model.answers[0]).toMatchObject({ status: 200, turn: null });
	});

	it('a script that throws or has a turn of no known shape is a 500 saying so', async () => {
		model = await startScriptedModel({
			script: [
				() => {
					throw new Error('boom');
				},
			],
		});
		const thrown = await chat(model, { messages: start });
		expect(thrown.status).toBe(500);
		expect(thrown.json.error).toEqual({
			message: 'scripted model: the script threw: boom',
			type: 'script_error',
			param: null,
			code: null,
		});

		model.reset([{ nothing: true } as any]);
		const odd = await chat(model, { messages: start });
		expect(odd.status).toBe(500);
		expect(odd.json.error.message).toContain('turn 0 of the script is neither');
	});

	it('a body that is not JSON, or not a chat request, is a 400 in OpenAI’s shape', async () => {
		model = await startScriptedModel({ script: [{ answer: 'hi' }] });
		const bad = await chat(model, '{"messages": [');
		expect(bad.status).toBe(400);
		expect(bad.type).toContain('application/json');
		expect(bad.json.error.type).toBe('invalid_request_error');
		expect(bad.json.error.message).toMatch(/^scripted model: the body is not JSON/);
		const noMessages = await chat(model, { model: 'x' });
		expect(noMessages.status).toBe(400);
		expect(noMessages.json.error.message).toContain('"messages"');
		expect(model.requests).toHaveLength(0);
	});

	it('streams a tool call turn as SSE chunks whose deltas add up to the completion, usage when asked', async () => {
		model = await startScriptedModel({
			script: [{ toolCalls: [{ name: TOOL, arguments: { Recording_ID: 'abc' } }] }, { answer: 'streamed answer' }],
		});
		const chunks = await stream(model, {
			messages: start,
			tools: tools(TOOL),
			stream_options: { include_usage: true },
		});
		expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
		expect(chunks[0].choices[0].delta.role).toBe('assistant');
		const calls: { id?: string; name?: string; arguments: string }[] = [];
		let finish: string | null = null;
		for (const c of chunks) {
			const choice = c.choices[0];
			if (!choice) continue;
			for (const t of choice.delta.tool_calls ?? []) {
				calls[t.index] ??= { arguments: '' };
				if (t.id) calls[t.index].id = t.id;
				if (t.function?.name) calls[t.index].name = t.function.name;
				calls[t.index].arguments += t.function?.arguments ?? '';
			}
			finish = choice.finish_reason ?? finish;
		}
		expect(calls).toEqual([{ id: 'call_1', name: TOOL, arguments: '{"Recording_ID":"abc"}' }]);
		expect(finish).toBe('tool_calls');
		const last = chunks[chunks.length - 1];
		expect(last.choices).toEqual([]);
		expect(last.usage.total_tokens).toBeGreaterThan(0);
		expect(model.answers[0]).toMatchObject({ status: 200, turn: 0, stream: true });

		const answer = await stream(model, {
			messages: [...start, callMessage('call_1', {}), { role: 'tool', tool_call_id: 'call_1', content: 'ok' }],
			tools: tools(TOOL),
		});
		expect(answer.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('streamed answer');
		expect(answer[answer.length - 1].choices[0].finish_reason).toBe('stop');
		expect(answer.some((c) => c.usage)).toBe(false);
	});

	it('lists its models, and answers other routes with a 404', async () => {
		model = await startScriptedModel({ script: [], models: ['gpt-4o-mini', 'scripted'] });
		const res = await fetch(`${model.baseUrl}/models`, { headers: { Authorization: 'Bearer sk-test' } });
		expect(res.status).toBe(200);
		const list = (await res.json()) as any;
		expect(list.object).toBe('list');
		expect(list.data.map((m: any) => m.id)).toEqual(['gpt-4o-mini', 'scripted']);
		expect(list.data[0].object).toBe('model');

		const other = await fetch(`${model.baseUrl}/responses`, { method: 'POST', body: '{}' });
		expect(other.status).toBe(404);
		expect(((await other.json()) as any).error.message).toContain('no route POST /v1/responses');
	});

	it('reset() forgets what was received, restarts the ids and may change the script', async () => {
		model = await startScriptedModel({ script: [{ toolCalls: [{ name: TOOL, arguments: {} }] }] });
		await chat(model, {
			messages: [...start, callMessage('x', {}), { role: 'tool', tool_call_id: 'x', content: '1' }],
			tools: tools(TOOL),
		});
		await chat(model, { messages: start, tools: tools(TOOL) });
		expect(model.requests).toHaveLength(2);
		expect(model.toolResults()).toHaveLength(1);

		model.reset();
		expect(model.requests).toHaveLength(0);
		expect(model.answers).toHaveLength(0);
		expect(model.toolResults()).toEqual([]);
		const same = await chat(model, { messages: start, tools: tools(TOOL) });
		expect(same.json.choices[0].message.tool_calls[0].id).toBe('call_1');

		model.reset([{ answer: 'new script' }]);
		const changed = await chat(model, { messages: start, tools: tools(TOOL) });
		expect(changed.json.choices[0].message.content).toBe('new script');
		expect(model.requests).toHaveLength(1);
	});

	it('close() stops listening and unregisters it from tools/cleanup; a second close is harmless', async () => {
		const before = runningCount();
		model = await startScriptedModel({ script: [] });
		expect(runningCount()).toBe(before + 1);
		const url = `${model.baseUrl}/models`;
		await model.close();
		expect(runningCount()).toBe(before);
		await expect(fetch(url)).rejects.toThrow();
		await model.close();
	});
});
