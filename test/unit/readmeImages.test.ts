/**
 * The README's pictures cannot go stale: docs/images/manifest.json, written by
 * `npm run screenshots`, holds the hash of each node's description it took them from
 * (tools/descriptions); the source's must match, and every picture the README shows must be
 * one that run wrote.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PlivoRecordingApi } from '../../credentials/PlivoRecordingApi.credentials';
import { PlivoNewRecordingTrigger } from '../../nodes/PlivoNewRecordingTrigger/PlivoNewRecordingTrigger.node';
import { PlivoRecording } from '../../nodes/PlivoRecording/PlivoRecording.node';
import { PlivoRecordingTrigger } from '../../nodes/PlivoRecordingTrigger/PlivoRecordingTrigger.node';
import { descriptionHashes } from '../../tools/descriptions';
import versions from '../../tools/n8n/versions.json';

const repo = join(__dirname, '..', '..');
const images = join(repo, 'docs', 'images');
const manifest = JSON.parse(readFileSync(join(images, 'manifest.json'), 'utf8')) as {
	n8n: string;
	descriptionSha256: Record<string, string>;
	images: string[];
};
const readmeImages = [...readFileSync(join(repo, 'README.md'), 'utf8').matchAll(/docs\/images\/([\w.-]+\.png)/g)].map(
	([, file]) => file,
);

describe("the README's pictures (docs/images/manifest.json)", () => {
	it('were taken from the current node and credential descriptions', () => {
		const current = descriptionHashes([
			new PlivoRecording(),
			new PlivoRecordingTrigger(),
			new PlivoNewRecordingTrigger(),
			new PlivoRecordingApi(),
		]);
		const stale = Object.keys({ ...current, ...manifest.descriptionSha256 }).filter(
			(name) => current[name] !== manifest.descriptionSha256[name],
		);
		if (stale.length > 0) {
			throw new Error(
				`docs/images/ was taken from an older description of ${stale.join(', ')}: run \`npm run screenshots\` and commit the images with docs/images/manifest.json`,
			);
		}
	});

	it('show the n8n the package is tested on', () => {
		expect(manifest.n8n).toBe(versions.pinned);
	});

	it('are all written by that run, and every file it lists exists', () => {
		expect(readmeImages.length).toBeGreaterThan(0);
		expect(readmeImages.filter((file) => !manifest.images.includes(file))).toEqual([]);
		expect(manifest.images.filter((file) => !existsSync(join(images, file)))).toEqual([]);
	});
});
