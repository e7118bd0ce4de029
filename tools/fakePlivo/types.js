// @ts-check
'use strict';
/**
 * The fake Plivo's shapes, as JSDoc types the tests import
 * (`import type { FakePlivo, Recording } from '../../tools/fakePlivo/types'`). No code.
 */

/**
 * @typedef {{ max: number, windowMs: number }} RateLimit
 * @typedef {{
 *   port?: number, authId?: string, authToken?: string, latencyMs?: number,
 *   rateLimit?: RateLimit | null, autoFinishMs?: number | null, log?: (line: string) => void
 * }} FakeOptions
 *   autoFinishMs: send a recording's callbacks that many ms after it is stopped (off when null)
 * @typedef {{
 *   method: string, path: string, conferenceName?: string, query: Record<string, string>,
 *   headers: import('node:http').IncomingHttpHeaders, body: any, rawBody: string, authOk: boolean,
 *   status: number | null, at: number
 * }} RecordedRequest
 *   status: what the fake answered (0: the socket was reset; null: not answered yet)
 */

/**
 * A recording the fake holds, started by the API (`POST Conference/{name}/Record/`), by
 * Conference XML (`recordConferenceByXml`) or put there by a test (`addRecording`).
 * @typedef {{
 *   recordingId: string, conferenceName: string, conferenceUuid: string, callUuid: string,
 *   fileFormat: 'mp3' | 'wav', source: 'api' | 'xml',
 *   callbackUrl: string | null, callbackMethod: 'GET' | 'POST',
 *   transcriptionUrl: string | null, transcriptionMethod: string | null,
 *   transcriptionType: string | null, timeLimit: number | null, params: Record<string, any>,
 *   startedAt: number, stoppedAt?: number, addedAt: number, fromNumber: string, toNumber: string
 * }} Recording
 *   source: 'xml' callbacks carry Conference XML's parameter names (RecordUrl, RecordingID, …)
 *   addedAt: Plivo's add_time (epoch ms), what the list's add_time filters compare
 * @typedef {Partial<Pick<Recording,
 *   'recordingId' | 'conferenceName' | 'conferenceUuid' | 'callUuid' | 'fileFormat' | 'source'
 *   | 'startedAt' | 'stoppedAt' | 'addedAt' | 'fromNumber' | 'toNumber' | 'callbackUrl' | 'callbackMethod'>>} NewRecording
 */

/**
 * @typedef {{
 *   status?: number, body?: string | object, nonJson?: boolean, reset?: boolean,
 *   latencyMs?: number, retryAfter?: number, count?: number,
 *   match?: (req: RecordedRequest) => boolean
 * }} Fault
 *   The first pending fault whose `match` accepts a request answers it instead of the fake
 *   (`count` times, default once): a status and body, a non-JSON page, a reset socket, or
 *   only `latencyMs` more before the normal answer.
 */

/**
 * @typedef {'v3' | 'v2' | 'both' | 'none'} SignatureKind
 * @typedef {Record<string, string | number | boolean | Array<string | number>>} Params
 * @typedef {Record<string, string | string[]>} StringParams
 * @typedef {{
 *   url: string, method?: 'GET' | 'POST', params?: Params, signature?: SignatureKind,
 *   authToken?: string, tamper?: (params: StringParams) => StringParams, nonce?: string,
 *   headers?: Record<string, string>, timeoutMs?: number, signedUrl?: string
 * }} CallbackOptions
 *   tamper: change the fields after signing; signedUrl: sign for this URL instead of `url`
 * @typedef {{ status: number, body: string, headers: import('node:http').IncomingHttpHeaders }} CallbackResponse
 * @typedef {{
 *   url: string, method: string, params: StringParams, headers: Record<string, string>,
 *   at: number, status?: number, error?: string
 * }} SentCallback
 */

/** @typedef {Awaited<ReturnType<typeof import('./server').startFakePlivo>>} FakePlivo */

module.exports = {};
