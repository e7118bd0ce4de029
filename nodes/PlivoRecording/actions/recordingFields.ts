import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/**
 * The fields every way of turning recording on asks alike (each resource's Start Recording, a
 * Number Masking session's Enable Recording): the file's format, and where and how Plivo
 * reports the recording. Only what a field says of its own operation differs.
 */

/** Plivo's recording file formats, and the methods it calls a callback URL with. */
export const FILE_FORMATS = ['mp3', 'wav'];
export const CALLBACK_METHODS = ['GET', 'POST'];

export const fileFormatField = (description: string, displayOptions: IDisplayOptions): INodeProperties => ({
	displayName: 'File Format',
	name: 'fileFormat',
	type: 'options',
	options: [
		{ name: 'MP3', value: 'mp3' },
		{ name: 'WAV', value: 'wav' },
	],
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
	options: [
		{ name: 'GET', value: 'GET' },
		{ name: 'POST', value: 'POST' },
	],
	default: 'POST',
	description: 'HTTP method Plivo uses to call the callback URL',
	displayOptions,
});
