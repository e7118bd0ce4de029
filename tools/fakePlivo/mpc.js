// @ts-check
'use strict';
/**
 * Multi-Party Calls (MPC) and their recordings, under `/v1/Account/{auth_id}/` (shapes from
 * Plivo's MPC API page, plivo-python's multipartycall.py and fixtures, plivo-go's
 * multipartycall.go and fixtures, plivo-node's multiPartyCall.js; assumptions in ASSUMPTIONS.md):
 *   GET    MultiPartyCall/                                          list: 200 `{ api_id, meta, objects }`
 *   POST   MultiPartyCall/{mpc_id}/Record/                          start: 200 `{ api_id, message, recording_id, recording_url }`
 *   DELETE MultiPartyCall/{mpc_id}/Record/                          stop: 204
 *   POST   MultiPartyCall/{mpc_id}/Record/Pause/ | Resume/          204
 *   POST   MultiPartyCall/{mpc_id}/Participant/{member_id}/Record/  start (record_track_type): 200, as above
 *   DELETE MultiPartyCall/{mpc_id}/Participant/{member_id}/Record/  stop: 204
 *   POST   MultiPartyCall/{mpc_id}/Participant/{member_id}/Record/Pause/ | Resume/   204
 * `mpc_id` is `name_<friendly name>` (a live MPC) or `uuid_<mpc uuid>`, URL-encoded by the
 * caller. Every state change of a recording sends one callback to its recording_callback_url
 * (EventName MPCRecording… or ParticipantRecording…), one after the other, SequenceNumber 1, 2, …
 * A completed recording enters the Recording list (recording_type 'mpc').
 */
const crypto = require('node:crypto');

const { parsePlivoTime, pagingParam, pageLinks, COMPARISONS, MAX_LIMIT } = require('./recordings');
const {
	apiId,
	fail,
	notAllowed,
	notFound,
	isHttpUrl,
	readParams,
	decodeSegment,
	httpMethod,
	booleanParam,
	plivoTimestamp,
} = require('./params');

/** @typedef {import('./types').Mpc} Mpc */
/** @typedef {import('./types').MpcMember} MpcMember */
/** @typedef {import('./types').MpcRecording} MpcRecording */
/** @typedef {import('./types').Recording} Recording */
/** @typedef {import('./types').RecordedRequest} RecordedRequest */
/** @typedef {import('./types').CallbackOptions} CallbackOptions */
/** @typedef {[number, any]} Answer */
/**
 * @typedef {{
 *   accountPath: string, recordings: Recording[],
 *   mediaUrlOf: (recordingId: string, fileFormat: string) => string,
 *   resourceUrlOf: (recordingId: string) => string,
 *   send: (opts: CallbackOptions) => Promise<unknown>,
 *   completed: (rec: Recording, transcription: { url: string } | null) => Promise<unknown>,
 * }} MpcContext
 *   send: a signed callback (errors are logged, never thrown); completed: a finished recording
 *   entered the list (sends the transcription callback when one was asked for)
 */

const MPC_STATUSES = ['initialized', 'active', 'ended'];
const TRACK_TYPES = ['participant', 'all', 'both'];
const START_PARAMS = [
	'file_format',
	'recording_callback_url',
	'recording_callback_method',
	'transcription_url',
	'transcript',
	'record_track_type',
];
const TIME_FILTER = /^(creation_time|end_time)(__gte?|__lte?)?$/;
const STATUS_TEXT = { initialized: 'Initialized', active: 'Active', ended: 'Ended' };

