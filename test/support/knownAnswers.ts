/**
 * Plivo's signature known-answer vectors, as the Plivo SDKs' own test suites state them
 * (../shared/reference/plivo.md). Both signers are held to them: the package's
 * (nodes/shared/callbacks/signature.ts) and the fake Plivo's (tools/fakePlivo/signing.js).
 */

/** X-Plivo-Signature-V3 of a POST: the fields, the URL, the nonce, the Auth Token and the answer. */
export const V3_POST = {
	method: 'POST' as const,
	url: 'https://plivobin.non-prod.plivops.com/api/v1/validate_signature03.xml',
	params: {
		Direction: 'outbound',
		From: '19792014278',
		ALegUUID: '3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36',
		CallStatus: 'in-progress',
		BillRate: '0.002',
		ParentAuthID: 'MANWVLYTK4ZWU1YTY4QA',
		To: 'sip:PlivoSignature382029104058171078704104@phone-qa.voice.plivodev.com',
		ALegRequestUUID: '3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36',
		CallUUID: '3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36',
		RequestUUID: '3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36',
		'SIP-H-To': '<sip:PlivoSignature382029104058171078704104@52.9.11.55;transport=udp>;tag=1',
		SessionStart: '2020-04-08 11:34:33.238707',
		Event: 'StartApp',
	} as Record<string, string>,
	nonce: '31627761595286130198',
	authToken: 'Y2Q2ZDgxZmY5YWRiOTI5YmQ1Njg0MTAxZWIyOTc4',
	signature: 'iAjE5QqI37mbkYe4w3jTMudqEzbDufdqi7sYwTu64e0=',
};

/** X-Plivo-Signature-V2: URL and nonce only. */
export const V2 = {
	url: 'https://answer.url',
	nonce: '12345',
	authToken: 'my_auth_token',
	signature: 'ehV3IKhLysWBxC1sy8INm0qGoQYdYsHwuoKjsX7FsXc=',
};
