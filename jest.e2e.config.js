/**
 * End-to-end tests against a real n8n (installed by scripts/install-test-deps.sh, started by tools/n8n).
 * One worker: each test file starts its own n8n, which is heavy (about 1 GB and 20+ s).
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
	// Stops what a suite started, even when a hook gave up before its afterAll knew of it.
	setupFilesAfterEnv: ['<rootDir>/test/support/stopStartedProcesses.ts'],
	testTimeout: 300000,
	maxWorkers: 1,
	transform: {
		// allowJs: the tests import the JSDoc-typed tools (tools/n8n, tools/fakePlivo, …) with their types.
		'^.+\\.ts$': ['ts-jest', { tsconfig: { allowJs: true }, diagnostics: { warnOnly: false } }],
	},
};
