import { describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  createSession,
  getSession,
  getToken,
  listSessions,
  login,
  onUnauthorized,
  register,
  request,
  setToken,
  TOKEN_KEY,
} from '../api.js';
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
