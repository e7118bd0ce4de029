import type { IExecuteFunctions, INodeParameters } from 'n8n-workflow';

import {
	holdsExpression,
	readingStaticParametersOnce,
} from '../../../../nodes/PlivoRecording/actions/staticParameters';

/**
 * An execution context over `parameters` that resolves an expression "={{ $json.x }}" to item
 * `itemIndex`'s x, the way n8n would, and counts how often each parameter is read through it.
 */
function contextOver(parameters: INodeParameters, items: Array<Record<string, unknown>>) {
	const reads: string[] = [];
	const resolve = (value: unknown, itemIndex: number): unknown => {
		if (typeof value === 'string' && value.startsWith('={{ $json.')) return items[itemIndex][value.slice(10, -3)];
		if (Array.isArray(value)) return value.map((entry) => resolve(entry, itemIndex));
		if (value !== null && typeof value === 'object') {
			return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, resolve(entry, itemIndex)]));
		}
		return value;
	};
	const context = {
		getNode: () => ({ name: 'Plivo Recording', parameters: structuredClone(parameters) }),
		continueOnFail: () => true,
		getNodeParameter(name: string, itemIndex: number, fallback?: unknown) {
			reads.push(`${name}@${itemIndex}`);
			const raw = name
				.split('.')
				.reduce<unknown>((value, key) => (value as Record<string, unknown>)?.[key], parameters);
			if (raw === undefined) return fallback;
			if (raw === 'broken') throw new Error(`"${name}" is broken (item ${itemIndex})`);
			return resolve(raw, itemIndex);
		},
	};
	return { context: context as unknown as IExecuteFunctions, reads };
}

const items = [{ name: 'a' }, { name: 'b' }, { name: 'c' }];

describe('readingStaticParametersOnce', () => {
	it('reads a parameter without expressions once for all items, an expression for each item', () => {
		const { context, reads } = contextOver({ fileFormat: 'wav', conferenceName: '={{ $json.name }}' }, items);
		const checking = readingStaticParametersOnce(context);
		const read = items.map((_, i) => [
			checking.getNodeParameter('fileFormat', i),
			checking.getNodeParameter('conferenceName', i),
		]);
		expect(read).toEqual([
			['wav', 'a'],
			['wav', 'b'],
			['wav', 'c'],
		]);
		expect(reads).toEqual(['fileFormat@0', 'conferenceName@0', 'conferenceName@1', 'conferenceName@2']);
	});

	it('finds an expression at any depth: a collection, a resource locator, a list', () => {
		const parameters = {
			callbackDelivery: { callbackTimeout: 5, region: '={{ $json.name }}' },
			conferenceName: { __rl: true, mode: 'name', value: '={{ $json.name }}' },
			list: ['x', '={{ $json.name }}'],
		};
		const { context, reads } = contextOver(parameters, items);
		const checking = readingStaticParametersOnce(context);
		for (const i of [0, 1]) for (const name of Object.keys(parameters)) checking.getNodeParameter(name, i);
		expect(reads).toHaveLength(6);
		expect(checking.getNodeParameter('callbackDelivery', 2)).toEqual({ callbackTimeout: 5, region: 'c' });
	});

	it('reads a nested path by what is at that path only', () => {
		const { context, reads } = contextOver(
			{ options: { publicUrl: 'https://x.test/h', other: '={{ $json.name }}' } },
			items,
		);
		const checking = readingStaticParametersOnce(context);
		for (const i of [0, 1, 2]) expect(checking.getNodeParameter('options.publicUrl', i)).toBe('https://x.test/h');
		expect(reads).toEqual(['options.publicUrl@0']);
	});

	it('hands every item its own copy of a kept object', () => {
		const { context } = contextOver({ callbackDelivery: { callbackTimeout: 5 } }, items);
		const checking = readingStaticParametersOnce(context);
		const first = checking.getNodeParameter('callbackDelivery', 0) as Record<string, unknown>;
		first.callbackTimeout = 99;
		expect(checking.getNodeParameter('callbackDelivery', 1)).toEqual({ callbackTimeout: 5 });
	});

	it('keeps reads with another fallback or other options apart', () => {
		const { context, reads } = contextOver({}, items);
		const checking = readingStaticParametersOnce(context);
		expect(checking.getNodeParameter('transcribe', 0, false)).toBe(false);
		expect(checking.getNodeParameter('transcribe', 1, true)).toBe(true);
		expect(checking.getNodeParameter('transcribe', 2, false)).toBe(false);
		expect(reads).toEqual(['transcribe@0', 'transcribe@1']);
	});

	it('does not keep a read that failed: each item gets its own error', () => {
		const { context, reads } = contextOver({ fileFormat: 'broken' }, items);
		const checking = readingStaticParametersOnce(context);
		expect(() => checking.getNodeParameter('fileFormat', 0)).toThrow('(item 0)');
		expect(() => checking.getNodeParameter('fileFormat', 1)).toThrow('(item 1)');
		expect(reads).toEqual(['fileFormat@0', 'fileFormat@1']);
	});

	it('leaves everything else to the context', () => {
		const { context } = contextOver({}, items);
		const checking = readingStaticParametersOnce(context);
		expect(checking.continueOnFail()).toBe(true);
		expect(checking.getNode().name).toBe('Plivo Recording');
	});
});

describe('holdsExpression', () => {
	it.each([
		['mp3', false],
		['=mp3', true],
		[5, false],
		[null, false],
		[{ a: [{ b: '={{ 1 }}' }] }, true],
		[{ a: [{ b: 'x=1' }] }, false],
	])('%j → %s', (value, expected) => {
		expect(holdsExpression(value)).toBe(expected);
	});
});
