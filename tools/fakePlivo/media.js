// @ts-check
'use strict';
/** The audio a recording's media URL serves: tiny but valid files of each format Plivo records. */

/** 0.1 s of 8 kHz 16-bit mono silence. */
function tinyWav() {
	const dataLen = 1600;
	const b = Buffer.alloc(44 + dataLen);
	b.write('RIFF', 0, 'ascii');
	b.writeUInt32LE(36 + dataLen, 4);
	b.write('WAVE', 8, 'ascii');
	b.write('fmt ', 12, 'ascii');
	b.writeUInt32LE(16, 16);
	b.writeUInt16LE(1, 20); // PCM
	b.writeUInt16LE(1, 22); // mono
	b.writeUInt32LE(8000, 24);
	b.writeUInt32LE(16000, 28);
	b.writeUInt16LE(2, 32);
	b.writeUInt16LE(16, 34);
	b.write('data', 36, 'ascii');
	b.writeUInt32LE(dataLen, 40);
	return b;
}

/** Three silent MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, mono, 417 bytes each). */
function tinyMp3() {
	const frame = Buffer.alloc(417);
	frame.set([0xff, 0xfb, 0x90, 0xc0]);
	return Buffer.concat([frame, frame, frame]);
}

/** @type {Record<'mp3' | 'wav', { type: string, data: Buffer }>} */
const MEDIA = { mp3: { type: 'audio/mpeg', data: tinyMp3() }, wav: { type: 'audio/x-wav', data: tinyWav() } };

module.exports = { MEDIA };
