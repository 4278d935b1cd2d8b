// The ONE module that talks to the backend.
//
// Every call goes through `request()`, which
//   * prefixes the path with API_BASE (`/api`; the gateway strips it),
//   * adds `Authorization: Bearer <token>` from storage and an `X-Request-ID`,
//   * parses the JSON body,
//   * throws an `ApiError` carrying the HTTP status and the server's `detail`,
//   * on a 401 (except the login call itself) clears the token and notifies the
//     app (see `onUnauthorized`) so that it returns to the login page.
//
// Pages and components never call `fetch` directly.
import { downloadBlob, downloadText, jobCsvFileName, reportPdfFileName } from './download.js';

export const API_BASE = String(import.meta.env?.VITE_API_BASE ?? '/api').replace(/\/+$/, '');
/** The media server's prefix (`/media`; the gateway strips it), for WebRTC signaling and voice answers. */
export const MEDIA_BASE = String(import.meta.env?.VITE_MEDIA_BASE ?? '/media').replace(/\/+$/, '');
export const TOKEN_KEY = 'interview.token';

export class ApiError extends Error {
  /**
   * @param {number} status  HTTP status, or 0 when the server could not be reached.
   * @param {string|null} detail  The server's human-readable `detail`, if it sent one.
   * @param {object} [extra]
   * @param {{field: string, message: string}[]} [extra.errors]  Per-field problems (422).
   * @param {*} [extra.body]  The parsed response body.
   * @param {number|null} [extra.retryAfter]  Seconds from a Retry-After header (429).
   */
  constructor(status, detail, { errors = [], body = null, retryAfter = null } = {}) {
    super(detail || (status ? `HTTP ${status}` : 'Network error'));
    this.name = 'ApiError';
    this.status = status;
    this.detail = detail || null;
    this.errors = errors;
    this.body = body;
    this.retryAfter = retryAfter;
  }

  get isNetworkError() {
    return this.status === 0;
  }
}

// ---------------------------------------------------------------- token storage

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function getToken() {
  return storage()?.getItem(TOKEN_KEY) || null;
}

export function setToken(token) {
  if (token) storage()?.setItem(TOKEN_KEY, token);
  else clearToken();
}

export function clearToken() {
  storage()?.removeItem(TOKEN_KEY);
}

// ------------------------------------------------------------ 401 notification

const unauthorizedListeners = new Set();

