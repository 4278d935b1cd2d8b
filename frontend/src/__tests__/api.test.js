import { describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  createSession,
  deleteAccount,
  getAudit,
  getConsentNotice,
  getSession,
  getToken,
  listSessions,
  login,
  onUnauthorized,
  openSessionEvents,
  register,
  request,
  requestReview,
  resolveReview,
  searchAnswers,
  sendMediaOffer,
  setToken,
  submitVoiceAnswer,
  TOKEN_KEY,
} from '../api.js';
import { fakeEventSource } from '../test/media.js';
import { mockBackend } from '../test/utils.jsx';

describe('api.request', () => {
  it('adds the bearer token, an X-Request-ID and parses JSON', async () => {
    setToken('abc');
    const fetch = mockBackend({ 'GET /api/users/me': [200, { id: 1 }] });
    await expect(request('/users/me')).resolves.toEqual({ id: 1 });
    const [, init] = fetch.mock.calls[0];
    expect(init.headers.Authorization).toBe('Bearer abc');
    expect(init.headers['X-Request-ID']).toMatch(/\S{8,}/);
  });

  it("throws ApiError with the status and the server's detail", async () => {
    mockBackend({ 'GET /api/sessions/5': [404, { detail: '세션을 찾을 수 없습니다.' }] });
    const err = await getSession(5).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(404);
    expect(err.detail).toBe('세션을 찾을 수 없습니다.');
    expect(err.message).toBe('세션을 찾을 수 없습니다.');
  });

  it("reads FastAPI's default 422 list and the backend's errors[]", async () => {
    mockBackend({
      'POST /api/sessions': [422, { detail: [{ loc: ['body', 'position'], msg: 'Field required', type: 'missing' }] }],
      'POST /api/register': [422, { detail: 'Password too short', errors: [{ field: 'password', message: 'min 8' }] }],
    });
    const e1 = await createSession({ user_name: 'a', position: '' }).catch((e) => e);
    expect(e1.detail).toBe('Field required');
    expect(e1.errors).toEqual([{ field: 'position', message: 'Field required' }]);
    const e2 = await register({ username: 'abc', password: 'x', full_name: 'A' }).catch((e) => e);
    expect(e2.detail).toBe('Password too short');
    expect(e2.errors).toEqual([{ field: 'password', message: 'min 8' }]);
  });

  it('does not show an HTML error page as the detail', async () => {
    mockBackend({ 'GET /api/sessions': [502, '<html><body>Bad Gateway</body></html>'] });
    const err = await listSessions().catch((e) => e);
    expect(err.status).toBe(502);
    expect(err.detail).toBeNull();
  });

  it('turns a network failure into ApiError status 0', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const err = await listSessions().catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(0);
    expect(err.isNetworkError).toBe(true);
  });

  it('reads Retry-After on 429', async () => {
    mockBackend({ 'POST /api/token': [429, { detail: 'Too many attempts' }, { 'Retry-After': '12' }] });
    const err = await login('a', 'b').catch((e) => e);
    expect(err.status).toBe(429);
    expect(err.retryAfter).toBe(12);
    expect(err.detail).toBe('Too many attempts');
  });

  it('on a 401 clears the token and notifies listeners', async () => {
    setToken('stale');
    const listener = vi.fn();
    const off = onUnauthorized(listener);
    mockBackend({ 'GET /api/sessions': [401, { detail: 'Not authenticated' }] });
    await expect(listSessions()).rejects.toMatchObject({ status: 401 });
    expect(getToken()).toBeNull();
    expect(listener).toHaveBeenCalledTimes(1);
    off();
  });

  it('a 401 from the login call itself does not trigger the global handler', async () => {
    setToken('keep-me');
    const listener = vi.fn();
    const off = onUnauthorized(listener);
    mockBackend({ 'POST /api/token': [401, { detail: 'Incorrect username or password' }] });
    await expect(login('a', 'b')).rejects.toMatchObject({ status: 401, detail: 'Incorrect username or password' });
    expect(listener).not.toHaveBeenCalled();
    expect(window.localStorage.getItem(TOKEN_KEY)).toBe('keep-me');
    off();
  });

  it('login stores the access token and never sends an old one', async () => {
    setToken('old');
    const fetch = mockBackend({ 'POST /api/token': [200, { access_token: 'fresh', token_type: 'bearer' }] });
    await login('minji', 'pw12345678');
    expect(getToken()).toBe('fresh');
    expect(fetch.mock.calls[0][1].headers.Authorization).toBeUndefined();
  });

  it('register sends no Authorization header', async () => {
    setToken('whatever');
    const fetch = mockBackend({ 'POST /api/register': [201, { id: 1 }] });
    await register({ username: 'abc', password: 'pw12345678', full_name: 'A' });
    expect(fetch.mock.calls[0][1].headers.Authorization).toBeUndefined();
  });
  it('never logs the access token or the password', async () => {
    mockBackend({ 'POST /api/token': [200, { access_token: 'secret-token-value', token_type: 'bearer' }] });
    await login('minji', 'my-secret-password');
    const printed = console.log.mock.calls.flat().map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
    expect(printed).toContain('[API] POST /api/token');
    expect(printed).not.toContain('secret-token-value');
    expect(printed).not.toContain('my-secret-password');
  });

  it('logs the session POST with its body and the response', async () => {
    mockBackend({ 'POST /api/sessions': [201, { id: 3, status: 'created' }] });
    await createSession({ user_name: '김민지', position: '백엔드 개발자' });
    expect(console.log).toHaveBeenCalledWith('[API] POST /api/sessions', { user_name: '김민지', position: '백엔드 개발자' });
    expect(console.log).toHaveBeenCalledWith('[API] POST /api/sessions → 201', { id: 3, status: 'created' });
  });

  it('ignores a late 401 for a token that a new login has replaced', async () => {
    setToken('old');
    const listener = vi.fn();
    const off = onUnauthorized(listener);
    let answer;
    mockBackend({ 'GET /api/sessions': () => new Promise((resolve) => (answer = resolve)) });
    const pending = listSessions().catch((e) => e);
    await vi.waitFor(() => expect(answer).toBeTypeOf('function'));
    setToken('new'); // logged in again meanwhile
    answer([401, { detail: 'expired' }]);
    expect((await pending).status).toBe(401);
    expect(getToken()).toBe('new');
    expect(listener).not.toHaveBeenCalled();
    off();
  });
});