/** @param {MpcContext} context */
function createMpcApi(context) {
	const { accountPath } = context;
	/** @type {Mpc[]} */
	const mpcs = [];
	/** @type {Map<string, MpcRecording>} */
	const mpcRecordings = new Map();

	const running = (/** @type {MpcRecording} */ r) => r.state === 'recording' || r.state === 'paused';
	/** The MPC's own recording in progress, or a member's. @param {Mpc} mpc @param {string | null} memberId */
	const current = (mpc, memberId) =>
		[...mpcRecordings.values()].find((r) => r.mpc === mpc && r.memberId === memberId && running(r));

	/** Recorded time so far (pauses left out). @param {MpcRecording} r @param {number} now */
	function activeMs(r, now) {
		const end = r.stoppedAt ?? now;
		const pausing = r.pausedAt === null ? 0 : end - r.pausedAt;
		return Math.max(0, end - r.startedAt - r.pausedMs - pausing);
	}

	/**
	 * The recording callback of one event (its fields as Plivo's MPC Record API page lists them).
	 * @param {MpcRecording} r @param {'Initiated' | 'Paused' | 'Resumed' | 'Completed' | 'Failed'} event @param {number} now
	 */
	function eventParams(r, event, now) {
		/** @type {Record<string, string>} */
		const params = {
			EventName: `${r.memberId === null ? 'MPC' : 'Participant'}Recording${event}`,
			EventTimestamp: plivoTimestamp(now),
			MPCName: r.mpc.name,
			MPCUUID: r.mpc.uuid,
		};
		if (r.memberId !== null) params.MemberID = r.memberId;
		Object.assign(params, {
			RecordingDuration: String(Math.round(activeMs(r, now) / 1000)),
			RecordingEndTime: r.stoppedAt === null ? '' : plivoTimestamp(r.stoppedAt),
			RecordingFormat: r.fileFormat,
			RecordingResourceURL: context.resourceUrlOf(r.recordingId),
			RecordingStartTime: plivoTimestamp(r.startedAt),
			RecordingURL: context.mediaUrlOf(r.recordingId, r.fileFormat),
			RecordingUUID: r.recordingId,
			SequenceNumber: String(r.sequence + 1),
		});
		return params;
	}

	/** Queues the event's callback behind the recording's earlier ones. @param {MpcRecording} r @param {Parameters<typeof eventParams>[1]} event */
	function emit(r, event) {
		const params = eventParams(r, event, Date.now());
		r.sequence += 1;
		const { callbackUrl, callbackMethod } = r;
		if (!callbackUrl) return;
		r.chain = r.chain.then(async () => {
			await context.send({ url: callbackUrl, method: callbackMethod, params });
		});
	}

	/** Ends a pause, if there is one: its time counts as paused. @param {MpcRecording} r @param {number} at */
	function endPause(r, at) {
		if (r.pausedAt === null) return;
		r.pausedMs += at - r.pausedAt;
		r.pausedAt = null;
	}

	/**
	 * A recording's last step: it stops at `at`, completed or failed, and calls back to say so.
	 * @param {MpcRecording} r @param {number} at @param {'completed' | 'failed'} state
	 */
	function stop(r, at, state) {
		endPause(r, at);
		r.state = state;
		r.stoppedAt = at;
		emit(r, state === 'completed' ? 'Completed' : 'Failed');
	}

	/** @param {MpcRecording} r @param {number} at */
	function complete(r, at) {
		stop(r, at, 'completed');
		const member = r.memberId === null ? undefined : r.mpc.members.find((m) => m.memberId === r.memberId);
		/** @type {Recording} */
		const rec = {
			recordingId: r.recordingId,
			recordingType: 'mpc',
			conferenceName: '',
			conferenceUuid: '',
			callUuid: member ? member.callUuid : '',
			mpcName: r.mpc.name,
			mpcUuid: r.mpc.uuid,
			fileFormat: r.fileFormat,
			source: 'api',
			callbackUrl: null,
			callbackMethod: r.callbackMethod,
			transcriptionUrl: null,
			transcriptionMethod: null,
			transcriptionType: null,
			timeLimit: null,
			params: r.params,
			startedAt: r.startedAt,
			stoppedAt: at,
			addedAt: at,
			fromNumber: '',
			toNumber: '',
		};
		context.recordings.push(rec);
		const transcription = r.transcript && r.transcriptionUrl ? { url: r.transcriptionUrl } : null;
		r.chain = r.chain.then(async () => {
			await context.completed(rec, transcription);
		});
	}

	/** @param {string} id the decoded mpc_id @returns {Mpc | undefined} */
	function findMpc(id) {
		if (id.startsWith('name_')) return mpcs.find((m) => m.name === id.slice(5) && m.status !== 'ended');
		if (id.startsWith('uuid_')) return mpcs.find((m) => m.uuid === id.slice(5));
		return undefined;
	}

	/** @param {Mpc} mpc */
	function mpcObject(mpc) {
		const { endedAt } = mpc;
		const ended = endedAt !== null;
		const seconds = endedAt !== null ? Math.round((endedAt - (mpc.startedAt ?? mpc.createdAt)) / 1000) : 0;
		const own = current(mpc, null);
		return {
			billed_amount: ended ? (0.005 * Math.max(1, Math.ceil(seconds / 60))).toFixed(5) : null,
			billed_duration: ended ? Math.max(1, Math.ceil(seconds / 60)) * 60 : null,
			creation_time: plivoTimestamp(mpc.createdAt),
			duration: ended ? seconds : null,
			end_time: endedAt !== null ? plivoTimestamp(endedAt) : null,
			friendly_name: mpc.name,
			mpc_uuid: mpc.uuid,
			participants: `${accountPath}MultiPartyCall/uuid_${mpc.uuid}/Participant/`,
			recording: own ? (own.state === 'paused' ? 'paused' : 'recording') : 'not-recording',
			resource_uri: `${accountPath}MultiPartyCall/uuid_${mpc.uuid}/`,
			start_time: mpc.startedAt === null ? null : plivoTimestamp(mpc.startedAt),
			status: STATUS_TEXT[mpc.status],
			stay_alone: false,
			sub_account: null,
			termination_cause: ended ? 'Hangup API Triggered' : null,
			termination_cause_code: ended ? 3000 : null,
		};
	}

	/** `GET MultiPartyCall/`. @param {Record<string, string>} query @returns {Answer} */
	function list(query) {
		/** @type {Array<(mpc: Mpc) => boolean>} */
		const tests = [];
		let limit = MAX_LIMIT;
		let offset = 0;
		for (const [key, value] of Object.entries(query)) {
			const paging = pagingParam(key, value);
			if (paging) {
				if ('error' in paging) return fail(400, paging.error);
				if ('limit' in paging) limit = paging.limit;
				else offset = paging.offset;
			} else if (key === 'friendly_name') {
				tests.push((mpc) => mpc.name === value);
			} else if (key === 'status') {
				const status = value.toLowerCase();
				if (!MPC_STATUSES.includes(status)) return fail(400, 'status must be one of initialized, active, ended');
				tests.push((mpc) => mpc.status === status);
			} else if (key === 'termination_cause_code') {
				if (!/^\d+$/.test(value)) return fail(400, 'termination_cause_code must be an integer');
				tests.push((mpc) => mpc.endedAt !== null && Number(value) === 3000);
			} else if (key === 'sub_account') {
				tests.push(() => false);
			} else {
				const m = TIME_FILTER.exec(key);
				if (!m) return fail(400, `unknown parameter: ${key}`);
				const at = parsePlivoTime(value);
				if (at === undefined) return fail(400, `${key}: expected a UTC time as YYYY-MM-DD HH:MM[:ss], got "${value}"`);
				const compare = COMPARISONS[/** @type {keyof typeof COMPARISONS} */ (m[2] ?? '')];
				const field = m[1] === 'creation_time' ? 'createdAt' : 'endedAt';
				tests.push(
					(mpc) => mpc[field] !== null && compare(Math.floor(/** @type {number} */ (mpc[field]) / 1000) * 1000, at),
				);
			}
		}
		const matching = mpcs.filter((mpc) => tests.every((t) => t(mpc))).sort((a, b) => b.createdAt - a.createdAt);
		return [
			200,
			{
				api_id: apiId(),
				meta: {
					count: matching.length,
					...pageLinks(`${accountPath}MultiPartyCall/`, limit, offset, matching.length),
				},
				objects: matching.slice(offset, offset + limit).map(mpcObject),
			},
		];
	}

	/**
	 * Start (POST …/Record/), for the MPC or one member.
	 * @param {RecordedRequest} entry @param {Mpc} mpc @param {string | null} memberId @returns {Answer}
	 */
	function start(entry, mpc, memberId) {
		const read = readParams(entry, START_PARAMS);
		if (read.error) return read.error;
		const p = read.values;
		const fileFormat = p.file_format === undefined ? 'mp3' : p.file_format;
		if (fileFormat !== 'mp3' && fileFormat !== 'wav') return fail(400, 'file_format must be mp3 or wav');
		const callbackMethod = httpMethod(p.recording_callback_method, 'POST');
		if (!callbackMethod) return fail(400, 'recording_callback_method must be GET or POST');
		for (const key of ['recording_callback_url', 'transcription_url']) {
			if (p[key] !== undefined && !isHttpUrl(p[key])) return fail(400, `${key} is not a valid URL`);
		}
		const transcript = p.transcript === undefined ? false : booleanParam(p.transcript);
		if (transcript === undefined) return fail(400, 'transcript must be true or false');
		const trackType = p.record_track_type === undefined || p.record_track_type === '' ? 'all' : p.record_track_type;
		if (memberId === null && p.record_track_type !== undefined && p.record_track_type !== '') {
			return fail(400, 'record_track_type applies to a participant recording only');
		}
		if (!TRACK_TYPES.includes(trackType)) return fail(400, 'record_track_type must be participant, all or both');
		if (current(mpc, memberId)) {
			return fail(
				400,
				memberId === null
					? 'a recording of this multi party call is already in progress'
					: 'a recording of this participant is already in progress',
			);
		}
		/** @type {MpcRecording} */
		const r = {
			recordingId: crypto.randomUUID(),
			mpc,
			memberId,
			trackType: /** @type {MpcRecording['trackType']} */ (trackType),
			fileFormat,
			callbackUrl: p.recording_callback_url || null,
			callbackMethod,
			transcriptionUrl: p.transcription_url || null,
			transcript,
			state: 'recording',
			startedAt: Date.now(),
			stoppedAt: null,
			pausedAt: null,
			pausedMs: 0,
			sequence: 0,
			chain: Promise.resolve(),
			params: p,
		};
		mpcRecordings.set(r.recordingId, r);
		emit(r, 'Initiated');
		return [
			200,
			{
				api_id: apiId(),
				message: `MPC: ${mpc.name} record started`,
				recording_id: r.recordingId,
				recording_url: context.mediaUrlOf(r.recordingId, fileFormat),
			},
		];
	}

	/**
	 * Stop, pause or resume (participant ones take record_track_type, default all, which must be
	 * the running recording's).
	 * @param {RecordedRequest} entry @param {Mpc} mpc @param {string | null} memberId
	 * @param {'stop' | 'pause' | 'resume'} action @returns {Answer}
	 */
	function change(entry, mpc, memberId, action) {
		const read = readParams(entry, memberId === null ? [] : ['record_track_type']);
		if (read.error) return read.error;
		const trackType =
			read.values.record_track_type === undefined || read.values.record_track_type === ''
				? 'all'
				: read.values.record_track_type;
		if (!TRACK_TYPES.includes(trackType)) return fail(400, 'record_track_type must be participant, all or both');
		const r = current(mpc, memberId);
		if (!r || (memberId !== null && r.trackType !== trackType)) {
			return fail(
				400,
				memberId === null
					? 'no recording of this multi party call is in progress'
					: `no participant recording with record_track_type ${trackType} is in progress`,
			);
		}
		const now = Date.now();
		if (action === 'stop') {
			complete(r, now);
		} else if (action === 'pause') {
			if (r.state !== 'recording') return fail(400, 'the recording is already paused');
			r.state = 'paused';
			r.pausedAt = now;
			emit(r, 'Paused');
		} else {
			if (r.state !== 'paused') return fail(400, 'the recording is not paused');
			endPause(r, now);
			r.state = 'recording';
			emit(r, 'Resumed');
		}
		return [204, undefined];
	}

	return {
		mpcs,
		mpcRecordings,

		/** @param {{ name: string, uuid?: string, status?: 'initialized' | 'active' }} options @returns {Mpc} */
		startMpc({ name, uuid, status = 'active' }) {
			if (!name) throw new Error('fakePlivo: startMpc needs a name');
			if (mpcs.some((m) => m.name === name && m.status !== 'ended'))
				throw new Error(`fakePlivo: a live MPC is already named ${name}`);
			const now = Date.now();
			/** @type {Mpc} */
			const mpc = {
				name,
				uuid: uuid || crypto.randomUUID(),
				status,
				createdAt: now,
				startedAt: status === 'active' ? now : null,
				endedAt: null,
				members: [],
				nextMemberId: 1001,
			};
			mpcs.push(mpc);
			return mpc;
		},

		/** @param {Mpc} mpc @param {{ memberId?: string | number, callUuid?: string }} [options] @returns {MpcMember} */
		addMpcParticipant(mpc, { memberId, callUuid } = {}) {
			if (mpc.status === 'ended') throw new Error(`fakePlivo: MPC ${mpc.name} has ended`);
			const id = memberId === undefined ? String(mpc.nextMemberId++) : String(memberId);
			if (mpc.members.some((m) => m.memberId === id))
				throw new Error(`fakePlivo: member ${id} is already in ${mpc.name}`);
			const member = { memberId: id, callUuid: callUuid || crypto.randomUUID(), joinedAt: Date.now() };
			mpc.members.push(member);
			if (mpc.status === 'initialized') {
				mpc.status = 'active';
				mpc.startedAt = member.joinedAt;
			}
			return member;
		},

		/** Ends the MPC; its recordings in progress complete and their callbacks are sent (awaited). @param {Mpc} mpc */
		async endMpc(mpc) {
			if (mpc.status === 'ended') return;
			const now = Date.now();
			mpc.status = 'ended';
			mpc.endedAt = now;
			const open = [...mpcRecordings.values()].filter((r) => r.mpc === mpc && running(r));
			for (const r of open) complete(r, now);
			await Promise.all(open.map((r) => r.chain));
		},

		/**
		 * Fails a recording in progress: …RecordingFailed is sent; it never enters the list.
		 * @param {string} recordingId @returns {Promise<void>}
		 */
		async failRecording(recordingId) {
			const r = mpcRecordings.get(recordingId);
			if (!r) throw new Error(`fakePlivo: unknown MPC recording ${recordingId}`);
			if (!running(r)) throw new Error(`fakePlivo: MPC recording ${recordingId} is not in progress`);
			stop(r, Date.now(), 'failed');
			await r.chain;
		},

		/** Waits for every MPC recording callback queued so far. */
		async idle() {
			await Promise.all([...mpcRecordings.values()].map((r) => r.chain));
		},

		reset() {
			mpcs.length = 0;
			mpcRecordings.clear();
		},

		/**
		 * Routes `MultiPartyCall/…`; null for other paths.
		 * @param {RecordedRequest} entry @param {string[]} rest @returns {Answer | null}
		 */
		route(entry, rest) {
			if (rest[0] !== 'MultiPartyCall') return null;
			const m = entry.method;
			if (rest.length === 2 && rest[1] === '') return m === 'GET' ? list(entry.query) : notAllowed();
			const tail = rest.slice(2).join('/');
			const participant = /^Participant\/([^/]+)\/Record\/((?:Pause|Resume)\/)?$/.exec(tail);
			const own = /^Record\/((?:Pause|Resume)\/)?$/.exec(tail);
			const match = participant || own;
			if (rest.length < 3 || !match) return notFound();
			const sub = participant ? participant[2] : /** @type {RegExpExecArray} */ (own)[1];
			if (sub ? m !== 'POST' : m !== 'POST' && m !== 'DELETE') return notAllowed();

			const id = decodeSegment(rest[1]);
			if (id === undefined || !/^(name|uuid)_./.test(id)) {
				return fail(400, 'the multi party call id must be name_<friendly name> or uuid_<mpc uuid>');
			}
			const mpc = findMpc(id);
			if (!mpc || mpc.status === 'ended') return fail(404, 'multi party call not found');
			if (mpc.status !== 'active') return fail(400, 'the multi party call is not active');
			/** @type {string | null | undefined} */
			let memberId = null;
			if (participant) {
				memberId = decodeSegment(participant[1]);
				const wanted = memberId;
				if (wanted === undefined || !mpc.members.some((x) => x.memberId === wanted)) {
					return fail(404, 'participant not found');
				}
			}
			if (memberId === undefined) return fail(404, 'participant not found');
			if (sub) return change(entry, mpc, memberId, sub === 'Pause/' ? 'pause' : 'resume');
			return m === 'POST' ? start(entry, mpc, memberId) : change(entry, mpc, memberId, 'stop');
		},
	};
}

module.exports = { createMpcApi };
