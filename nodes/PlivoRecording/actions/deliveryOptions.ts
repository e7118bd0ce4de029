/**
 * Plivo reads a callback's retry settings from the callback URL's fragment
 * (`https://host/path#ct=2000&rt=40000`), and leaves the fragment out of the signed URL.
 * One table of Plivo's settings (key, label, range, default) gives both the node's Callback
 * Delivery fields and the checks; pure, n8n's types only.
 */
import type { INodeProperties } from 'n8n-workflow';
import { byDisplayName } from './byDisplayName';

export interface CallbackDeliveryOptions {
	connectionTimeout?: number;
	readTimeout?: number;
	totalTimeout?: number;
	retryCount?: number;
	retryOn?: string[];
	edgeRegion?: string;
}

/** A numeric setting: its fragment key, and the node field that carries its label, range and default. */
interface NumericRule {
	key: string;
	field: INodeProperties & { name: keyof CallbackDeliveryOptions; typeOptions: { minValue: number; maxValue: number } };
}

// Plivo's own ranges and defaults, in the order Plivo documents the keys.
export const NUMERIC_RULES: NumericRule[] = [
	{
		key: 'ct',
		field: {
			displayName: 'Connection Timeout (Milliseconds)',
			name: 'connectionTimeout',
			type: 'number',
			typeOptions: { minValue: 100, maxValue: 10000 },
			default: 2000,
			description: 'How long Plivo waits to connect to the callback URL, 100 to 10000 (Plivo default 2000)',
		},
	},
	{
		key: 'rt',
		field: {
			displayName: 'Read Timeout (Milliseconds)',
			name: 'readTimeout',
			type: 'number',
			typeOptions: { minValue: 100, maxValue: 40000 },
			default: 40000,
			description: 'How long Plivo waits for the callback URL to answer, 100 to 40000 (Plivo default 40000)',
		},
	},
	{
		key: 'tt',
		field: {
			displayName: 'Total Timeout (Milliseconds)',
			name: 'totalTimeout',
			type: 'number',
			typeOptions: { minValue: 100, maxValue: 55000 },
			default: 55000,
			description: 'How long Plivo keeps trying, retries included, 100 to 55000 (Plivo default 55000)',
		},
	},
	{
		key: 'rc',
		field: {
			displayName: 'Retry Count',
			name: 'retryCount',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 5 },
			default: 1,
			description: 'How many times Plivo retries a failed callback, 0 to 5 (Plivo default 1)',
		},
	},
];

/** Failures after which Plivo retries (`rp`). */
export const RETRY_ON = [
	{ name: '4xx Answers', value: '4xx' },
	{ name: '5xx Answers', value: '5xx' },
	{ name: 'All Failures', value: 'all' },
	{ name: 'Connection Timeout', value: 'ct' },
	{ name: 'Read Timeout', value: 'rt' },
];
export const RETRY_ON_VALUES = RETRY_ON.map((option) => option.value);

export const EDGE_REGIONS = [
	{ name: 'Frankfurt', value: 'frankfurt' },
	{ name: 'Local', value: 'local' },
	{ name: 'Mumbai', value: 'mumbai' },
	{ name: 'N. California', value: 'n_california' },
	{ name: 'N. Virginia', value: 'n_virginia' },
	{ name: 'Nearest (Plivo Default)', value: 'nearest' },
	{ name: 'Singapore', value: 'singapore' },
];
const EDGE_REGION_VALUES = EDGE_REGIONS.map((region) => region.value);

/** The fields of the action's Callback Delivery collection, from the tables above (sorted by label, as n8n lists them). */
export function callbackDeliveryFields(): INodeProperties[] {
	const fields: INodeProperties[] = [
		...NUMERIC_RULES.map((rule) => rule.field),
		{
			displayName: 'Edge Region',
			name: 'edgeRegion',
			type: 'options',
			options: EDGE_REGIONS.map((region) => ({ name: region.name, value: region.value })),
			default: 'nearest',
			description: 'Plivo region that sends the callbacks',
		},
		{
			displayName: 'Retry On',
			name: 'retryOn',
			type: 'multiOptions',
			options: RETRY_ON.map((option) => ({ ...option })),
			default: [],
			description:
				'Failures after which Plivo retries (Plivo default: connection and read timeouts). Add 5xx Answers so that a callback n8n could not start an execution for is sent again.',
		},
	];
	return fields.sort(byDisplayName);
}

/** The fragment (without `#`, '' when nothing is set), or the first option that is wrong. */
export type DeliveryFragment = { fragment: string } | { optionLabel: string; problem: string };

/** Checks the options against Plivo's ranges and builds the fragment from them. */
export function buildDeliveryFragment(options: CallbackDeliveryOptions): DeliveryFragment {
	const parts: string[] = [];
	for (const { key, field } of NUMERIC_RULES) {
		const value = options[field.name];
		if (value === undefined || (value as unknown) === '') continue;
		const number = Number(value);
		const { minValue: min, maxValue: max } = field.typeOptions;
		if (!Number.isInteger(number) || number < min || number > max) {
			return {
				optionLabel: field.displayName,
				problem: `${field.displayName} must be a whole number from ${min} to ${max}, not "${String(value)}"`,
			};
		}
		parts.push(`${key}=${number}`);
	}
	if (options.retryOn !== undefined && options.retryOn.length > 0) {
		const unknown = options.retryOn.filter((value) => !RETRY_ON_VALUES.includes(value));
		if (unknown.length > 0) {
			return {
				optionLabel: 'Retry On',
				problem: `Retry On accepts only ${RETRY_ON_VALUES.join(', ')}, not "${unknown.join(', ')}"`,
			};
		}
		parts.push(`rp=${options.retryOn.join(',')}`);
	}
	if (options.edgeRegion !== undefined && options.edgeRegion !== '') {
		if (!EDGE_REGION_VALUES.includes(options.edgeRegion)) {
			return {
				optionLabel: 'Edge Region',
				problem: `Edge Region must be one of ${EDGE_REGION_VALUES.join(', ')}, not "${options.edgeRegion}"`,
			};
		}
		parts.push(`er=${options.edgeRegion}`);
	}
	return { fragment: parts.join('&') };
}

/** Appends the fragment to a callback URL that has none of its own. */
export function withDeliveryFragment(url: string, fragment: string): string {
	return fragment === '' ? url : `${url}#${fragment}`;
}