describe('api: interview endpoints', () => {
  it('lists sessions with limit/offset in the query string', async () => {
    const fetch = mockBackend({ 'GET /api/sessions': [200, [{ id: 1 }]] });
    await expect(listSessions({ limit: 200, offset: 0 })).resolves.toEqual([{ id: 1 }]);
    expect(fetch.mock.calls[0][0]).toBe('/api/sessions?limit=200&offset=0');
  });

  it('sends the WebRTC offer and voice answers to the media server with the bearer token', async () => {
    setToken('tok-media');
    const fetch = mockBackend({
      'POST /media/offer': [200, { sdp: 'v=0', type: 'answer', peer_id: 'p1' }],
      'POST /media/voice-answers': [202, { audio_id: 1, question_id: 5, duration_s: 2.5 }],
    });
    await expect(sendMediaOffer({ sdp: 'v=0 offer', session_id: 3 })).resolves.toMatchObject({ type: 'answer' });
    await expect(submitVoiceAnswer({ session_id: 3, question_id: 5 })).resolves.toMatchObject({ audio_id: 1 });
    const [offer, voice] = fetch.mock.calls;
    expect(offer[0]).toBe('/media/offer');
    expect(offer[1].headers.Authorization).toBe('Bearer tok-media');
    expect(JSON.parse(offer[1].body)).toEqual({ sdp: 'v=0 offer', type: 'offer', session_id: 3 });
    expect(voice[0]).toBe('/media/voice-answers');
    expect(JSON.parse(voice[1].body)).toEqual({ session_id: 3, question_id: 5 });
  });

  it('a 401 from the media server also returns to login', async () => {
    setToken('stale');
    const listener = vi.fn();
    const off = onUnauthorized(listener);
    mockBackend({ 'POST /media/offer': [401, { detail: 'The access token is not valid; log in again.' }] });
    await expect(sendMediaOffer({ sdp: 'v=0', session_id: 1 })).rejects.toMatchObject({ status: 401 });
    expect(getToken()).toBeNull();
    expect(listener).toHaveBeenCalledTimes(1);
    off();
  });

  it('encodes the search query', async () => {
    const fetch = mockBackend({ 'GET /api/search': [200, []] });
    await searchAnswers('Redis & 캐시', { limit: 5 });
    expect(fetch.mock.calls[0][0]).toBe('/api/search?q=Redis+%26+%EC%BA%90%EC%8B%9C&limit=5');
  });

  it('opens the event stream with the token in the URL and parses each event', () => {
    setToken('tok sse');
    const sources = fakeEventSource();
    const onEvent = vi.fn();
    const stream = openSessionEvents(9, { onEvent });
    expect(sources[0].url).toBe('/api/sessions/9/events?access_token=tok+sse');
    sources[0].emit('question_ready', { question_id: 3, order: 2 });
    expect(onEvent).toHaveBeenCalledWith('question_ready', { question_id: 3, order: 2 });
    stream.close();
    expect(sources[0].closed).toBe(true);
    sources[0].emit('question_ready', { question_id: 4, order: 3 });
    expect(onEvent).toHaveBeenCalledTimes(1);
  });

  it('returns null (poll instead) when the browser has no EventSource', () => {
    setToken('t');
    vi.stubGlobal('EventSource', undefined);
    expect(openSessionEvents(9, {})).toBeNull();
  });
});

