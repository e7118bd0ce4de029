import type { IExecuteFunctions } from 'n8n-workflow';

import { itemError, withoutItemNumber } from '../../../../nodes/PlivoRecording/actions/itemError';

const context = {
	getNode: () => ({ id: 'p', name: 'Plivo', type: 't', typeVersion: 1, position: [0, 0], parameters: {} }),
} as unknown as IExecuteFunctions;

it('names the item in the message and says what to do in the description', () => {
	const error = itemError(context, 3, 'Limit is not a whole number', 'Enter a number.');
	expect(error.message).toBe('Limit is not a whole number (item 3)');
	expect(error.description).toBe('Enter a number.');
});

it('withoutItemNumber takes the item number off the end only', () => {
	expect(withoutItemNumber('Limit is not a whole number (item 3)')).toBe('Limit is not a whole number');
	expect(withoutItemNumber('Conference "Room (item 3)" is gone')).toBe('Conference "Room (item 3)" is gone');
});
