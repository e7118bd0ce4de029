/**
 * What ships: the file list of the tarball a release publishes, as a fresh clone builds and packs
 * it. The work tree's own dist/ is never looked at (it may be missing or from an older build):
 * the repository's files (tracked, and new ones not ignored) are copied to a temporary folder,
 * built there with `npm run build` and packed with `npm pack --dry-run`, as the publish workflow
 * does from its clean checkout. A file that should not ship fails here, and so CI. From a source
 * archive without git (a release tarball, a downloaded zip) every file is copied but the
 * dependencies and build output (node_modules/, dist/).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const repo = join(__dirname, '..', '..');

/** The only files outside dist/ that a user gets. */
const TOP_LEVEL = ['CHANGELOG.md', 'LICENSE', 'README.md', 'index.js', 'package.json'];

/** Every file below a folder, as paths relative to `base`. */
function walk(dir: string, base: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? walk(join(dir, entry.name), base) : [relative(base, join(dir, entry.name))],
	);
}

/**
 * What the build makes of the sources (tsconfig.build.json: credentials/ and nodes/ compiled to
 * JavaScript (.ts, and .js with allowJs); gulpfile.js: icons and codex files copied beside them), so what dist/ must hold.
 */
function expectedDist(root: string): string[] {
	const sources = [...walk(join(root, 'credentials'), root), ...walk(join(root, 'nodes'), root)];
	return sources
		.flatMap((file) => {
			if (file.endsWith('.ts') && !file.endsWith('.d.ts')) return [file.replace(/\.ts$/, '.js')];
			if (file.endsWith('.js')) return [file]; // tsconfig.json has allowJs
			if (/\.(png|svg)$/.test(file) || (file.startsWith('nodes/') && file.endsWith('.node.json'))) return [file];
			return [];
		})
		.map((file) => `dist/${file}`);
}

/**
 * The repository's files: in a git checkout, what a fresh clone holds plus files not yet
 * committed (a stray file must fail before it is committed); in a source archive without git,
 * every file but the dependencies and the build output.
 */
function sourceFiles(): string[] {
	try {
		return execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
			cwd: repo,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		}).split('\0');
	} catch {
		return walk(repo, repo).filter((file) => !['node_modules', 'dist', '.git'].includes(file.split('/')[0]));
	}
}

function npmPackFiles(cwd: string): string[] {
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const [pack] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
	return pack.files.map((file) => file.path).sort();
}

describe('the packed package (npm pack of a fresh clone, built)', () => {
	let clone: string;
	let packed: string[];

	beforeAll(() => {
		clone = mkdtempSync(join(tmpdir(), 'plivo-pack-'));
		const files = sourceFiles().filter(
			(file) => file && file.split('/')[0] !== 'node_modules' && existsSync(join(repo, file)),
		);
		for (const file of files) {
			cpSync(join(repo, file), join(clone, file), { recursive: false, force: true });
		}
		symlinkSync(join(repo, 'node_modules'), join(clone, 'node_modules'), 'dir');
		try {
			execFileSync('npm', ['run', '--silent', 'build'], { cwd: clone, stdio: ['ignore', 'pipe', 'pipe'] });
		} catch (error) {
			const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
			throw new Error(`npm run build failed in the copy of the work tree:\n${stdout ?? ''}${stderr ?? ''}`);
		}
		packed = npmPackFiles(clone);
	}, 180_000);

	afterAll(() => {
		if (clone) rmSync(clone, { recursive: true, force: true });
	});

	it('holds, outside dist/, exactly CHANGELOG.md, LICENSE, README.md, index.js and package.json', () => {
		expect(packed.filter((file) => !file.startsWith('dist/'))).toEqual(TOP_LEVEL);
	});

	it('holds in dist/ exactly what the build makes of credentials/ and nodes/', () => {
		const dist = packed.filter((file) => file.startsWith('dist/'));
		expect(dist).toEqual(expectedDist(clone).sort());
		// and nothing a user should not get: tests, source maps, declarations, build caches
		expect(dist.filter((file) => !/\.(js|svg|png|node\.json)$/.test(file) || /\.test\.|\.spec\./.test(file))).toEqual(
			[],
		);
	});

	it('holds every node and credential that package.json registers with n8n', () => {
		const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
			n8n: { nodes: string[]; credentials: string[] };
		};
		const registered = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
		expect(registered.length).toBeGreaterThan(0);
		expect(registered.filter((file) => !packed.includes(file))).toEqual([]);
		// and each node's codex file beside it
		const codexFiles = pkg.n8n.nodes.map((node) => node.replace(/\.js$/, '.json'));
		expect(codexFiles.filter((file) => !packed.includes(file))).toEqual([]);
	});

	it('publishes with provenance and public access (a publish outside a CI provider is refused)', () => {
		const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
			publishConfig?: { provenance?: boolean; access?: string };
		};
		expect(pkg.publishConfig).toEqual({ access: 'public', provenance: true });
	});
});
