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
 *   rateLimit?: RateLimit | null, autoFinishMs?: number | null, log?: (line: string) => void,
 *   timeScale?: number, autoTranscribeMs?: number | null
 * }} FakeOptions
 *   autoFinishMs: send a recording's callbacks that many ms after it is stopped (off when null)
 *   timeScale: real ms per simulated ms for a call recording's time_limit (default 1; 0.001 in tests)
 *   autoTranscribeMs: an ordered transcription becomes ready that many ms later (off when null)
 * @typedef {{
 *   method: string, path: string, conferenceName?: string, query: Record<string, string>,
 *   headers: import('node:http').IncomingHttpHeaders, body: any, rawBody: string, authOk: boolean,
 *   status: number | null, at: number
 * }} RecordedRequest
 *   status: what the fake answered (0: the socket was reset; null: not answered yet)
 */

/**
 * A recording the fake holds, started by the API (`POST Conference/{name}/Record/`,
 * `POST Call/{uuid}/Record/`), by XML (`recordConferenceByXml`, `recordCallByXml`), finished by
 * a Multi-Party Call (mpc.js) or put there by a test (`addRecording`).
 * @typedef {{
 *   recordingId: string, conferenceName: string, conferenceUuid: string, callUuid: string,
 *   fileFormat: 'mp3' | 'wav', source: 'api' | 'xml', recordingType: RecordingType,
 *   callbackUrl: string | null, callbackMethod: 'GET' | 'POST',
 *   transcriptionUrl: string | null, transcriptionMethod: string | null,
 *   transcriptionType: string | null, timeLimit: number | null, params: Record<string, any>,
 *   startedAt: number, stoppedAt?: number, addedAt: number, fromNumber: string, toNumber: string,
 *   mpcName?: string, mpcUuid?: string, recordChannelType?: 'mono' | 'stereo',
 *   actionUrl?: string | null, actionMethod?: 'GET' | 'POST', sessionUuid?: string
 * }} Recording
 *   source: 'xml' callbacks carry XML's parameter names (RecordUrl, RecordingID, …): Conference
 *   XML's for a conference, the <Record> element's (to actionUrl and callbackUrl) for a call
 *   recordingType: Plivo's recording_type ('conference', 'call', 'mpc')
 *   addedAt: Plivo's add_time (epoch ms), what the list's add_time filters compare
 *   sessionUuid: the Number Masking session whose call made it (masking.js)
 * @typedef {'conference' | 'call' | 'mpc'} RecordingType
 * @typedef {Partial<Pick<Recording,
 *   'recordingId' | 'conferenceName' | 'conferenceUuid' | 'callUuid' | 'fileFormat' | 'source'
 *   | 'startedAt' | 'stoppedAt' | 'addedAt' | 'fromNumber' | 'toNumber' | 'callbackUrl' | 'callbackMethod'
 *   | 'recordingType' | 'mpcName' | 'mpcUuid'>>} NewRecording
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

/**
 * A Multi-Party Call (mpc.js): started by `fake.startMpc`, ended by `fake.endMpc`.
 * @typedef {{
 *   name: string, uuid: string, status: 'initialized' | 'active' | 'ended',
 *   createdAt: number, startedAt: number | null, endedAt: number | null,
 *   members: MpcMember[], nextMemberId: number
 * }} Mpc
 * @typedef {{ memberId: string, callUuid: string, joinedAt: number }} MpcMember
 * A recording of a Multi-Party Call (memberId null) or of one participant. It enters the
 * Recording list (as a Recording, recordingType 'mpc') when it completes.
 * @typedef {{
 *   recordingId: string, mpc: Mpc, memberId: string | null, trackType: 'participant' | 'all' | 'both',
 *   fileFormat: 'mp3' | 'wav', callbackUrl: string | null, callbackMethod: 'GET' | 'POST',
 *   transcriptionUrl: string | null, transcript: boolean,
 *   state: 'recording' | 'paused' | 'completed' | 'failed',
 *   startedAt: number, stoppedAt: number | null, pausedAt: number | null, pausedMs: number,
 *   sequence: number, chain: Promise<void>, params: Record<string, any>
 * }} MpcRecording
 *   sequence: the last SequenceNumber sent; chain: its callbacks, sent one after the other
 */

/**
 * A call (calls.js): started by `fake.startCall`, ended by `fake.endCall`.
 * @typedef {{
 *   callUuid: string, from: string, to: string, direction: 'inbound' | 'outbound',
 *   status: 'live' | 'ended', startedAt: number, endedAt: number | null
 * }} Call
 */

/**
 * A transcription ordered after the fact (`POST Transcription/{recording_id}`) or made with the
 * recording (transcription_url / transcript): its id is the recording's id.
 * @typedef {{
 *   recordingId: string, state: 'in-progress' | 'ready', callbackUrl: string | null,
 *   orderedAt: number, readyAt: number | null
 * }} Transcription
 */

/**
 * A Number Masking session (masking.js): made by `POST Masking/Session/` or
 * `fake.createMaskingSession`; times epoch ms, durations seconds.
 * @typedef {{
 *   uuid: string, firstParty: string, secondParty: string, virtualNumber: string,
 *   status: 'active' | 'expired', createdAt: number, modifiedAt: number, expiresAt: number,
 *   sessionExpiry?: number, callTimeLimit: number, ringTimeout: number, initiateCallToFirstParty: boolean,
 *   record: boolean, recordFileFormat: 'mp3' | 'wav', recordingCallbackUrl: string,
 *   recordingCallbackMethod: 'GET' | 'POST', callbackUrl: string, callbackMethod: 'GET' | 'POST',
 *   firstPartyPlayUrl: string, secondPartyPlayUrl: string, interactions: Array<Record<string, any>>,
 *   lastInteractionAt: number | null
 * }} MaskingSession
 *   sessionExpiry: only given to createMaskingSession (seconds from now; default 3600)
 * A call of a session (`fake.startMaskingCall`), recorded when the session recorded as it was answered.
 * @typedef {{
 *   session: MaskingSession, callUuid: string, from: string, to: string,
 *   answeredAt: number, endedAt: number | null, records: boolean, recordingId: string,
 *   fileFormat: 'mp3' | 'wav', callbackUrl: string | null, callbackMethod: 'GET' | 'POST',
 *   state: 'not-recording' | 'recording' | 'completed' | 'failed',
 *   partyFields: 'fromTo' | 'firstSecond', sequence: number, chain: Promise<void>
 * }} MaskingCall
 *   recordingId: its recording's id (also sent in SessionRecordingFailed); sequence: the last
 *   SequenceNumber sent; chain: its callbacks, sent one after the other
 */

/** @typedef {Awaited<ReturnType<typeof import('./server').startFakePlivo>>} FakePlivo */

module.exports = {};
