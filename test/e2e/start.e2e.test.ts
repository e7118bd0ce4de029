/**
 * `npm start`, run as a newcomer runs it (the real script through npm, in its own process
 * group, stopped with Ctrl-C's SIGINT), twice over the same state: what it prints is checked
 * against the n8n it leaves running. The login works, both nodes and the credential type are
 * there, every printed workflow exists under its printed name and URL, the callback one is
 * published with its Production URL answering; the second run reuses all of it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { createN8nClient, freePort } from '../../tools/n8n';
import { exampleFiles, loadExample } from '../../tools/workflows';

const ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE = 'n8n-nodes-plivo-recording';
// What start.js prints last: everything above it is set up.
const END_OF_READY = 'Ctrl-C stops n8n and the fake Plivo.';

type Printed = {
	editor: string;
	email: string;
	password: string;
	credential: string;
	workflows: Array<{ name: string; how: string; url: string; id: string }>;
	productionUrl: string;
};

type Exit = { code: number | null; signal: NodeJS.Signals | null };
type Run = { child: ChildProcess; output: () => string; exit: Promise<Exit> };

/** `npm start -- <args>` in its own process group, as a terminal runs it. */
function npmStart(args: string[]): Run {
	const child = spawn('npm', ['start', '--', ...args], {
		cwd: ROOT,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout!.on('data', (chunk) => (output += chunk));
	child.stderr!.on('data', (chunk) => (output += chunk));
	const exit = new Promise<Exit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
	return { child, output: () => output, exit };
}

/** Waits for the ready text (or fails with what the script printed if it exits first). */
async function untilReady(run: Run, timeoutMs = 480_000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	let exited: Exit | undefined;
	void run.exit.then((exit) => (exited = exit));
	while (!run.output().includes(END_OF_READY)) {
		if (exited !== undefined)
			throw new Error(`npm start exited (${JSON.stringify(exited)}) before it was ready:\n${run.output()}`);
		if (Date.now() > deadline) throw new Error(`npm start was not ready in ${timeoutMs} ms:\n${run.output()}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	return run.output();
}

/** Ctrl-C: SIGINT to the whole process group; resolves with how npm ended. */
async function interrupt(run: Run): Promise<Exit> {
	if (run.child.exitCode === null && run.child.signalCode === null) process.kill(-run.child.pid!, 'SIGINT');
	const timer = setTimeout(() => process.kill(-run.child.pid!, 'SIGKILL'), 60_000);
	const exit = await run.exit;
	clearTimeout(timer);
	return exit;
}

/** Whether anything still listens on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/** Ctrl-C ends npm start as a terminal sees it (npm re-raises the SIGINT), and stops n8n and the fake Plivo. */
async function expectStoppedByCtrlC(run: Run, ports: number[]) {
	const exit = await interrupt(run);
	expect([exit, run.output()]).toEqual([
		exit.signal === 'SIGINT' ? { code: null, signal: 'SIGINT' } : { code: 0, signal: null },
		expect.stringContaining('stopping n8n and the fake Plivo'),
	]);
	for (const port of ports) expect([port, await listening(port)]).toEqual([port, false]);
}

function parse(output: string): Printed {
	const editor = /with n8n-nodes-plivo-recording:\s+(http:\/\/\S+)/.exec(output)?.[1];
	const login = /log in as\s+(\S+)\s+\/\s+(\S+)/.exec(output);
	const credential = /credential\s+"([^"]+)"/.exec(output)?.[1];
	const productionUrl = /Production URL (http:\/\/\S+)/.exec(output)?.[1];
	const workflows = [...output.matchAll(/"([^"]+)" \(([^)]*)\)\s+(http:\/\/\S+\/workflow\/(\S+))/g)].map((match) => ({
		name: match[1],
		how: match[2],
		url: match[3],
		id: match[4],
	}));
	if (!editor || !login || !credential || !productionUrl)
		throw new Error(`npm start printed no editor URL, login, credential or Production URL:\n${output}`);
	return { editor, email: login[1], password: login[2], credential, workflows, productionUrl };
}

describe('npm start on a fresh state, then again over the kept state', () => {
	const state = fs.mkdtempSync(path.join(os.tmpdir(), 'npm-start-'));
	let args: string[];
	let ports: number[];
	const runs: Run[] = [];
	let first: Printed;

	beforeAll(async () => {
		ports = [await freePort(), await freePort()];
		args = ['--port', String(ports[0]), '--fake-port', String(ports[1]), '--state', state];
	});

	afterAll(async () => {
		for (const run of runs) await interrupt(run).catch(() => undefined);
		fs.rmSync(state, { recursive: true, force: true });
	});

	/** What the printed lines promise, checked in the n8n that is running. */
	async function checkAgainstN8n(printed: Printed) {
		expect(printed.editor).toBe(`http://127.0.0.1:${args[1]}`);
		const client = createN8nClient(printed.editor);
		await client.login(printed.email, printed.password);

		const types = (await client.nodeTypes()).map((type: { name: string }) => type.name);
		expect(types).toEqual(expect.arrayContaining([`${PACKAGE}.plivoRecording`, `${PACKAGE}.plivoRecordingTrigger`]));
		const credentials: Array<{ name: string; type: string }> = await client.rest('GET', '/credentials');
		expect(credentials.filter((credential) => credential.name === printed.credential)).toEqual([
			expect.objectContaining({ type: 'plivoRecordingApi' }),
		]);

		// Every example is printed once, and each printed one is the workflow behind its URL.
		const examples = exampleFiles()
			.map((file: string) => loadExample(file).name)
			.sort();
		expect(printed.workflows.map((workflow) => workflow.name).sort()).toEqual(examples);
		for (const workflow of printed.workflows) {
			expect(workflow.url).toBe(`${printed.editor}/workflow/${workflow.id}`);
			const stored = await client.rest('GET', `/workflows/${workflow.id}`);
			expect([workflow.name, stored.name]).toEqual([workflow.name, workflow.name]);
		}
		const all: Array<{ name: string }> = await client.rest('GET', '/workflows');
		for (const name of examples)
			expect([name, all.filter((workflow) => workflow.name === name).length]).toEqual([name, 1]);

		// The published callback workflow's Production URL is registered (n8n answers its preflight).
		const preflight = await fetch(printed.productionUrl, {
			method: 'OPTIONS',
			headers: { origin: 'http://127.0.0.1', 'access-control-request-method': 'POST' },
		});
		expect(preflight.status).toBe(204);
		// And the editor itself is served.
		const page = await fetch(`${printed.editor}/signin`);
		expect(page.status).toBe(200);
	}

	it('a first run installs what it needs, imports the examples and serves them', async () => {
		const run = npmStart(args);
		runs.push(run);
		first = parse(await untilReady(run));
		expect(first.workflows.map((workflow) => workflow.how)).toEqual(
			expect.arrayContaining(['imported', 'imported, published']),
		);
		await checkAgainstN8n(first);
		runs.pop();
		await expectStoppedByCtrlC(run, ports);
	}, 600_000);

	it('a second run reuses the login, the credential and the workflows, creating nothing twice', async () => {
		const run = npmStart(args);
		runs.push(run);
		const second = parse(await untilReady(run));
		expect(second.workflows.map(({ name, id }) => ({ name, id })).sort((a, b) => a.name.localeCompare(b.name))).toEqual(
			first.workflows.map(({ name, id }) => ({ name, id })).sort((a, b) => a.name.localeCompare(b.name)),
		);
		for (const workflow of second.workflows) expect(workflow.how).toMatch(/^already there, kept as you left it/);
		expect(run.output()).toMatch(/credential\s+"Plivo \(local fake\)" \(Plivo Recording API, already there/);
		await checkAgainstN8n(second);
		runs.pop();
		await expectStoppedByCtrlC(run, ports);
	}, 600_000);
});
