import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { TOKEN_KEY } from '../api.js';
import { consentNotice, loginAs, mockBackend, renderApp, USER } from '../test/utils.jsx';

describe('401 handling', () => {
  it('an expired token on page load clears the token and returns to login', async () => {
    loginAs('expired-token');
    mockBackend({
      'GET /api/users/me': [401, { detail: 'Could not validate credentials' }],
      'GET /api/sessions': [401, { detail: 'Could not validate credentials' }],
    });
    renderApp('/');

    expect(await screen.findByTestId('login-form')).toBeInTheDocument();
    expect(screen.getByTestId('login-notice')).toHaveTextContent('로그인이 만료되었습니다');
    expect(window.localStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it('a 401 on "면접 시작하기" returns to login', async () => {
    loginAs('tok');
    let postCalls = 0;
    mockBackend({
      'GET /api/users/me': [200, USER],
      'GET /api/consent/notice': [200, consentNotice()],
      'GET /api/sessions': [200, []],
      'POST /api/sessions': () => {
        postCalls += 1;
        return [401, { detail: 'Token expired' }];
      },
    });
    const user = userEvent.setup();
    renderApp('/');

    await user.type(screen.getByTestId('start-position'), '백엔드 개발자');
    await user.click(await screen.findByTestId('consent-interview'));
    await user.click(screen.getByTestId('start-submit'));

    expect(await screen.findByTestId('login-form')).toBeInTheDocument();
    expect(postCalls).toBe(1);
    expect(window.localStorage.getItem(TOKEN_KEY)).toBeNull();
    expect(screen.queryByTestId('logout-button')).not.toBeInTheDocument();
  });

  it('logging in again after expiry goes back to the start page', async () => {
    loginAs('old');
    let token = 'old';
    mockBackend({
      'GET /api/users/me': (call) => (call.headers.Authorization === 'Bearer new' ? [200, USER] : [401, { detail: 'expired' }]),
      'GET /api/sessions': (call) => (call.headers.Authorization === 'Bearer new' ? [200, []] : [401, { detail: 'expired' }]),
      'POST /api/token': () => {
        token = 'new';
        return [200, { access_token: token, token_type: 'bearer' }];
      },
    });
    const user = userEvent.setup();
    renderApp('/');

    await screen.findByTestId('login-form');
    await user.type(screen.getByTestId('login-username'), 'minji');
    await user.type(screen.getByTestId('login-password'), 'secret-pass1');
    await user.click(screen.getByTestId('login-submit'));

    expect(await screen.findByTestId('start-form')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('sessions-empty')).toBeInTheDocument());
    expect(window.localStorage.getItem(TOKEN_KEY)).toBe('new');
  });

  it('the logout button clears the token', async () => {
    loginAs('tok');
    mockBackend({ 'GET /api/users/me': [200, USER], 'GET /api/sessions': [200, []] });
    const user = userEvent.setup();
    renderApp('/');

    await user.click(await screen.findByTestId('logout-button'));
    expect(await screen.findByTestId('login-form')).toBeInTheDocument();
    expect(window.localStorage.getItem(TOKEN_KEY)).toBeNull();
  });
});
