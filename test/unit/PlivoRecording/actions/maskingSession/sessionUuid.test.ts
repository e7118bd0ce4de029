/** The session's resource locator: its UUID read and checked before anything is sent. */
import type { IExecuteFunctions } from 'n8n-workflow';

import {
	readSessionUuid,
	SESSION_UUID,
	sessionUuidField,
} from '../../../../../nodes/PlivoRecording/actions/maskingSession/sessionUuid';

const UUID = '9b2c1e4a-6f0d-4b8e-a1c3-5d7e9f0a2b4c';

const context = (value: unknown) =>
	({
		getNodeParameter: () => value,
		getNode: () => ({ name: 'Plivo Recording' }),
	}) as unknown as IExecuteFunctions;

describe('readSessionUuid', () => {
	it('the UUID, trimmed, and its path segment', () => {
		expect(readSessionUuid.call(context(` ${UUID} `), 0)).toEqual({ uuid: UUID, pathSegment: UUID });
		expect(readSessionUuid.call(context(UUID.toUpperCase()), 0).uuid).toBe(UUID.toUpperCase());
	});

	it.each([
		['', 'Number Masking Session is empty (item 3)'],
		[undefined, 'Number Masking Session is empty (item 3)'],
		['abc', 'Number Masking Session is not a session UUID: "abc" (item 3)'],
		[`${UUID}/../x`, `Number Masking Session is not a session UUID: "${UUID}/../x" (item 3)`],
		[`${UUID}0`, `Number Masking Session is not a session UUID: "${UUID}0" (item 3)`],
	])('%j fails naming the item and saying what to enter', (value, message) => {
		expect(() => readSessionUuid.call(context(value), 3)).toThrow(message);
	});
});

describe('sessionUuidField', () => {
	it("By UUID checks the same pattern in the editor (n8n's regex validation)", () => {
		const byUuid = sessionUuidField.modes?.find((mode) => mode.name === 'id');
		const regex = (byUuid?.validation?.[0] as unknown as { properties: { regex: string } }).properties.regex;
		expect(regex).toBe(SESSION_UUID.source);
		expect(new RegExp(regex).test(UUID)).toBe(true);
		expect(new RegExp(regex).test('not-a-session')).toBe(false);
	});
});
