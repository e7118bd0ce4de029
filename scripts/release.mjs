// Releases are cut here and published by .github/workflows/publish.yml, never from a laptop.
//
//   npm run release -- 0.2.0        on main, clean tree (CHANGELOG.md may be edited): checks that
//                                   CHANGELOG.md has the `## [0.2.0] - YYYY-MM-DD` entry, runs the
//                                   release checks, sets the version in package.json and
//                                   package-lock.json, commits "Release 0.2.0" and tags v0.2.0.
//                                   Pushing the tag (printed at the end) starts the publish workflow.
//   node scripts/release.mjs check v0.2.0
//                                   what the publish workflow asks first: the tag names the version
//                                   in package.json, and CHANGELOG.md has an entry for it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

function fail(message) {
	console.error(`release: ${message}`);
	process.exit(1);
}

function packageVersion() {
	return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
}

/** The body of CHANGELOG.md's `## [version] - YYYY-MM-DD` entry, or a reason it is not there. */
function changelogEntry(version) {
	const text = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
	const heading = new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm');
	const match = heading.exec(text);
	if (!match) return { problem: `CHANGELOG.md has no "## [${version}] - YYYY-MM-DD" entry` };
	// The entry runs to the next version's heading or to the link references at the end.
	const rest = text.slice(match.index + match[0].length);
	const end = rest.search(/^## |^\[[^\]]+\]: /m);
	const body = end === -1 ? rest : rest.slice(0, end);
	if (!/^\s*[-*] \S/m.test(body)) return { problem: `CHANGELOG.md's entry for ${version} lists nothing` };
	return { body: body.trim() };
}

function check(tag) {
	if (!tag) fail('usage: node scripts/release.mjs check v<version>');
	const version = packageVersion();
	if (!SEMVER.test(version))
		fail(
			`package.json's version ${version} is not a plain x.y.z release (pre-releases are not published by this workflow)`,
		);
	if (tag !== `v${version}`) fail(`tag ${tag} does not name package.json's version ${version} (expected v${version})`);
	const entry = changelogEntry(version);
	if (entry.problem) fail(entry.problem);
	console.log(`release: tag ${tag} = package.json ${version}, CHANGELOG.md has its entry`);
}

function git(...args) {
	return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trimEnd(); // porcelain lines start with a space
}

function run(command, args) {
	console.log(`\n==> ${command} ${args.join(' ')}`);
	execFileSync(command, args, { cwd: root, stdio: 'inherit' });
}

function prepare(version) {
	if (!version || !SEMVER.test(version)) fail('usage: npm run release -- <x.y.z>');
	const current = packageVersion();
	const [a, b] = [current, version].map((v) => v.split('.').map(Number));
	const newer = a[0] !== b[0] ? b[0] > a[0] : a[1] !== b[1] ? b[1] > a[1] : b[2] > a[2];
	if (!newer && version !== current) fail(`${version} is not newer than package.json's ${current}`);

	const branch = git('rev-parse', '--abbrev-ref', 'HEAD');
	if (branch !== 'main') fail(`releases are cut from main (this is ${branch})`);
	const dirty = git('status', '--porcelain')
		.split('\n')
		.filter((line) => line && line.slice(3) !== 'CHANGELOG.md');
	if (dirty.length)
		fail(`the work tree has changes besides CHANGELOG.md; commit or remove them first:\n${dirty.join('\n')}`);
	if (git('tag', '--list', `v${version}`)) fail(`tag v${version} already exists`);
	const entry = changelogEntry(version);
	if (entry.problem)
		fail(
			`${entry.problem}: move the Unreleased items under "## [${version}] - ${new Date().toISOString().slice(0, 10)}"`,
		);

	// The same checks the publish workflow runs before it publishes; a failure here stops before
	// anything is committed or tagged.
	run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
	run('npm', ['run', '--silent', 'lint']);
	run('npm', ['run', '--silent', 'build']);
	run('npm', ['run', '--silent', 'scan']);
	run('npx', ['jest', '--ci']);

	if (version !== current) run('npm', ['version', version, '--no-git-tag-version', '--ignore-scripts']);
	const releaseFiles = ['package.json', 'package-lock.json', 'CHANGELOG.md'];
	// Nothing to commit when the version is already set and the entry committed (the first release).
	if (git('status', '--porcelain', '--', ...releaseFiles)) {
		run('git', ['commit', '-m', `Release ${version}`, '--', ...releaseFiles]);
	}
	run('git', ['tag', '-a', '--cleanup=verbatim', `v${version}`, '-m', `${version}\n\n${entry.body}`]);
	console.log(
		`\nRelease ${version} is committed and tagged. Publish it with:\n\n  git push --atomic origin main v${version}\n`,
	);
	console.log('The Publish workflow on GitHub then checks it again and publishes it with provenance.');
}

const [command, arg] = process.argv.slice(2);
if (command === 'check') check(arg);
else prepare(command);
