import { n8nRootOf, nodeWebhookKey, signedUrlCandidates } from '../../../../nodes/shared/callbacks/urls';

const WEBHOOK_ID = 'abc';
const PRODUCTION = `http://127.0.0.1:5678/webhook/${WEBHOOK_ID}/webhook`;
const TEST = `http://127.0.0.1:5678/webhook-test/${WEBHOOK_ID}/webhook`;
const ROUTE = `${WEBHOOK_ID}/webhook`;

/** The trigger's policy, as PlivoRecordingTrigger.node.ts applies it. */
function triggerUrls(called: string, { production = PRODUCTION, publicUrl = '' } = {}) {
	return signedUrlCandidates({
		n8nRoot: n8nRootOf(production, WEBHOOK_ID),
		called,
		routePaths: [ROUTE],
		configuredUrls: [production],
		publicUrl,
	});
}

describe('nodeWebhookKey (what n8n puts after its endpoint segment)', () => {
	it('is the webhook id for a node with one', () => {
		expect(nodeWebhookKey({ name: 'Plivo Recording Callback', webhookId: 'abc' }, 'wf1')).toBe('abc');
	});

	it('is <workflowId>/<name, lower case, encoded> without one', () => {
		expect(nodeWebhookKey({ name: 'Start Recording' }, 'wf1')).toBe('wf1/start%20recording');
	});
});

describe('n8nRootOf', () => {
	it('is the configured address before the endpoint segment', () => {
		expect(n8nRootOf(PRODUCTION, WEBHOOK_ID)).toBe('http://127.0.0.1:5678');
		expect(n8nRootOf('https://x.com/n8n/webhook/abc/webhook', WEBHOOK_ID)).toBe('https://x.com/n8n');
		expect(n8nRootOf('https://n8n.example.com/hooks/abc/webhook?x=1', WEBHOOK_ID)).toBe('https://n8n.example.com');
		expect(n8nRootOf('http://127.0.0.1:5678/webhook/wf1/start%20recording/node-1', 'wf1/start%20recording')).toBe(
			'http://127.0.0.1:5678',
		);
	});

	// n8n 2.41 gives a resume webhook's node the URL of its webhook id with an empty path.
	it('does not rely on what follows the key', () => {
		expect(n8nRootOf('http://127.0.0.1:5678/webhook/abc/', WEBHOOK_ID)).toBe('http://127.0.0.1:5678');
		expect(n8nRootOf('http://127.0.0.1:5678/webhook/abc', WEBHOOK_ID)).toBe('http://127.0.0.1:5678');
	});

	it('is undefined when the URL does not hold the key after an endpoint segment', () => {
		expect(n8nRootOf('http://127.0.0.1:5678/webhook/other/webhook', WEBHOOK_ID)).toBeUndefined();
		expect(n8nRootOf('http://host/abc/webhook', WEBHOOK_ID)).toBeUndefined();
		expect(n8nRootOf('http://abc/webhook/x', WEBHOOK_ID)).toBeUndefined();
		expect(n8nRootOf('', WEBHOOK_ID)).toBeUndefined();
		expect(n8nRootOf(PRODUCTION, '')).toBeUndefined();
	});
});

