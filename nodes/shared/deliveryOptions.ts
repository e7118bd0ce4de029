/**
 * Plivo reads a callback's retry settings from the callback URL's fragment
 * (`https://host/path#ct=2000&rt=40000`), and leaves the fragment out of the signed URL.
 * Pure functions, no n8n imports: the action validates with them and builds the URL.
 */

export interface CallbackDeliveryOptions {
	connectionTimeout?: number;
	readTimeout?: number;
	totalTimeout?: number;
	retryCount?: number;
	retryOn?: string[];
	edgeRegion?: string;
}

interface NumericRule {
	option: keyof CallbackDeliveryOptions;
	key: string;
	label: string;
	min: number;
	max: number;
}

// Plivo's own ranges, in the order Plivo documents the keys.
export const NUMERIC_RULES: NumericRule[] = [
	{ option: 'connectionTimeout', key: 'ct', label: 'Connection Timeout (Milliseconds)', min: 100, max: 10000 },
	{ option: 'readTimeout', key: 'rt', label: 'Read Timeout (Milliseconds)', min: 100, max: 40000 },
	{ option: 'totalTimeout', key: 'tt', label: 'Total Timeout (Milliseconds)', min: 100, max: 55000 },
	{ option: 'retryCount', key: 'rc', label: 'Retry Count', min: 0, max: 5 },
];

export const RETRY_ON_VALUES = ['4xx', '5xx', 'ct', 'rt', 'all'];

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

/** The fragment (without `#`, '' when nothing is set), or the first option that is wrong. */
export type DeliveryFragment = { fragment: string } | { optionLabel: string; problem: string };

/** Checks the options against Plivo's ranges and builds the fragment from them. */
export function buildDeliveryFragment(options: CallbackDeliveryOptions): DeliveryFragment {
	const parts: string[] = [];
	for (const rule of NUMERIC_RULES) {
		const value = options[rule.option];
		if (value === undefined || (value as unknown) === '') continue;
		const number = Number(value);
		if (!Number.isInteger(number) || number < rule.min || number > rule.max) {
			return { optionLabel: rule.label, problem: `${rule.label} must be a whole number from ${rule.min} to ${rule.max}, not "${String(value)}"` };
		}
		parts.push(`${rule.key}=${number}`);
	}
	if (options.retryOn !== undefined && options.retryOn.length > 0) {
		const unknown = options.retryOn.filter((value) => !RETRY_ON_VALUES.includes(value));
		if (unknown.length > 0) {
			return { optionLabel: 'Retry On', problem: `Retry On accepts only ${RETRY_ON_VALUES.join(', ')}, not "${unknown.join(', ')}"` };
		}
		parts.push(`rp=${options.retryOn.join(',')}`);
	}
	if (options.edgeRegion !== undefined && options.edgeRegion !== '') {
		if (!EDGE_REGION_VALUES.includes(options.edgeRegion)) {
			return { optionLabel: 'Edge Region', problem: `Edge Region must be one of ${EDGE_REGION_VALUES.join(', ')}, not "${options.edgeRegion}"` };
		}
		parts.push(`er=${options.edgeRegion}`);
	}
	return { fragment: parts.join('&') };
}

/** Appends the fragment to a callback URL that has none of its own. */
export function withDeliveryFragment(url: string, fragment: string): string {
	return fragment === '' ? url : `${url}#${fragment}`;
}
