import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Shared by the conference operations: a conference is addressed by its name. */
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