describe('signedUrlCandidates for the trigger', () => {
	it('gives only the production URL for a call to the production URL', () => {
		expect(triggerUrls(`/webhook/${ROUTE}`)).toEqual([PRODUCTION]);
	});

	it('adds the test URL for a call to the test endpoint', () => {
		expect(triggerUrls(`/webhook-test/${ROUTE}`)).toEqual([PRODUCTION, TEST]);
	});

	it('keeps the query string the request carried on every candidate', () => {
		expect(triggerUrls(`/webhook-test/${ROUTE}?flow=a&x=1`)).toEqual([
			`${PRODUCTION}?flow=a&x=1`,
			`${TEST}?flow=a&x=1`,
		]);
	});

	it('swaps custom endpoint names (N8N_ENDPOINT_WEBHOOK / _TEST)', () => {
		expect(triggerUrls(`/hooks-test/${ROUTE}`, { production: `https://n8n.example.com/hooks/${ROUTE}` })).toEqual([
			`https://n8n.example.com/hooks/${ROUTE}`,
			`https://n8n.example.com/hooks-test/${ROUTE}`,
		]);
	});

	it('keeps the path prefix of n8n behind a proxy (WEBHOOK_URL https://x.com/n8n/)', () => {
		expect(triggerUrls(`/webhook-test/${ROUTE}`, { production: `https://x.com/n8n/webhook/${ROUTE}` })).toEqual([
			`https://x.com/n8n/webhook/${ROUTE}`,
			`https://x.com/n8n/webhook-test/${ROUTE}`,
		]);
	});

	it('adds the public URL with the query the request carried, not a second copy of its own', () => {
		expect(
			triggerUrls(`/webhook/${ROUTE}?flow=a`, { publicUrl: 'https://calls.example.com/hooks/plivo?flow=a' }),
		).toEqual([`${PRODUCTION}?flow=a`, 'https://calls.example.com/hooks/plivo?flow=a']);
	});

	it('trims the public URL and drops its fragment (Plivo retry settings)', () => {
		expect(
			triggerUrls(`/webhook/${ROUTE}`, { publicUrl: '  https://calls.example.com/hooks/plivo#ct=2000&rc=3  ' }),
		).toEqual([PRODUCTION, 'https://calls.example.com/hooks/plivo']);
	});

	it('ignores a blank public URL and lists each URL once', () => {
		expect(triggerUrls(`/webhook/${ROUTE}`, { publicUrl: '   ' })).toEqual([PRODUCTION]);
		expect(triggerUrls(`/webhook/${ROUTE}?flow=a`, { publicUrl: `${PRODUCTION}?other=1` })).toEqual([
			`${PRODUCTION}?flow=a`,
		]);
	});

	it('adds nothing from a called path that is not this webhook’s', () => {
		expect(triggerUrls('/somewhere/else')).toEqual([PRODUCTION]);
		expect(triggerUrls(`/webhook/other/webhook`)).toEqual([PRODUCTION]);
		expect(triggerUrls(`/a/b/webhook/${ROUTE}`)).toEqual([PRODUCTION]);
	});

	// The attack: a path that turns the rest into a fragment would let a signature made for
	// another URL verify; '#' never reaches a candidate.
	it('adds nothing from a called path holding a fragment', () => {
		expect(triggerUrls(`/webhook-test/${ROUTE}#/webhook/other/webhook`)).toEqual([PRODUCTION]);
		expect(triggerUrls(`/webhook#/${ROUTE}`)).toEqual([PRODUCTION]);
	});
});

describe('signedUrlCandidates for the resume webhook', () => {
	const NODE_ID = 'node-1';
	const configured = `https://x.com/n8n/webhook/abc/${NODE_ID}`;
	const resume = (called: string) =>
		signedUrlCandidates({
			n8nRoot: n8nRootOf(configured, 'abc'),
			called,
			routePaths: ['42', `42/${NODE_ID}`],
		});

	it('is n8n’s configured address with this execution’s resume path and query', () => {
		expect(resume('/webhook-waiting/42?signature=tok')).toEqual(['https://x.com/n8n/webhook-waiting/42?signature=tok']);
		expect(resume(`/webhook-waiting/42/${NODE_ID}`)).toEqual([`https://x.com/n8n/webhook-waiting/42/${NODE_ID}`]);
	});

	it('is nothing for another execution’s path, or a path with a fragment', () => {
		expect(resume('/webhook-waiting/43')).toEqual([]);
		expect(resume('/webhook-waiting/42#/webhook/abc/webhook')).toEqual([]);
		expect(resume('/webhook/abc/webhook')).toEqual([]);
	});

	it('is nothing when n8n’s own URL for the node cannot be read', () => {
		expect(signedUrlCandidates({ n8nRoot: undefined, called: '/webhook-waiting/42', routePaths: ['42'] })).toEqual([]);
	});
});
