// @ts-check
'use strict';
/**
 * A page object for n8n's editor in a real Chromium (Debian's /usr/bin/chromium, through
 * playwright-core), driven the way a user does: sign in, open a workflow, run it, double-click a
 * node, open a credential. The tours that use it are in tours.js. Every request the page
 * makes to anything but 127.0.0.1 is blocked and listed in `blocked`; every uncaught error in
 * the page is listed in `pageErrors` with the step the tour was at and where it was thrown.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic',
];
const VIEWPORT = { width: 1440, height: 900 };
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);

/** What the editor shows when a node or its parameters did not load. */
const PROBLEM_TEXTS = [
	/Install this node/i,
	/node is not currently installed/i,
	/not currently installed/i,
	/Unrecognized node type/i,
	/node type .* is not known/i,
	/Problem loading/i,
	/Could not find property option/i,
	/Issues:/,
];
/** Elements that only exist when something is wrong (n8n 2.41's data-test-ids). */
const PROBLEM_SELECTORS = [
	'[data-test-id="node-not-installed"]',
	'[data-test-id="node-issues"]',
	'[data-test-id="parameter-issues"]',
	'[data-test-id="canvas-node-status-warning"]',
	'[data-test-id="node-error-callout"]',
	'[data-test-id="node-error-message"]',
	'[data-test-id="wf-error-fallback"]',
	'[data-test-id="workflow-error-callout"]',
	'[data-test-id="connection-error-banner"]',
];
/**
 * Close buttons of the things n8n may put in front of the canvas on a first login or later
 * (surveys, "what's new", banners, promotions). Clicked whenever visible.
 */
const INTERRUPTION_CLOSERS = [
	'[data-test-id="nps-survey-modal"] .el-dialog__headerbtn',
	'[data-test-id="whatsNew-modal"] .el-dialog__headerbtn',
	'[data-test-id="notification-banner-dismiss"]',
	'[data-test-id="notification-permission-banner"] button[aria-label="Close"]',
	'[data-test-id="credit-banner-dismiss"]',
	'[data-test-id="open-in-assistant-notification-close"]',
	'[data-test-id="trial-intro-close-button"]',
	'[data-test-id="suggested-actions-close"]',
	'[data-test-id="close-about-modal-button"]',
	'[data-test-id="banner-stack"] [data-test-id="banner-close"]',
	'[data-test-id="banner-stack"] button[aria-label="Close"]',
];

/** @param {number} ms */
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts Chromium with a fresh profile (deleted by close()) on one page of 1440x900.
 * @param {{ baseUrl: string, log?: (line: string) => void }} options
 */
