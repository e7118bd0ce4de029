import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Reads an optional absolute http(s) URL parameter; '' when left empty. */
export function readHttpUrl(this: IExecuteFunctions, parameter: string, label: string, itemIndex: number): string {
	const value = String(this.getNodeParameter(parameter, itemIndex, '') ?? '').trim();
	if (value === '') return '';
	let url: URL | undefined;
	try {
		url = new URL(value);
	} catch {
		url = undefined;
	}
	if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.host) {
		throw new NodeOperationError(
			this.getNode(),
			`${label} is not an absolute http(s) URL: "${value}" (item ${itemIndex})`,
			{
				itemIndex,
				description: `Plivo must be able to call it: use a full address such as https://n8n.example.com/webhook/…, e.g. the production URL of a Plivo Recording Callback Trigger.`,
			},
		);
	}
	return value;
}
