import type { INodeProperties } from 'n8n-workflow';

import { conference } from './conference/resource';
import { recording } from './recording/resource';
import type { Resource } from './types';

/**
 * The node's resources, by value. `conference` comes first and is the default, so workflows
 * saved before there was a Resource parameter keep working.
 */
export const resources: Record<string, Resource> = { conference, recording };

export const DEFAULT_RESOURCE = 'conference';

const resourceParameter: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Conference', value: 'conference', description: 'Start or stop recording a live conference' },
		{ name: 'Recording', value: 'recording', description: "Get, list, download or delete the account's recordings" },
	],
	default: DEFAULT_RESOURCE,
};

/** Every parameter of the node: the resource, each resource's operation, each operation's own. */
export const properties: INodeProperties[] = [
	resourceParameter,
	...Object.values(resources).map((resource) => resource.operation),
	...Object.values(resources).flatMap((resource) =>
		Object.values(resource.operations).flatMap((operation) => operation.description),
	),
];
