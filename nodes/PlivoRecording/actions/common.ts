import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Shared by both operations: the conference is addressed by its name. */
export const conferenceNameField = (operation: string): INodeProperties => ({
	displayName: 'Conference Name',
	name: 'conferenceName',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. Sales Standup',
	description:
		'Name of the live Plivo conference, as given in the Conference XML element. Any characters are allowed; the node encodes them.',
	displayOptions: { show: { operation: [operation] } },
});

/** Reads and checks the conference name; returns it with its URL-encoded path segment. */
export function readConferenceName(
	this: IExecuteFunctions,
	itemIndex: number,
): { name: string; pathSegment: string } {
	const value = this.getNodeParameter('conferenceName', itemIndex, '') as unknown;
	const name = typeof value === 'string' ? value : String(value ?? '');
	if (name.trim() === '') {
		throw new NodeOperationError(this.getNode(), `Conference Name is empty (item ${itemIndex})`, {
			itemIndex,
			description:
				'Enter the name of the live conference, or map it from the input with an expression that returns a non-empty text.',
		});
	}
	return { name, pathSegment: encodeURIComponent(name) };
}

/** Reads an optional absolute http(s) URL parameter; '' when left empty. */
export function readHttpUrl(
	this: IExecuteFunctions,
	parameter: string,
	label: string,
	itemIndex: number,
): string {
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
