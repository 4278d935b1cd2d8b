import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { TOKEN_KEY } from '../api.js';
import { mockBackend, renderApp, USER } from '../test/utils.jsx';

describe('Login page', () => {
  it('posts the OAuth2 password form, stores the token and opens the start page', async () => {
    const fetch = mockBackend({
      'POST /api/token': [200, { access_token: 'tok-123', token_type: 'bearer' }],
      'GET /api/users/me': [200, USER],
      'GET /api/sessions': [200, []],
    });
    const user = userEvent.setup();
    renderApp('/login');

    await user.type(screen.getByTestId('login-username'), 'minji');
    await user.type(screen.getByTestId('login-password'), 'secret-pass1');
    await user.click(screen.getByTestId('login-submit'));

    await waitFor(() => expect(window.localStorage.getItem(TOKEN_KEY)).toBe('tok-123'));

    const [call] = fetch.calls('POST /api/token');
    expect(call.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(call.body);
    expect(form.get('username')).toBe('minji');
    expect(form.get('password')).toBe('secret-pass1');

    // On to the start page; later calls carry the stored token.
    expect(await screen.findByTestId('start-submit')).toHaveTextContent('면접 시작하기');
    await waitFor(() => expect(fetch.calls('GET /api/users/me')).toHaveLength(1));
    expect(fetch.calls('GET /api/users/me')[0].headers.Authorization).toBe('Bearer tok-123');
    expect(await screen.findByTestId('current-user')).toHaveTextContent('김민지');
    expect(screen.getByTestId('start-name')).toHaveValue('김민지');
  });

  it('shows the 401 detail inline, stays on the login page and stores nothing', async () => {
    mockBackend({ 'POST /api/token': [401, { detail: '아이디 또는 비밀번호가 올바르지 않습니다.' }] });
    const user = userEvent.setup();
    renderApp('/login');

    await user.type(screen.getByTestId('login-username'), 'minji');
    await user.type(screen.getByTestId('login-password'), 'wrong-pass');
    await user.click(screen.getByTestId('login-submit'));

    expect(await screen.findByRole('alert')).toHaveTextContent('아이디 또는 비밀번호가 올바르지 않습니다.');
    expect(window.localStorage.getItem(TOKEN_KEY)).toBeNull();
    expect(screen.getByTestId('login-submit')).toBeEnabled();
    expect(screen.queryByTestId('login-notice')).not.toBeInTheDocument();
  });

  it('explains a 429 rate limit with the Retry-After wait when the server sends no detail', async () => {
    mockBackend({ 'POST /api/token': [429, null, { 'Retry-After': '30' }] });
    const user = userEvent.setup();
    renderApp('/login');

    await user.type(screen.getByTestId('login-username'), 'minji');
    await user.type(screen.getByTestId('login-password'), 'secret-pass1');
    await user.click(screen.getByTestId('login-submit'));

    expect(await screen.findByTestId('login-error')).toHaveTextContent('30초 후에 다시 시도해 주세요');
  });

  it('has a password input with maxLength 24', () => {
    mockBackend({});
    renderApp('/login');
    const pw = screen.getByTestId('login-password');
    expect(pw).toHaveAttribute('type', 'password');
    expect(pw).toHaveAttribute('maxLength', '24');
  });

  it('sends a visitor without a token from / to the login page', async () => {
    const fetch = mockBackend({});
    renderApp('/');
    expect(await screen.findByTestId('login-form')).toBeInTheDocument();
    expect(fetch).not.toHaveBeenCalled();
  });
});