describe('consent, review, audit and account endpoints', () => {
  it('GET /consent/notice is sent without the token; POST /sessions carries the consent', async () => {
    setToken('tok');
    const fetch = mockBackend({
      'GET /api/consent/notice': [200, { version: 'v1', items: [] }],
      'POST /api/sessions': (call) => [201, { id: 1, ...call.json }],
    });
    await expect(getConsentNotice()).resolves.toEqual({ version: 'v1', items: [] });
    expect(fetch.mock.calls[0][1].headers.Authorization).toBeUndefined();
    const consent = { interview: true, emotion_analysis: false, notice_version: 'v1' };
    await createSession({ user_name: 'a', position: 'b', consent });
    expect(JSON.parse(fetch.mock.calls[1][1].body)).toEqual({ user_name: 'a', position: 'b', consent });
  });

  it('listSessions passes review=open|resolved; review endpoints post their text', async () => {
    const fetch = mockBackend({
      'GET /api/sessions': [200, []],
      'POST /api/sessions/3/review-request': (call) => [201, { id: 3, review_reason: call.json.reason }],
      'POST /api/sessions/3/review-resolve': (call) => [200, { id: 3, review_note: call.json.note }],
      'GET /api/sessions/3/audit': [200, { unexpected: true }],
    });
    await listSessions({ limit: 200, review: 'open' });
    expect(fetch.mock.calls[0][0]).toBe('/api/sessions?limit=200&review=open');
    await expect(requestReview(3, 'why')).resolves.toEqual({ id: 3, review_reason: 'why' });
    await expect(resolveReview(3, 'done')).resolves.toEqual({ id: 3, review_note: 'done' });
    await expect(getAudit(3)).resolves.toEqual([]);
  });

  it('DELETE /users/me sends the password as JSON; 204 resolves to null, 403 keeps the token', async () => {
    setToken('tok-del');
    let answer = [403, { detail: 'Wrong password.' }];
    const fetch = mockBackend({ 'DELETE /api/users/me': () => answer });
    const err = await deleteAccount('nope').catch((e) => e);
    expect(err.status).toBe(403);
    expect(err.detail).toBe('Wrong password.');
    expect(getToken()).toBe('tok-del');
    answer = [204, null];
    await expect(deleteAccount('secret-pass1')).resolves.toBeNull();
    const [, init] = fetch.mock.calls[1];
    expect(init.method).toBe('DELETE');
    expect(JSON.parse(init.body)).toEqual({ password: 'secret-pass1' });
  });
});
