/**
 * End-to-end tests against a real n8n (installed and started by test/support/n8n.js).
 * One worker: each test file starts its own n8n, which is heavy (about 1 GB and 20+ s).
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
	testTimeout: 300000,
	maxWorkers: 1,
	transform: {
		// allowJs: the tests import the JSDoc-typed launcher test/support/n8n.js with its types.
		'^.+\\.ts$': ['ts-jest', { tsconfig: { allowJs: true }, diagnostics: { warnOnly: false } }],
	},
};
