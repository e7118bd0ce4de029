import type { INodeProperties } from 'n8n-workflow';

import { call } from './call/resource';
import { conference } from './conference/resource';
import { maskingSession } from './maskingSession/resource';
import { multiPartyCall } from './multiPartyCall/resource';
import { recording } from './recording/resource';
import { transcription } from './transcription/resource';
import type { Resource } from './types';

/**
 * The node's resources, by value. `conference` comes first and is the default, so workflows
 * saved before there was a Resource parameter keep working.
 */
export const resources: Record<string, Resource> = {
	conference,
	call,
	multiPartyCall,
	recording,
	transcription,
	maskingSession,
};

export const DEFAULT_RESOURCE = 'conference';

const resourceParameter: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Call', value: 'call', description: 'Start or stop recording a live call' },
		{ name: 'Conference', value: 'conference', description: 'Start or stop recording a live conference' },
		{
			name: 'Multi-Party Call',
			value: 'multiPartyCall',
			description: 'Start, pause, resume or stop recording a Multi-Party Call or one of its participants',
		},
		{
			name: 'Number Masking Session',
			value: 'maskingSession',
			description: "Turn recording of a Number Masking session's calls on or off",
		},
		{ name: 'Recording', value: 'recording', description: "Get, list, download or delete the account's recordings" },
		{
			name: 'Transcription',
			value: 'transcription',
			description: 'Order, get or delete the transcription of a finished recording',
		},
	],
	default: DEFAULT_RESOURCE,
};

/**
 * An operation's parameter, shown only for its resource: operations of two resources share
 * names (Get, Delete, Start Recording), so the operation alone does not tell them apart.
 */
function forResource(resource: string, field: INodeProperties): INodeProperties {
	const show = field.displayOptions?.show;
	if (show?.resource !== undefined) return field;
	return { ...field, displayOptions: { ...field.displayOptions, show: { resource: [resource], ...show } } };
}

/** Every parameter of the node: the resource, each resource's operation, each operation's own. */
export const properties: INodeProperties[] = [
	resourceParameter,
	...Object.values(resources).map((resource) => resource.operation),
	...Object.entries(resources).flatMap(([name, resource]) =>
		Object.values(resource.operations).flatMap((operation) =>
			operation.description.map((field) => forResource(name, field)),
		),
	),
];
