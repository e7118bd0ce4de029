import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { DEFAULT_BASE_URL } from '../nodes/shared/credential';

/**
 * Plivo account credentials for conference recording. Named `plivoRecordingApi` because
 * n8n's built-in Plivo node already owns `plivoApi` and credential type names are global.
 */
export class PlivoRecordingApi implements ICredentialType {
	name = 'plivoRecordingApi';

	displayName = 'Plivo Recording API';

	icon = { light: 'file:../nodes/shared/plivo.svg', dark: 'file:../nodes/shared/plivo.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-plivo-recording/n8n-nodes-plivo-recording#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Auth ID',
			name: 'authId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'MAXXXXXXXXXXXXXXXXXX',
			description: 'Your Plivo Auth ID (20 characters, starts with MA or SA), from the Plivo console overview page',
		},
		{
			displayName: 'Auth Token',
			name: 'authToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Your Plivo Auth Token, from the Plivo console overview page. Also used to verify the signature of the callbacks Plivo sends.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			description: "Plivo's API address. Change it only to go through a proxy or to test against a Plivo stand-in.",
		},
	];

	/**
	 * HTTP Basic auth_id:auth_token on every request. A function, not a generic `{{$credentials…}}`
	 * block: n8n evaluates such a block's two expressions on every request (on 2.x's default
	 * engine, in an expression isolate), and the action sends up to thousands of requests per
	 * execution; a function runs no expression engine at all. Returns a new options object.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			auth: { username: String(credentials.authId ?? '').trim(), password: String(credentials.authToken ?? '') },
		};
	}

	// Fetching the account itself is Plivo's cheapest authenticated call.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '=/v1/Account/{{$credentials.authId}}/',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Plivo rejected this Auth ID or Auth Token: copy both again from the overview page of the Plivo console',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'Plivo knows no account with this Auth ID: check the Auth ID (and the Base URL)',
				},
			},
		],
	};
}
