// @ts-check
/**
 * A throwaway PostgreSQL server on 127.0.0.1 (Debian's `postgresql` package, installed by
 * scripts/install-system-deps.sh), for running n8n on PostgreSQL in tests and benchmarks.
 * initdb refuses to run as root, so the server runs as the `postgres` user when we are root.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { register } = require('../cleanup');
const { freePort } = require('./launcher');

function binDir() {
	const root = '/usr/lib/postgresql';
	const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
	const found = versions
		.map((version) => path.join(root, version, 'bin'))
		.find((dir) => fs.existsSync(path.join(dir, 'initdb')));
	if (!found) throw new Error('PostgreSQL server not found: run scripts/install-system-deps.sh');
	return found;
}

/**
 * @param {string} command
 * @param {string[]} args
 */
function asPostgres(command, args) {
	const asRoot = process.getuid?.() === 0;
	return execFileSync(asRoot ? 'runuser' : command, asRoot ? ['-u', 'postgres', '--', command, ...args] : args, {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
}

/** @param {{ port?: number }} [options] */
async function startPostgres(options = {}) {
	const bin = binDir();
	const port = options.port || (await freePort());
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plivo-pg-'));
	const data = path.join(dir, 'data');
	fs.mkdirSync(data);
	if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
	fs.chmodSync(dir, 0o755);
	/** Stops the server if it runs, removes its folder; safe to call twice. */
	const stop = async () => {
		unregister();
		try {
			if (fs.existsSync(path.join(data, 'postmaster.pid'))) {
				asPostgres(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
			}
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
	// Before the server starts: a hook that gives up stops it (tools/cleanup).
	const unregister = register({ name: `PostgreSQL on port ${port}`, stop });

	asPostgres(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
	asPostgres(path.join(bin, 'pg_ctl'), [
		'-D',
		data,
		'-l',
		path.join(dir, 'server.log'),
		'-o',
		`-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
		'-w',
		'start',
	]);
	/** psql as the superuser on this server; `flags`: psql's other flags (database, output). */
	const psql = (/** @type {string} */ sql, /** @type {string[]} */ flags) =>
		asPostgres(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', ...flags, '-c', sql]);
	const stopOnError = ['-v', 'ON_ERROR_STOP=1'];
	psql("CREATE USER n8n PASSWORD 'n8n'", stopOnError);
	psql('CREATE DATABASE n8n OWNER n8n', stopOnError);

	return {
		type: /** @type {'postgresdb'} */ ('postgresdb'),
		host: '127.0.0.1',
		port,
		database: 'n8n',
		user: 'n8n',
		password: 'n8n',
		/** Runs SQL as the superuser and returns psql's text output. */
		query: (/** @type {string} */ sql) => psql(sql, ['-d', 'n8n', '-At']),
		stop,
	};
}

module.exports = { startPostgres };
