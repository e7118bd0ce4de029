// @ts-check
'use strict';
/**
 * n8n's editor in a real Chromium, the one entry every caller requires (`tools/editor`): for
 * the browser test (test/e2e/browser.e2e.test.ts) and the screenshots (scripts/screenshots.js).
 * Its files: page.js (the page object: sign in, open a workflow, run it, open a node or a
 * credential, the problems the page shows) and tours.js (the package's tour and the control
 * tour with n8n's own nodes, one screenshot per stop).
 */

/** @typedef {import('./page').Editor} Editor */
/** @typedef {import('./page').PageError} PageError */

module.exports = {
	...require('./page'),
	...require('./tours'),
};
