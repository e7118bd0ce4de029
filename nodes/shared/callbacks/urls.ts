/**
 * Which URLs Plivo may have signed for a request that n8n routed to one of this package's
 * webhooks: the one policy of the trigger and of the resume webhook of "Wait for Recording to
 * Finish". Pure, no n8n imports.
 *
 * Where n8n is (scheme, host, port, path prefix) comes only from n8n's own configuration (the
 * URL n8n gives the webhook, built from WEBHOOK_URL) and from the user's Public URL option;
 * never from a request header, which anyone can write (`X-Forwarded-Host: evil#` once made a
 * signature for another URL verify). The request adds only what n8n routed on, its path, and
 * its query; the signature covers both.
 */

/**
 * What n8n puts right after its endpoint segment (`webhook`, `webhook-test`, …) in the URL of
 * a node's webhook (n8n-workflow's getNodeWebhookPath): the node's webhook id, or for a node
 * without one `<workflowId>/<node name, lower case, encoded>`. The trigger's path follows it.
 */
export function nodeWebhookKey(node: { name: string; webhookId?: string }, workflowId: string): string {
	return node.webhookId ? node.webhookId : `${workflowId}/${encodeURIComponent(node.name.toLowerCase())}`;
}

/**
 * n8n's public address (its configured WEBHOOK_URL, without the trailing '/'): what precedes
 * the endpoint segment in the URL n8n gives a node's webhook. What follows the node's key is
 * not relied on (for a resume webhook, n8n 2.41 leaves its `$nodeId` path out). Undefined when
 * the URL does not hold the key.
 */
export function n8nRootOf(webhookUrl: string, nodeKey: string): string | undefined {
	const url = cutQuery(webhookUrl);
	const afterOrigin = url.indexOf('/', url.indexOf('//') + 2);
	if (afterOrigin === -1 || nodeKey === '') return undefined;
	const keyAt = `${url}/`.indexOf(`/${nodeKey}/`, afterOrigin);
	if (keyAt === -1) return undefined;
	const endpointUrl = url.slice(0, keyAt);
	const cut = endpointUrl.lastIndexOf('/');
	// The endpoint segment must sit after the origin: "scheme://host/<endpoint>".
	if (cut < afterOrigin) return undefined;
	return endpointUrl.slice(0, cut);
}

export interface SignedUrlsInput {
	/** n8n's public address, from its configuration (n8nRootOf). */
	n8nRoot: string | undefined;
	/** The request's path and query as n8n received and routed it (`originalUrl`). */
	called: string;
	/**
	 * What may follow n8n's endpoint segment in the called path for this webhook: the node's
	 * webhook path (trigger), or the execution's id (resume URL).
	 */
	routePaths: string[];
	/** More URLs n8n's configuration gives this webhook (the trigger's production URL). */
	configuredUrls?: string[];
	/** The user's Public URL option: the address Plivo calls when a proxy rewrites it. */
	publicUrl?: string;
}

/**
 * Every URL Plivo may have signed, each with the query the request really carried.
 * n8n's root + the called path counts only when the path is `/<endpoint>/<routePath>`, so
 * a request to the test URL (`/webhook-test/…`) or another endpoint name is verified against
 * the address it was really sent to, and nothing else.
 */
export function signedUrlCandidates(input: SignedUrlsInput): string[] {
	const queryAt = input.called.indexOf('?');
	const path = queryAt === -1 ? input.called : input.called.slice(0, queryAt);
	const query = queryAt === -1 ? '' : input.called.slice(queryAt);
	const urls = (input.configuredUrls ?? []).map((url) => cutQuery(url) + query);

	const endpointAt = path.indexOf('/', 1);
	const routed = endpointAt > 1 && !path.includes('#') && input.routePaths.includes(path.slice(endpointAt + 1));
	if (input.n8nRoot !== undefined && routed) urls.push(input.n8nRoot + path + query);

	const publicUrl = (input.publicUrl ?? '').trim();
	if (publicUrl !== '') urls.push(cutQuery(publicUrl) + query);
	return [...new Set(urls)];
}

/** The URL without its query and fragment. */
function cutQuery(url: string): string {
	const cut = url.search(/[?#]/);
	return cut === -1 ? url : url.slice(0, cut);
}
