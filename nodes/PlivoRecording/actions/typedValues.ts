import type { IExecuteFunctions } from 'n8n-workflow';

import { toNumber } from '../../shared/plivoFields';
import { itemError } from './itemError';

/**
 * A parameter's value as the type the parameter stands for, however it was written. The editor
 * saves a number as a number and a switch as a boolean, but a value an AI agent's model fills in
 * (`$fromAI()`), or an expression, arrives as it was written: n8n does not convert it. Models
 * write numbers as text ("3") and booleans as text ("false", which as a JavaScript value is
 * true). Every operation's parameter readers convert here, and only here.
 * Dates need nothing here: dateTimeToEpochMs (shared/plivoTime.ts) reads ISO-8601 text.
 */

/** A number written as text ("3", " 2.5 ") as the number; anything else as it was, for the reader's check to name. */
export function asNumber(value: unknown): unknown {
	return toNumber(value);
}

const TRUE_TEXTS = new Set(['true', 'yes', 'on', '1']);
const FALSE_TEXTS = new Set(['false', 'no', 'off', '0', '']);

/** A boolean, or a boolean written as text or as 1 / 0; undefined when it is neither. */
export function asBoolean(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (value === 1 || value === 0) return value === 1;
	if (typeof value !== 'string') return undefined;
	const text = value.trim().toLowerCase();
	if (TRUE_TEXTS.has(text)) return true;
	if (FALSE_TEXTS.has(text)) return false;
	return undefined;
}

/**
 * A list of values (a multi-option): a list as it is; text as its comma-separated entries, or
 * as the JSON list it holds (`["4xx", "5xx"]`); anything else as it was.
 */
export function asList(value: unknown): unknown {
	if (Array.isArray(value) || typeof value !== 'string') return value;
	const text = value.trim();
	if (text.startsWith('[')) {
		try {
			const parsed = JSON.parse(text) as unknown;
			if (Array.isArray(parsed)) return parsed.map((entry) => String(entry).trim());
		} catch {
			// Not JSON after all: read it as comma-separated text below.
		}
	}
	return text
		.split(',')
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}

/** Reads a boolean parameter, written as a boolean or as text; throws (naming item, parameter and value) when it is neither. */
export function readBoolean(
	this: IExecuteFunctions,
	parameter: string,
	label: string,
	itemIndex: number,
	fallback: boolean,
): boolean {
	const value = this.getNodeParameter(parameter, itemIndex, fallback) as unknown;
	const read = asBoolean(value ?? fallback);
	if (read !== undefined) return read;
	throw itemError(
		this,
		itemIndex,
		`${label} is neither true nor false: "${String(value)}"`,
		`Set ${label} to true or false.`,
	);
}

/**
 * Reads a parameter that is one of `choices`, in any letter case (a model writes "WAV" or "get"),
 * and returns the choice as Plivo spells it; throws (naming item, parameter and value) when it is
 * none of them: a value a model or an expression wrote may be anything, and the editor's own
 * list does not check it.
 */
export function readChoice(
	this: IExecuteFunctions,
	parameter: string,
	label: string,
	itemIndex: number,
	choices: string[],
	fallback: string,
): string {
	const value = this.getNodeParameter(parameter, itemIndex, fallback) as unknown;
	const text = String(value ?? '')
		.trim()
		.toLowerCase();
	const choice = choices.find((candidate) => candidate.toLowerCase() === text);
	if (choice !== undefined) return choice;
	throw itemError(
		this,
		itemIndex,
		`${label} must be ${choices.join(' or ')}, not "${String(value)}"`,
		`Set ${label} to ${choices.join(' or ')}.`,
	);
}
