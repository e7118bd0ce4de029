// @ts-check
'use strict';
/**
 * A real n8n on 127.0.0.1 with this package loaded, the one entry every caller requires
 * (`tools/n8n`): for the end-to-end tests, `npm start`, the screenshots and the benchmarks.
 * Its files: launcher.js (install, pack, start n8n; its public and internal APIs),
 * client.js (the HTTP client for a running n8n), versions.json (the n8n versions the project
 * is tested on, read by scripts/install-n8n.sh and scripts/test-all.sh too), postgres.js and
 * redis.js (throwaway servers), queueMode.js (n8n's queue mode on both).
 */

/** @typedef {import('./launcher').N8n} N8n */
/** @typedef {import('./launcher').Workflow} Workflow */
/** @typedef {import('./launcher').Execution} Execution */
/** @typedef {import('./client').N8nClient} N8nClient */
/** @typedef {import('./redis').Redis} Redis */
/** @typedef {import('./queueMode').QueueMode} QueueMode */

module.exports = {
	...require('./launcher'),
	...require('./client'),
	...require('./postgres'),
	...require('./redis'),
	...require('./queueMode'),
};