/** Subscribe to "the server said 401"; returns an unsubscribe function. */
export function onUnauthorized(listener) {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

function notifyUnauthorized(info) {
  for (const listener of [...unauthorizedListeners]) {
    try {
      listener(info);
    } catch (err) {
      console.error('[API] unauthorized listener failed', err);
    }
  }
}

// -------------------------------------------------------------------- helpers

function newRequestId() {
  try {
    if (globalThis.crypto?.randomUUID) return globalThis.crypto.randomUUID();
  } catch {
    /* fall through */
  }
  return `req-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

function headerValue(res, name) {
  try {
    return res.headers?.get?.(name) ?? null;
  } catch {
    return null;
  }
}

function parseRetryAfter(value) {
  if (value == null || value === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** The human-readable message in an error body, or null. */
export function detailFrom(body) {
  if (body && typeof body === 'object') {
    const { detail } = body;
    if (typeof detail === 'string' && detail.trim()) return detail.trim();
    // FastAPI's default validation error: detail is a list of {loc, msg}.
    if (Array.isArray(detail) && detail.length) {
      const msgs = detail
        .map((e) => (typeof e === 'string' ? e : e?.msg || e?.message))
        .filter(Boolean);
      if (msgs.length) return msgs.join('; ');
    }
    if (typeof body.message === 'string' && body.message.trim()) return body.message.trim();
  }
  if (typeof body === 'string') {
    const text = body.trim();
    // Plain-text errors are fine to show; HTML error pages (e.g. a proxy's 502) are not.
    if (text && text.length <= 300 && !text.startsWith('<')) return text;
  }
  return null;
}

/** Per-field errors: the backend's `errors: [{field, message}]`, or FastAPI's `detail: [{loc, msg}]`. */
export function fieldErrorsFrom(body) {
  if (!body || typeof body !== 'object') return [];
  if (Array.isArray(body.errors)) {
    return body.errors
      .filter((e) => e && typeof e === 'object')
      .map((e) => ({ field: String(e.field ?? ''), message: String(e.message ?? e.msg ?? '') }))
      .filter((e) => e.message);
  }
  if (Array.isArray(body.detail)) {
    return body.detail
      .filter((e) => e && typeof e === 'object' && e.msg)
      .map((e) => ({
        field: Array.isArray(e.loc) ? String(e.loc[e.loc.length - 1]) : '',
        message: String(e.msg),
      }));
  }
  return [];
}

// -------------------------------------------------------------------- request

/**
 * Call the backend.
 *
 * @param {string} path  Path below the API prefix, e.g. `/sessions`.
 * @param {object} [options]
 * @param {string} [options.method='GET']
 * @param {*} [options.json]  Sent as a JSON body.
 * @param {Record<string,string>} [options.form]  Sent as application/x-www-form-urlencoded.
 * @param {FormData} [options.formData]  Sent as multipart/form-data (the browser sets the boundary).
 * @param {boolean} [options.text=false]  Return a successful body as text, unparsed (CSV downloads).
 * @param {boolean} [options.blob=false]  Return a successful body as a Blob (binary downloads such as
 *   PDFs); an error body is still parsed as JSON for its `detail`.
 * @param {boolean} [options.auth=true]  Add the bearer token when there is one.
 * @param {boolean} [options.handleUnauthorized=true]  On 401 clear the token and notify the app.
 * @param {boolean} [options.logBody=false]  Log the request body (never for credentials).
 * @param {AbortSignal} [options.signal]
 * @param {string} [options.base=API_BASE]  The prefix: API_BASE (backend-core) or MEDIA_BASE (media server).
 * @returns {Promise<*>} The parsed JSON body (null when empty).
 */
export async function request(path, options = {}) {
  const {
    method = 'GET',
    json,
    form,
    formData,
    text: asText = false,
    blob: asBlob = false,
    auth = true,
    handleUnauthorized = true,
    logBody = false,
    signal,
    base = API_BASE,
    headers: extraHeaders = {},
  } = options;

  const url = `${base}${path.startsWith('/') ? path : `/${path}`}`;
  const requestId = newRequestId();
  const headers = { Accept: 'application/json', 'X-Request-ID': requestId, ...extraHeaders };

  let body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (form !== undefined) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(form).toString();
  } else if (formData !== undefined) {
    body = formData;
  }

  const token = auth ? getToken() : null;
  if (token) headers.Authorization = `Bearer ${token}`;

  if (method !== 'GET') {
    if (logBody) console.log(`[API] ${method} ${url}`, json ?? form);
    else console.log(`[API] ${method} ${url}`);
  }

  let res;
  try {
    res = await fetch(url, { method, headers, body, signal });
  } catch (err) {
    if (err?.name === 'AbortError') throw err;
    console.error(`[API] ${method} ${url} failed: network error`, err);
    throw new ApiError(0, null);
  }

  if (asBlob && res.ok) {
    try {
      if (typeof res.blob === 'function') return await res.blob();
      return new Blob([await res.text()], { type: headerValue(res, 'Content-Type') || '' });
    } catch (err) {
      if (err?.name === 'AbortError' || signal?.aborted) throw err;
      console.error(`[API] ${method} ${url} failed: the body could not be read`, err);
      throw new ApiError(0, null);
    }
  }

  let data = null;
  let text = '';
  try {
    text = await res.text();
  } catch (err) {
    if (err?.name === 'AbortError' || signal?.aborted) throw err;
    text = '';
  }
  if (asText && res.ok) return text;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }

  if (method !== 'GET') {
    // Response bodies are logged only where asked for: never tokens.
    if (logBody && res.ok) console.log(`[API] ${method} ${url} → ${res.status}`, data);
    else console.log(`[API] ${method} ${url} → ${res.status}`);
  }

  if (!res.ok) {
    const error = new ApiError(res.status, detailFrom(data), {
      errors: fieldErrorsFrom(data),
      body: data,
      retryAfter: parseRetryAfter(headerValue(res, 'Retry-After')),
    });
    if (res.status === 401 && handleUnauthorized) {
      // A late 401 for a token that has since been replaced (a new login) is ignored.
      const current = getToken();
      if (!current || current === token) {
        clearToken();
        notifyUnauthorized({ path, status: res.status, detail: error.detail });
      }
    }
    if (method === 'GET' || res.status >= 500) {
      console.warn(`[API] ${method} ${url} → ${res.status}`, error.detail ?? '', `request-id=${requestId}`);
    }
    throw error;
  }
  return data;
}

// ------------------------------------------------------------------ endpoints

/** POST /register → 201 {id, username, full_name, role, created_at}. */
export function register({ username, password, full_name }) {
  return request('/register', {
    method: 'POST',
    json: { username, password, full_name },
    auth: false,
    handleUnauthorized: false,
  });
}

/** POST /token (OAuth2 password form) → stores and returns {access_token, token_type}. */
export async function login(username, password) {
  const data = await request('/token', {
    method: 'POST',
    form: { grant_type: 'password', username, password },
    auth: false,
    handleUnauthorized: false,
  });
  if (!data || typeof data.access_token !== 'string' || !data.access_token) {
    throw new ApiError(502, null, { body: data });
  }
  setToken(data.access_token);
  return data;
}

/** GET /users/me → the current user. */
export function me(options = {}) {
  return request('/users/me', options);
}

/**
 * GET /consent/notice (no auth) → {version, emotion_analysis_enabled, retention_days,
 * items: [{key, required, title, data, purpose, retention}], emotion_caveat, resume} (texts are {ko, en};
 * `resume` is the résumé's own notice item, agreed to separately when uploading one: not in `items`).
 */
export function getConsentNotice(options = {}) {
  return request('/consent/notice', { ...options, auth: false, handleUnauthorized: false });
}

/**
 * POST /sessions {user_name, position, consent: {interview, emotion_analysis, notice_version}}
 * → 201 the new interview session. 422 without interview consent; 409 when the notice changed.
 */
export function createSession({ user_name, position, consent }) {
  return request('/sessions', {
    method: 'POST',
    json: { user_name, position, consent },
    logBody: true,
  });
}

function query(params) {
  const qs = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') qs.set(key, String(value));
  }
  const text = qs.toString();
  return text ? `?${text}` : '';
}

function sessionPath(id, rest = '') {
  return `/sessions/${encodeURIComponent(String(id))}${rest}`;
}

/**
 * GET /sessions?limit=&offset=&review= → sessions, newest first (candidates: their own; recruiters:
 * everyone's). `review`: 'open' (a human review was requested and is not resolved) or 'resolved'.
 * @param {{limit?: number, offset?: number, review?: string, signal?: AbortSignal}} [options]
 */
export async function listSessions({ limit, offset, review, ...options } = {}) {
  const data = await request(`/sessions${query({ limit, offset, review })}`, options);
  if (Array.isArray(data)) return data;
  // Tolerate a paginated envelope ({items: [...]}) should the backend grow one.
  if (data && Array.isArray(data.items)) return data.items;
  return [];
}

/** GET /sessions/{id} → one session. */
export function getSession(id, options = {}) {
  return request(sessionPath(id), options);
}

/**
 * GET /sessions/{id}/questions → the questions asked so far (the current one is the first unanswered).
 * The candidate's read starts the open question's clock in a timed interview; `answered: true` asks only for
 * the answered and timed-out ones, which starts no clock (the results page).
 */
export async function getQuestions(id, { answered = false, ...options } = {}) {
  const data = await request(sessionPath(id, `/questions${query({ answered: answered || undefined })}`), options);
  return Array.isArray(data) ? [...data].sort((a, b) => a.order - b.order) : [];
}

/** POST /sessions/{id}/answers → 201 the answered question (409 already answered / finished, 422 empty). */
export function submitAnswer(id, { question_id, answer_text }, options = {}) {
  return request(sessionPath(id, '/answers'), { ...options, method: 'POST', json: { question_id, answer_text } });
}

/** POST /sessions/{id}/finish → the finished session. */
export function finishSession(id, options = {}) {
  return request(sessionPath(id, '/finish'), { ...options, method: 'POST' });
}

/** GET /sessions/{id}/results → {status: pending|processing|ready|failed, reason, progress, report}. */
export function getResults(id, options = {}) {
  return request(sessionPath(id, '/results'), options);
}

/**
 * GET /sessions/{id}/emotions → {status: collected|not_collected|disabled, caveat: {ko, en}, backend,
 * frames, timeline[], per_question[]} (no frames and empty lists unless collected).
 */
export function getEmotions(id, options = {}) {
  return request(sessionPath(id, '/emotions'), options);
}

/**
 * POST /sessions/{id}/emotion-consent/withdraw (no body; the owning candidate) → 200 the session, now
 * `emotion_consent: false`, `emotion_analysis: "not_collected"` and `emotion_consent_withdrawn_at` set;
 * the emotion data already collected is deleted by the server. 409 when there is no emotion consent
 * to withdraw (already withdrawn, never given, or the deployment does no emotion analysis); 403 for
 * recruiters; 404 for someone else's session.
 */
export function withdrawEmotionConsent(id, options = {}) {
  return request(sessionPath(id, '/emotion-consent/withdraw'), { ...options, method: 'POST' });
}

/** POST /sessions/{id}/review-request {reason} → 201 the session (the owning candidate, once finished). */
export function requestReview(id, reason, options = {}) {
  return request(sessionPath(id, '/review-request'), { ...options, method: 'POST', json: { reason } });
}

/** POST /sessions/{id}/review-resolve {note} → 200 the session (recruiters; 409 without an open request). */
export function resolveReview(id, note, options = {}) {
  return request(sessionPath(id, '/review-resolve'), { ...options, method: 'POST', json: { note } });
}

/** GET /sessions/{id}/audit → [{id, actor_id, actor_username, action, at, request_id}], newest first. */
export async function getAudit(id, options = {}) {
  const data = await request(sessionPath(id, '/audit'), options);
  return Array.isArray(data) ? data : [];
}

/** GET /users/me/export → everything stored about the current user (JSON). */
export function exportMyData(options = {}) {
  return request('/users/me/export', options);
}

/**
 * DELETE /users/me {password} → 204: the account and all its data are erased.
 * 403 (wrong password, or a recruiter account) is not a lost login: it never logs out.
 */
export function deleteAccount(password, options = {}) {
  return request('/users/me', { ...options, method: 'DELETE', json: { password } });
}

/** GET /search?q=&limit= → answers ranked by similarity (recruiters only; candidates get 403). */
export async function searchAnswers(q, { limit = 20, ...options } = {}) {
  const data = await request(`/search${query({ q, limit })}`, options);
  return Array.isArray(data) ? data : [];
}

// ------------------------------------------------------------------ résumé
// The candidate's own résumé (one at a time; candidates only). Questions may be grounded in its
// passages: each QuestionPublic carries `resume_passage: {id, section, text} | null`.

/** The largest résumé the server takes (5 MB); checked here too so that nothing too big is sent. */
export const RESUME_MAX_BYTES = 5 * 1024 * 1024;

/**
 * GET /resume → ResumePublic {id, filename, media_type: pdf|docx|text, size_bytes, characters,
 * uploaded_at, notice_version, sections: [{kind, heading, passages: [{id, text}]}]}, or null when
 * none was uploaded (the server's 404 is "no résumé", not an error).
 */
export async function getResume(options = {}) {
  try {
    return await request('/resume', options);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

/**
 * POST /resume, multipart `file` and `notice_version` (the consent notice the candidate agreed to)
 * → 201 ResumePublic; it replaces any earlier résumé. 400 no file / empty / no consent; 409 the
 * notice changed (reload it); 413 over 5 MB; 415 not PDF, DOCX or text; 422 unreadable (encrypted,
 * scanned, damaged, no text). Sent as FormData: the browser sets the multipart boundary.
 */
export function uploadResume(file, noticeVersion, options = {}) {
  const formData = new FormData();
  formData.append('file', file, file?.name || 'resume');
  formData.append('notice_version', String(noticeVersion ?? ''));
  return request('/resume', { ...options, method: 'POST', formData });
}

/** DELETE /resume → 204: the résumé and its passages are erased. */
export function deleteResume(options = {}) {
  return request('/resume', { ...options, method: 'DELETE' });
}

// ------------------------------------------------------------------ hiring
// Organisations, jobs, invitations and per-job review (docs/hiring.md). Everything recruiter-only
// is scoped by the server to the recruiter's organisation (another one's answers 404).

function jobPath(id, rest = '') {
  return `/jobs/${encodeURIComponent(String(id))}${rest}`;
}

function invitationPath(id, rest = '') {
  return `/invitations/${encodeURIComponent(String(id))}${rest}`;
}

function tokenPath(token, rest = '') {
  return `/invitations/token/${encodeURIComponent(String(token))}${rest}`;
}

const asList = (data) => (Array.isArray(data) ? data : []);

/** GET /positions → [{family, label_ko, label_en, competencies: [str]}] (competencies in bank order). */
export async function listPositions(options = {}) {
  return asList(await request('/positions', options));
}

/**
 * POST /jobs JobCreate {title, family, description, competencies, questions, answer_time_limit_s,
 * prep_time_s, voice_mode, emotion_analysis_offered, deadline} → 201 JobPublic (422 with `errors`).
 */
export function createJob(job, options = {}) {
  return request('/jobs', { ...options, method: 'POST', json: job, logBody: true });
}

/** GET /jobs?status=open|closed → [JobPublic], newest first. */
export async function listJobs({ status, ...options } = {}) {
  return asList(await request(`/jobs${query({ status })}`, options));
}

/** GET /jobs/{id} → JobPublic. */
export function getJob(id, options = {}) {
  return request(jobPath(id), options);
}

/** PATCH /jobs/{id} with only the fields that change → JobPublic (409 once the job is closed). */
export function updateJob(id, changes, options = {}) {
  return request(jobPath(id), { ...options, method: 'PATCH', json: changes, logBody: true });
}

/** POST /jobs/{id}/close → JobPublic (status `closed`: open invitations can no longer start). */
export function closeJob(id, options = {}) {
  return request(jobPath(id, '/close'), { ...options, method: 'POST' });
}

/** POST /jobs/{id}/invitations {emails, expires_at?} → 201 InvitationBatch {created, skipped: [{email, reason}]}. */
export function inviteByEmail(jobId, { emails, expires_at }, options = {}) {
  const json = { emails };
  if (expires_at) json.expires_at = expires_at;
  return request(jobPath(jobId, '/invitations'), { ...options, method: 'POST', json });
}

/** POST /jobs/{id}/invitations/csv, multipart `file` (an `email` column, or one address a line) → 201 InvitationBatch. */
export function inviteByCsv(jobId, file, options = {}) {
  const formData = new FormData();
  formData.append('file', file, file?.name || 'invitations.csv');
  return request(jobPath(jobId, '/invitations/csv'), { ...options, method: 'POST', formData });
}

/** POST /jobs/{id}/links {max_uses?, expires_at?} → 201 InvitationPublic with its `url` (shown only this once). */
export function createShareLink(jobId, { max_uses = null, expires_at } = {}, options = {}) {
  const json = { max_uses };
  if (expires_at) json.expires_at = expires_at;
  return request(jobPath(jobId, '/links'), { ...options, method: 'POST', json });
}

/** GET /jobs/{id}/invitations → [InvitationPublic] (never with `url`). */
export async function listInvitations(jobId, options = {}) {
  return asList(await request(jobPath(jobId, '/invitations'), options));
}

/** POST /invitations/{id}/revoke → InvitationPublic. */
export function revokeInvitation(id, options = {}) {
  return request(invitationPath(id, '/revoke'), { ...options, method: 'POST' });
}

/** POST /invitations/{id}/resend → InvitationPublic (a new token is emailed; the old link stops working). */
export function resendInvitation(id, options = {}) {
  return request(invitationPath(id, '/resend'), { ...options, method: 'POST' });
}

/**
 * GET /jobs/{id}/candidates?sort=score|-score|started|name&decision=shortlisted|rejected|undecided&min_score=
 * → [JobCandidate].
 */
export async function listJobCandidates(jobId, { sort, decision, min_score, ...options } = {}) {
  return asList(await request(jobPath(jobId, `/candidates${query({ sort, decision, min_score })}`), options));
}

/** GET /jobs/{id}/results.csv saved as job-<id>-results.csv (with a BOM, so Excel reads Korean); → the file name. */
export async function downloadJobCsv(jobId, options = {}) {
  const csv = await request(jobPath(jobId, '/results.csv'), {
    ...options,
    text: true,
    headers: { Accept: 'text/csv' },
  });
  const file = jobCsvFileName(jobId);
  downloadText(file, typeof csv === 'string' ? csv : '', 'text/csv;charset=utf-8', { bom: true });
  return file;
}

/**
 * GET /sessions/{id}/report.pdf saved as interview-<id>-report.pdf; → the file name. 409 (with the
 * server's message) before the results are ready; 404 for a session the user may not see.
 */
export async function downloadReportPdf(sessionId, options = {}) {
  const data = await request(sessionPath(sessionId, '/report.pdf'), {
    ...options,
    blob: true,
    headers: { Accept: 'application/pdf, application/json' },
  });
  const blob = data instanceof Blob ? data : new Blob([data ?? '']);
  const file = reportPdfFileName(sessionId);
  downloadBlob(file, blob.type ? blob : new Blob([blob], { type: 'application/pdf' }));
  return file;
}

/** PUT /sessions/{id}/decision {decision: 'shortlisted'|'rejected', note} → JobCandidate. */
export function setDecision(sessionId, { decision, note = '' }, options = {}) {
  return request(sessionPath(sessionId, '/decision'), { ...options, method: 'PUT', json: { decision, note } });
}

/** GET /outbox?limit= → [OutboxMessage] of the organisation, newest first. */
export async function listOutbox({ limit, ...options } = {}) {
  return asList(await request(`/outbox${query({ limit })}`, options));
}

/**
 * GET /invitations/token/{token} (no login) → InvitationView {status, expires_at, email_hint, job}.
 * 404 unknown; 410 (with the server's message) expired, revoked, used or the job closed.
 */
export function viewInvitation(token, options = {}) {
  return request(tokenPath(token), { ...options, auth: false, handleUnauthorized: false });
}

/**
 * POST /invitations/token/{token}/accept {consent} → 201 the new session (as POST /sessions), or 200 the
 * session this candidate already started from it (resume). 403 claimed by someone else; 410 no longer valid.
 */
export function acceptInvitation(token, { consent }, options = {}) {
  return request(tokenPath(token, '/accept'), { ...options, method: 'POST', json: { consent }, logBody: true });
}

/** GET /invitations/mine → [MyInvitation {invitation_id, status, job, session_id, session_status}]. */
export async function myInvitations(options = {}) {
  return asList(await request('/invitations/mine', options));
}

// ------------------------------------------------------------------ webhooks
// The organisation's webhooks to its hiring system (docs/webhooks.md; recruiters only).

/** The event types an endpoint can subscribe to, in the order the UI lists them. */
export const WEBHOOK_EVENTS = ['report.ready', 'review.resolved', 'invitation.completed'];

function webhookPath(id, rest = '') {
  return `/webhooks/${encodeURIComponent(String(id))}${rest}`;
}

/** GET /webhooks → [WebhookEndpointPublic {id, url, events, active, created_at, secret_hint}]. */
export async function listWebhooks(options = {}) {
  return asList(await request('/webhooks', options));
}

/**
 * POST /webhooks {url, events, secret?} → 201 WebhookEndpointPublic with `secret` in full (the only
 * time it is shown). An empty `secret` is left out (the server generates one). The body is never
 * logged: it may hold the secret.
 */
export function createWebhook({ url, events, secret }, options = {}) {
  const json = { url, events };
  if (secret) json.secret = secret;
  return request('/webhooks', { ...options, method: 'POST', json });
}

/** POST /webhooks/{id}/deactivate → WebhookEndpointPublic (`active: false`; pending deliveries are cancelled). */
export function deactivateWebhook(id, options = {}) {
  return request(webhookPath(id, '/deactivate'), { ...options, method: 'POST' });
}

/**
 * GET /webhooks/{id}/deliveries?limit= → [WebhookDeliveryPublic {id, event_id, event_type, status,
 * attempt_count, attempts: [{at, status_code, error, duration_ms}], next_attempt_at, session_id,
 * created_at, delivered_at}], newest first.
 */
export async function listWebhookDeliveries(id, { limit, ...options } = {}) {
  return asList(await request(webhookPath(id, `/deliveries${query({ limit })}`), options));
}

// ------------------------------------------------------------- media server

/** POST /media/offer {sdp, type, session_id} → {sdp, type: "answer", peer_id}. */
export function sendMediaOffer({ sdp, type = 'offer', session_id }, options = {}) {
  return request('/offer', { ...options, base: MEDIA_BASE, method: 'POST', json: { sdp, type, session_id } });
}

/** POST /media/voice-answers {session_id, question_id} → 202 {audio_id, question_id, duration_s}. */
export function submitVoiceAnswer({ session_id, question_id }, options = {}) {
  return request('/voice-answers', {
    ...options,
    base: MEDIA_BASE,
    method: 'POST',
    json: { session_id, question_id },
  });
}

// ------------------------------------------------------------ session events

/** The server-sent event types of a session stream. */
export const SESSION_EVENTS = [
  'snapshot',
  'question_ready',
  'evaluation_ready',
  'transcript_ready',
  'report_ready',
  'report_failed',
  'session_finished',
];

/** The events URL; EventSource cannot send headers, so the token travels as `access_token`. */
export function sessionEventsUrl(id) {
  return `${API_BASE}${sessionPath(id, '/events')}${query({ access_token: getToken() })}`;
}

/**
 * Open the session's server-sent event stream.
 * Returns `{close()}`, or null when this browser has no EventSource (the caller polls instead).
 * `onEvent(type, data)` gets each event with its JSON data parsed; `onError()` is called when the
 * stream fails or ends (the caller decides whether to fall back to polling).
 */
export function openSessionEvents(id, { onEvent, onOpen, onError } = {}) {
  const Source = globalThis.EventSource;
  if (typeof Source !== 'function' || !getToken()) return null;
  let source;
  try {
    source = new Source(sessionEventsUrl(id));
  } catch (err) {
    console.warn('[SSE] could not open the event stream', err);
    return null;
  }
  let closed = false;
  const listeners = SESSION_EVENTS.map((type) => {
    const listener = (e) => {
      if (closed) return;
      let data = null;
      try {
        data = e?.data ? JSON.parse(e.data) : null;
      } catch {
        data = null;
      }
      onEvent?.(type, data);
    };
    source.addEventListener(type, listener);
    return [type, listener];
  });
  source.onopen = () => {
    if (!closed) onOpen?.();
  };
  source.onerror = () => {
    if (!closed) onError?.();
  };
  return {
    close() {
      if (closed) return;
      closed = true;
      for (const [type, listener] of listeners) source.removeEventListener(type, listener);
      source.onopen = null;
      source.onerror = null;
      source.close();
    },
  };
}
