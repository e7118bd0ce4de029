/**
 * Proves the real-n8n launcher (tools/n8n) with n8n's core nodes only, so it does not
 * depend on this package's nodes working: webhook in, Set node, answer out, execution recorded.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_VERSION, packPackage, startN8n, type N8n } from '../../tools/n8n';
import { webhookNode } from '../../tools/workflows';

const version = DEFAULT_VERSION;
const webhookPath = `launcher-${randomUUID()}`;

const workflow = {
	name: 'launcher e2e',
	nodes: [
		webhookNode(webhookPath, { responseMode: 'lastNode' }),
		{
			id: randomUUID(),
			name: 'Set',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [200, 0],
			parameters: {
				assignments: {
					assignments: [
						{ id: randomUUID(), name: 'greeting', type: 'string', value: '={{ "hello " + $json.body.name }}' },
					],
				},
				options: {},
			},
		},
	],
	connections: { Webhook: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

describe(`real n8n ${version} launcher`, () => {
	let n8n: N8n;
	let workflowId: string;

	beforeAll(async () => {
		n8n = await startN8n({ version, port: 0, tarball: await packPackage() });
		await n8n.setupOwner();
		await n8n.createApiKey();
	});

	afterAll(async () => {
		await n8n?.stop();
	});

	it('serves on 127.0.0.1 and loads the packed package as a user install does', async () => {
		expect(n8n.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		// The base nodes build their own webhook URLs from (what a Plivo callback is sent to).
		expect((await n8n.rest('GET', '/settings')).urlBaseWebhook).toBe(`${n8n.baseUrl}/`);
		const names = (await n8n.nodeTypes()).map((type) => type.name);
		expect(names).toEqual(
			expect.arrayContaining([
				'n8n-nodes-plivo-recording.plivoRecording',
				'n8n-nodes-plivo-recording.plivoRecordingTrigger',
			]),
		);
	});

	it('runs an activated core-node workflow from its production webhook', async () => {
		const created = await n8n.createWorkflow(workflow);
		workflowId = created.id;
		await n8n.activateWorkflow(workflowId);

		const response = await fetch(n8n.webhookUrl(webhookPath), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'n8n' }),
		});
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ greeting: 'hello n8n' });

		const [execution, ...others] = await n8n.waitForExecutions(workflowId, 1, { status: 'success' });
		expect(others).toHaveLength(0);
		expect(execution.mode).toBe('webhook');
		const runData = execution.data.resultData.runData;
		expect(runData.Set[0].data.main[0][0].json).toEqual({ greeting: 'hello n8n' });
		expect(runData.Webhook[0].data.main[0][0].json.body).toEqual({ name: 'n8n' });
	});

	it('deactivates: the production webhook is gone', async () => {
		await n8n.deactivateWorkflow(workflowId);
		const response = await fetch(n8n.webhookUrl(webhookPath), { method: 'POST', body: '{}' });
		expect(response.status).toBe(404);
		await response.arrayBuffer();
	});

	it('listens for a test event like the editor and runs it from the test URL', async () => {
		const stored = await n8n.api('GET', `/workflows/${workflowId}`);
		await n8n.listenForTestEvent(stored, 'Webhook');
		const response = await fetch(n8n.webhookTestUrl(webhookPath), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'test' }),
		});
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ greeting: 'hello test' });
		const executions = await n8n.waitForExecutions(workflowId, 2, { status: 'success' });
		expect(executions.map((execution) => execution.mode)).toContain('manual');
	});
});
