import type { INodeProperties } from 'n8n-workflow';

/**
 * n8n's usual Simplify option, for the operations whose output is one of Plivo's objects (Get,
 * Get Many, Transcription Get): the fields a person or an AI agent's model needs instead of
 * every field Plivo sends. Each such operation says what they are (`Operation.simplify`);
 * runItems applies it, reading Simplify as off where the node has none.
 *
 * Shown, and on by default, from node version 1.1; nodes saved at version 1 have none, and
 * output what they always did (n8n keeps a saved node at its version). One parameter hidden
 * from version 1, as n8n's Notion node added its Simplify: a second one for version 1 with
 * `default: false` is what n8n's lint refuses (a Simplify defaults to true, a boolean's default
 * is a literal), and on by default there would change saved workflows.
 */
export function simplifyFields(show: Record<string, string[]>): INodeProperties[] {
	return [
		{
			displayName: 'Simplify',
			name: 'simple',
			type: 'boolean',
			default: true,
			description: 'Whether to return a simplified version of the response instead of the raw data',
			displayOptions: { show: { ...show, '@version': [{ _cnd: { gte: 1.1 } }] } },
		},
	];
}
