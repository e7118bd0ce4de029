/**
 * The action's description across its versions: a node saved at version 1 keeps its
 * parameters exactly (names, types, defaults, options, when each is shown: the shape recorded
 * in fixtures/version1Parameters.json before version 1.1 came); version 1.1, the default for a
 * new node, adds Simplify, on; the tool variant has a description of its own.
 */
import type { INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { PlivoRecording } from '../../../nodes/PlivoRecording/PlivoRecording.node';
import version1Parameters from './fixtures/version1Parameters.json';
import { parameterShape } from './parameterShape';

const { description } = new PlivoRecording();

/** What n8n fills in for a node of `typeVersion` saved with `saved`, as it does when it loads a workflow. */
function resolved(typeVersion: number, saved: INodeParameters): INodeParameters {
	const node = {
		id: 'p',
		name: 'Plivo',
		type: 'n8n-nodes-plivo-recording.plivoRecording',
		typeVersion,
		position: [0, 0] as [number, number],
		parameters: saved,
	};
	return NodeHelpers.getNodeParameters(description.properties, saved, true, false, node, description) ?? {};
}

describe('versions', () => {
	it('1 and 1.1; a new node is 1.1', () => {
		expect(description.version).toEqual([1, 1.1]);
		expect(description.defaultVersion).toBe(1.1);
	});

	const shownAtVersion1 = description.properties.filter((property) => {
		const versions = property.displayOptions?.show?.['@version'];
		return versions === undefined || versions.includes(1);
	});
	/**
	 * Resources added since the fixture was recorded. An added resource is an added option of
	 * the one Resource parameter (n8n cannot show an option for some versions only), so it is
	 * offered at version 1 too; it changes nothing a saved workflow holds: no parameter of the
	 * other resources, no default, no option.
	 */
	const ADDED_RESOURCES = ['maskingSession'];
	const isAdded = (property: (typeof description.properties)[number]) => {
		const resources = property.displayOptions?.show?.resource;
		return Array.isArray(resources) && resources.every((resource) => ADDED_RESOURCES.includes(String(resource)));
	};

	it("version 1's parameters are what they were: every one shown at version 1 has its old shape", () => {
		const withoutAdded = shownAtVersion1
			.filter((property) => !isAdded(property))
			.map((property) =>
				property.name === 'resource'
					? {
							...property,
							options: property.options?.filter(
								(o) => !ADDED_RESOURCES.includes(String((o as { value: unknown }).value)),
							),
						}
					: property,
			);
		expect(parameterShape(withoutAdded)).toEqual(version1Parameters);
	});

	it('what version 1 gained is only the added resources: their Resource option and their own parameters', () => {
		const resource = description.properties.find((property) => property.name === 'resource');
		const values = (resource?.options ?? []).map((option) => (option as { value: unknown }).value);
		expect(values.filter((value) => ADDED_RESOURCES.includes(String(value)))).toEqual(ADDED_RESOURCES);
		expect(resource?.default).toBe('conference');
		expect(shownAtVersion1.filter(isAdded).map((property) => property.name)).toEqual([
			'operation',
			'sessionUuid',
			'fileFormat',
			'waitForRecording',
			'maxWaitMinutes',
			'callbackUrl',
			'callbackMethod',
			'sessionUuid',
		]);
		// A version-1 workflow of another resource resolves to exactly what it did.
		expect(resolved(1, { resource: 'call', operation: 'startRecording' })).not.toHaveProperty('sessionUuid');
	});

	it('only Simplify is new, and only from 1.1', () => {
		const added = description.properties.filter((property) => property.displayOptions?.show?.['@version']);
		expect(added.map((property) => property.name)).toEqual(['simple', 'simple', 'simple']);
		for (const property of added) {
			expect(property.displayOptions?.show?.['@version']).toEqual([{ _cnd: { gte: 1.1 } }]);
		}
	});
});

describe('Simplify', () => {
	it.each([
		['recording', 'get'],
		['recording', 'getAll'],
		['transcription', 'get'],
	])('%s %s: on in a new node (1.1), absent (so off) in a node saved at version 1', (resource, operation) => {
		expect(resolved(1.1, { resource, operation }).simple).toBe(true);
		expect(resolved(1, { resource, operation })).not.toHaveProperty('simple');
	});

	it('a 1.1 node saved with Simplify off keeps it off', () => {
		expect(resolved(1.1, { resource: 'recording', operation: 'get', simple: false }).simple).toBe(false);
	});

	it('is not offered where there is nothing to simplify', () => {
		expect(resolved(1.1, { resource: 'recording', operation: 'delete' })).not.toHaveProperty('simple');
		expect(resolved(1.1, { resource: 'conference', operation: 'startRecording' })).not.toHaveProperty('simple');
	});
});

describe('as an AI agent tool', () => {
	it('n8n offers it as a tool with a description of its own, saying what it takes and how errors come back', () => {
		expect(description.usableAsTool).toEqual({ replacements: { description: expect.any(String) } });
		const text = (description.usableAsTool as { replacements: { description: string } }).replacements.description;
		expect(text).toContain('recording_id');
		expect(text).toContain('{ error }');
		expect(text).not.toBe(description.description);
	});
});
