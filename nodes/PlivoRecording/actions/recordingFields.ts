import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readChoice } from './typedValues';

/**
 * The fields every way of turning recording on asks alike (each resource's Start Recording, a
 * Number Masking session's Enable Recording): the file's format, and where and how Plivo
 * reports the recording. Only what a field says of its own operation differs. Read through
 * readChoice: an expression or a model may write "WAV" (sent as wav) or anything else (refused,
 * naming the field, before anything is sent).
 */

/** Plivo's recording file formats, and the methods it calls a callback URL with: the fields' options and what is read. */
const FILE_FORMATS = [
	{ name: 'MP3', value: 'mp3' },
	{ name: 'WAV', value: 'wav' },
];
const CALLBACK_METHODS = [
	{ name: 'GET', value: 'GET' },
	{ name: 'POST', value: 'POST' },
];
const valuesOf = (options: Array<{ value: string }>) => options.map((option) => option.value);

export function readFileFormat(this: IExecuteFunctions, itemIndex: number): string {
	return readChoice.call(this, 'fileFormat', 'File Format', itemIndex, valuesOf(FILE_FORMATS), 'mp3');
}

export function readCallbackMethod(this: IExecuteFunctions, itemIndex: number): string {
	return readChoice.call(this, 'callbackMethod', 'Callback Method', itemIndex, valuesOf(CALLBACK_METHODS), 'POST');
}

export const fileFormatField = (description: string, displayOptions: IDisplayOptions): INodeProperties => ({
	displayName: 'File Format',
	name: 'fileFormat',
	type: 'options',
	options: FILE_FORMATS,
	default: 'mp3',
	description,
	displayOptions,
});

export const callbackUrlField = (description: string, displayOptions: IDisplayOptions): INodeProperties => ({
	displayName: 'Callback URL',
	name: 'callbackUrl',
	type: 'string',
	default: '',
	placeholder: 'https://n8n.example.com/webhook/…/webhook',
	description,
	displayOptions,
});

export const callbackMethodField = (displayOptions: IDisplayOptions): INodeProperties => ({
	displayName: 'Callback Method',
	name: 'callbackMethod',
	type: 'options',
	options: CALLBACK_METHODS,
	default: 'POST',
	description: 'HTTP method Plivo uses to call the callback URL',
	displayOptions,
});