async function openEditor({ baseUrl, log = () => {} }) {
	// Loaded here so that requiring this module costs nothing until a browser is needed.
	const { chromium } = require('playwright-core');
	if (!fs.existsSync(CHROMIUM)) {
		throw new Error(`${CHROMIUM} is missing: run scripts/install-system-deps.sh (apt-get install chromium)`);
	}
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-editor-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: CHROMIUM_ARGS,
		viewport: VIEWPORT,
		deviceScaleFactor: 1,
		locale: 'en-US',
		timezoneId: 'UTC',
	});
	context.setDefaultTimeout(30_000);
	/** @type {string[]} */
	const blocked = [];
	await context.route('**/*', (route) => {
		const url = route.request().url();
		let host = '';
		try {
			host = new URL(url).hostname;
		} catch {
			// data: and the like never leave the machine
		}
		if (host === '' || LOCAL_HOSTS.has(host)) return route.continue();
		blocked.push(url);
		return route.abort('blockedbyclient');
	});
	const page = context.pages()[0] ?? (await context.newPage());
	/** @type {PageError[]} */
	const pageErrors = [];
	let step = 'starting';
	page.on('pageerror', (error) =>
		pageErrors.push({ message: error.message, stack: error.stack ?? '', step, url: page.url() }),
	);

	/** Visible texts of every error toast on screen. */
	async function errorToasts() {
		return await page
			.locator('.el-notification:has(.el-notification--error), .el-message--error')
			.filter({ visible: true })
			.allInnerTexts();
	}

	const editor = {
		page,
		baseUrl,
		/** URLs the page tried to reach outside 127.0.0.1 (blocked). */
		blocked,
		/** Uncaught errors in the editor's JavaScript, each with the step it happened at. */
		pageErrors,

		/** Names the step the tour is at, for the page errors thrown during it. @param {string} name */
		at(name) {
			step = name;
			log(name);
		},

		/**
		 * Goes to a page of the editor. Once the editor is loaded, through its own router (as its
		 * links do): a full reload of n8n's editor costs 10-15 s on a busy machine.
		 * @param {string} pathname
		 */
		async navigate(pathname) {
			// A modal left open (a credential) would stay over the next page.
			await editor.closeModals();
			const current = new URL(page.url());
			// From one workflow page to another the editor's router is used, as its links do. To
			// or from another layout (the credentials list, say) the page is loaded anew: n8n 2.41's
			// own editor can throw while one layout hands over to another (injectNDVStore() without
			// a workflow document store), whatever nodes the workflow has.
			const withinWorkflows = current.pathname.startsWith('/workflow/') && pathname.startsWith('/workflow/');
			if (current.origin !== new URL(baseUrl).origin || !withinWorkflows) {
				await page.goto(`${baseUrl}${pathname}`);
				return;
			}
			await page.evaluate((target) => {
				// Runs in the page: the browser's window (this project type-checks with Node's globals only).
				const window = /** @type {any} */ (globalThis);
				window.history.pushState({}, '', target);
				window.dispatchEvent(new window.PopStateEvent('popstate', { state: window.history.state }));
			}, pathname);
			// Leaving a workflow the editor considers changed asks first; nothing here is to be saved.
			const leave = page.getByRole('button', { name: 'Leave without saving' });
			if (
				await leave.waitFor({ timeout: 500 }).then(
					() => true,
					() => false,
				)
			)
				await leave.click();
			await page.waitForURL((url) => url.pathname === pathname);
		},

		/** Closes open modal dialogs (Escape, as a user does). */
		async closeModals() {
			const modals = page.locator('#app-modals .el-overlay-dialog').filter({ visible: true });
			for (let attempt = 0; attempt < 3 && (await modals.count()) > 0; attempt++) {
				await page.keyboard.press('Escape');
				await modals
					.first()
					.waitFor({ state: 'hidden', timeout: 2000 })
					.catch(() => undefined);
			}
		},

		/** Closes whatever n8n put in front of the work (surveys, what's new, banners). */
		async dismissInterruptions() {
			for (const selector of INTERRUPTION_CLOSERS) {
				const closer = page.locator(selector).filter({ visible: true });
				for (let i = (await closer.count()) - 1; i >= 0; i--) {
					log(`closing ${selector}`);
					await closer
						.nth(i)
						.click({ timeout: 2000 })
						.catch(() => undefined);
				}
			}
		},

		/** @param {{ email: string, password: string }} owner */
		async signIn(owner) {
			await page.goto(`${baseUrl}/signin`);
			// Already signed in (a second tour in the same browser): the editor leaves /signin.
			const email = page.locator('#emailOrLdapLoginId');
			const signedIn = page
				.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 })
				.then(
					() => true,
					() => false,
				);
			if (await Promise.race([email.waitFor().then(() => false), signedIn])) return;
			await email.fill(owner.email);
			await page.locator('#password').fill(owner.password);
			await page.getByRole('button', { name: 'Sign in' }).click();
			await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
			await page.waitForLoadState('networkidle').catch(() => undefined);
			await editor.dismissInterruptions();
		},

		/**
		 * Opens a workflow and waits until all its nodes are drawn and the view has settled.
		 * @param {string} id @param {number} nodeCount nodes to wait for (sticky notes excluded)
		 */
		async openWorkflow(id, nodeCount) {
			await editor.navigate(`/workflow/${id}`);
			const nodes = page.locator('[data-test-id="canvas-node"]');
			// Should the editor's router not have drawn it, loading the page itself will.
			await nodes
				.first()
				.waitFor({ timeout: 15_000 })
				.catch(async () => {
					await page.goto(`${baseUrl}/workflow/${id}`);
					await nodes.first().waitFor();
				});
			const deadline = Date.now() + 30_000;
			while ((await nodes.count()) < nodeCount) {
				if (Date.now() > deadline)
					throw new Error(`workflow ${id}: ${await nodes.count()} of ${nodeCount} nodes drawn`);
				await delay(100);
			}
			await page.waitForLoadState('networkidle').catch(() => undefined);
			await editor.dismissInterruptions();
			// The canvas fits the view with an animation.
			await page.locator('[data-test-id="zoom-to-fit"]').click();
			await delay(800);
		},

		/**
		 * Opens one execution in the workflow's Executions tab (read-only canvas with its data).
		 * @param {string} workflowId @param {string} executionId @param {number} nodeCount
		 */
		async openExecution(workflowId, executionId, nodeCount) {
			await editor.navigate(`/workflow/${workflowId}/executions/${executionId}`);
			const nodes = page.locator('[data-test-id="canvas-node"]');
			await nodes.first().waitFor();
			const deadline = Date.now() + 30_000;
			while ((await nodes.count()) < nodeCount) {
				if (Date.now() > deadline)
					throw new Error(`execution ${executionId}: ${await nodes.count()} of ${nodeCount} nodes drawn`);
				await delay(100);
			}
			await page.waitForLoadState('networkidle').catch(() => undefined);
			await editor.dismissInterruptions();
			await delay(800);
		},

		/** Names of the nodes drawn on the canvas (or of those matching `selector`). */
		async nodeNames(selector = '[data-test-id="canvas-node"]') {
			return await page
				.locator(selector)
				.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-node-name') ?? ''));
		},

		/**
		 * Clicks "Execute workflow" and waits until every node shows success (or fails).
		 * @param {{ timeoutMs?: number }} [options]
		 */
		async executeWorkflow({ timeoutMs = 60_000 } = {}) {
			const nodes = page.locator('[data-test-id="canvas-node"]');
			const total = await nodes.count();
			await page.locator('[data-test-id="execute-workflow-button"]').click();
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const succeeded = await page
					.locator('[data-test-id="canvas-node"]:has([data-test-id="canvas-node-status-success"])')
					.count();
				if (succeeded === total) break;
				const problems = await editor.problems();
				if (problems.length > 0) throw new Error(`the workflow failed in the editor: ${problems.join(' | ')}`);
				if (Date.now() > deadline)
					throw new Error(`the workflow did not finish in ${timeoutMs} ms (${succeeded} of ${total} nodes succeeded)`);
				await delay(250);
			}
			// Let the success toast go, so that it does not cover the next screenshot.
			await page
				.locator('.el-notification')
				.filter({ visible: true })
				.first()
				.waitFor({ state: 'hidden', timeout: 10_000 })
				.catch(() => undefined);
		},

		/**
		 * Double-clicks a node on the canvas and waits for its parameter panel.
		 * @param {string} name
		 */
		async openNode(name) {
			await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).dblclick();
			const panel = page.locator('[data-test-id="ndv"]');
			await panel.waitFor();
			// A node the editor does not know has no parameters: problems() then says why.
			await panel
				.locator('[data-test-id="parameter-item"]')
				.first()
				.waitFor({ timeout: 15_000 })
				.catch(() => undefined);
			await page.waitForLoadState('networkidle').catch(() => undefined);
			await delay(500);
			return panel;
		},

		/** The trigger panel's "Webhook URLs" section, on the Test or Production URL tab. */
		async showWebhookUrls(/** @type {'Test URL' | 'Production URL'} */ tab) {
			const panel = page.locator('[data-test-id="ndv"]');
			const tabButton = panel.getByText(tab, { exact: true });
			if (!(await tabButton.isVisible())) await panel.getByText('Webhook URLs', { exact: true }).click();
			await tabButton.click();
			// Shown once the tab's own address is: test URLs go to /webhook-test/, production ones to /webhook/.
			await panel
				.getByText(tab === 'Test URL' ? /\/webhook-test\// : /\/webhook\//)
				.first()
				.waitFor();
		},

		async closeNode() {
			await page
				.locator('[data-test-id="ndv-close-button"]')
				.filter({ visible: true })
				.first()
				.click()
				.catch(() => page.keyboard.press('Escape'));
			await page.locator('[data-test-id="ndv"]').waitFor({ state: 'hidden' });
		},

		/**
		 * Opens a credential's modal (its address in the credentials list), waits for its
		 * first field and, for a credential with a test, for the test to finish.
		 * @param {string} id @param {{ field: string, tested: boolean }} credential
		 */
		async openCredential(id, { field, tested }) {
			await editor.navigate(`/home/credentials/${id}`);
			const modal = page.locator('[data-test-id="editCredential-modal"]');
			await modal.waitFor();
			await modal.locator(`[data-test-id="parameter-input-${field}"]`).waitFor();
			// The editor tests a credential as it opens; its answer can take a while on a busy machine.
			if (tested)
				await modal
					.getByText(/Connection tested successfully|Couldn.t connect|failed/i)
					.first()
					.waitFor({ timeout: 60_000 });
			await editor.dismissInterruptions();
			await delay(300);
			return modal;
		},

		/** Visible text of the page (or of one locator), followed by the values of its inputs. */
		async text(/** @type {import('playwright-core').Locator | undefined} */ locator) {
			const scope = locator ?? page.locator('body');
			const values = await scope
				.locator('input:not([type=password]), textarea')
				.evaluateAll((inputs) =>
					inputs
						.map((input) => /** @type {{ value: string }} */ (/** @type {unknown} */ (input)).value)
						.filter((value) => value !== ''),
				);
			return `${await scope.innerText()}\n${values.join('\n')}`;
		},

		/**
		 * Everything on screen that says a node, a parameter or the editor is broken: problem
		 * elements, problem texts, error toasts.
		 * @returns {Promise<string[]>}
		 */
		async problems() {
			/** @type {string[]} */
			const found = [];
			for (const selector of PROBLEM_SELECTORS) {
				const visible = await page.locator(selector).filter({ visible: true }).count();
				if (visible > 0) found.push(`${visible} × ${selector}`);
			}
			const text = await page.locator('body').innerText();
			for (const pattern of PROBLEM_TEXTS) {
				const match = pattern.exec(text);
				if (match) found.push(`text "${match[0]}"`);
			}
			for (const toast of await errorToasts()) found.push(`error toast "${toast.replace(/\s+/g, ' ').trim()}"`);
			return found;
		},

		/** @param {string} file */
		async screenshot(file) {
			fs.mkdirSync(path.dirname(file), { recursive: true });
			// Some pop up a moment after a page settles (the "Production Checklist" of a published workflow).
			await editor.dismissInterruptions();
			// The mouse rests where it was last used: park it on the blank top edge, where it
			// hovers no node toolbar and no tooltip.
			await page.mouse.move(VIEWPORT.width / 2, 2);
			// Hover effects fade out.
			await delay(600);
			await page.screenshot({ path: file });
			log(`wrote ${file}`);
			return file;
		},

		async close() {
			await context.close().catch(() => undefined);
			fs.rmSync(profile, { recursive: true, force: true });
		},
	};
	return editor;
}

/** @typedef {Awaited<ReturnType<typeof openEditor>>} Editor */
/**
 * @typedef {{ message: string, stack: string, step: string, url: string }} PageError
 *   step: what the tour was doing (Editor.at); url: the page's address then
 */

module.exports = { openEditor, CHROMIUM, CHROMIUM_ARGS, VIEWPORT };
