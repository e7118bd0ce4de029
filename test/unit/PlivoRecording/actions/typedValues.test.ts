import type { IExecuteFunctions } from 'n8n-workflow';

import { asBoolean, asList, asNumber, readBoolean } from '../../../../nodes/PlivoRecording/actions/typedValues';

describe('asNumber: numbers written as text', () => {
	it.each([
		['3', 3],
		[' 2.5 ', 2.5],
		['50', 50],
		[7, 7],
	])('%j reads as %j', (value, expected) => expect(asNumber(value)).toBe(expected));

	it.each([['three'], [''], [null], [undefined], [true]])('%j stays as written, for the check to name', (value) =>
		expect(asNumber(value)).toBe(value),
	);
});

describe('asBoolean: booleans written as text', () => {
	it.each([
		[true, true],
		[false, false],
		['true', true],
		['false', false],
		[' FALSE ', false],
		['True', true],
		['yes', true],
		['no', false],
		['1', true],
		['0', false],
		[1, true],
		[0, false],
		['', false],
	])('%j reads as %j', (value, expected) => expect(asBoolean(value)).toBe(expected));

	it.each([['maybe'], [2], [null], [{}]])('%j is neither', (value) => expect(asBoolean(value)).toBeUndefined());
});

describe('asList: a multi-option written as text', () => {
	it.each([
		[
			['4xx', '5xx'],
			['4xx', '5xx'],
		],
		['4xx, 5xx', ['4xx', '5xx']],
		['5xx', ['5xx']],
		['["ct", "rt"]', ['ct', 'rt']],
		['', []],
	])('%j reads as %j', (value, expected) => expect(asList(value)).toEqual(expected));

	it('anything else stays as it was', () => expect(asList(undefined)).toBeUndefined());
});

describe('readBoolean', () => {
	const context = (value: unknown) =>
		({
			getNode: () => ({ name: 'Plivo', type: 'n8n-nodes-plivo-recording.plivoRecording' }),
			getNodeParameter: jest.fn(() => value),
		}) as unknown as IExecuteFunctions;

	it('reads text as the boolean it says', () => {
		expect(readBoolean.call(context('false'), 'returnAll', 'Return All', 0, true)).toBe(false);
		expect(readBoolean.call(context('true'), 'returnAll', 'Return All', 0, false)).toBe(true);
	});

	it('takes the fallback when the parameter is not there', () => {
		expect(readBoolean.call(context(undefined), 'simple', 'Simplify', 0, false)).toBe(false);
	});

	it('names the item, the parameter and the value it cannot read', () => {
		expect(() => readBoolean.call(context('maybe'), 'transcribe', 'Transcribe', 2, false)).toThrow(
			'Transcribe is neither true nor false: "maybe" (item 2)',
		);
	});
});
