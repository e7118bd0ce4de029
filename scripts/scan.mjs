// n8n's verification scanner, both legs: the source (package.json, nodes/, credentials/)
// and the packed tarball that users install. Exits non-zero on any finding.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'plivo-scan-'));
let failed = false;

function report(leg, result) {
	console.log(`${result.passed ? 'PASS' : 'FAIL'} scanner on ${leg}${result.message ? `: ${result.message}` : ''}`);
	if (result.details) console.log(result.details);
	if (!result.passed) failed = true;
}

try {
	report('source', await analyzePackage(root, SOURCE_FILE_PATTERNS));

	const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
		cwd: root,
		encoding: 'utf8',
	});
	const tarball = join(work, JSON.parse(packed)[0].filename);
	execFileSync('tar', ['-xzf', tarball, '-C', work]);
	report(`tarball ${JSON.parse(packed)[0].filename}`, await analyzePackage(join(work, 'package')));
} finally {
	rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
