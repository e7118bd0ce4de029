// @ts-check
'use strict';
/**
 * Lets a benchmark require the project's TypeScript (the engine harness in test/support, the
 * nodes' sources) as jest does, without a build: each .ts file is transpiled on load with the
 * project's own TypeScript (types are checked by `tsc`, not here).
 */
const fs = require('node:fs');
const ts = require('typescript');

function registerTypeScript() {
	if (require.extensions['.ts']) return;
	// Tried before .json and .node, as jest does: `./PlivoRecording.node` is the .ts file, not
	// the codex PlivoRecording.node.json beside it.
	const later = ['.json', '.node'].map((extension) => [extension, require.extensions[extension]]);
	for (const [extension] of later) delete require.extensions[/** @type {string} */ (extension)];
	require.extensions['.ts'] = (module, filename) => {
		const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
			fileName: filename,
			compilerOptions: {
				module: ts.ModuleKind.CommonJS,
				target: ts.ScriptTarget.ES2022,
				esModuleInterop: true,
				resolveJsonModule: true,
			},
		});
		/** @type {any} */ (module)._compile(outputText, filename);
	};
	for (const [extension, load] of later)
		require.extensions[/** @type {string} */ (extension)] = /** @type {any} */ (load);
}

module.exports = { registerTypeScript };
