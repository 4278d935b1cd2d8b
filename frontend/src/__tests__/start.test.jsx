import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { TOKEN_KEY } from '../api.js';
import { consentNotice, loginAs, mockBackend, NOTICE_VERSION, renderApp, session, USER } from '../test/utils.jsx';

describe('Start page', () => {
  it('"면접 시작하기" posts {user_name, position} with the bearer token and shows the session', async () => {
    loginAs('tok-abc');
    const fetch = mockBackend({
      'GET /api/users/me': [200, USER],
      'GET /api/consent/notice': [200, consentNotice()],
      'GET /api/sessions': [200, []],
      'POST /api/sessions': (call) => [201, session({ id: 42, user_name: call.json.user_name, position: call.json.position })],
    });
    const user = userEvent.setup();
    renderApp('/');

    await waitFor(() => expect(screen.getByTestId('start-name')).toHaveValue('김민지'));
    await user.clear(screen.getByTestId('start-name'));
    await user.type(screen.getByTestId('start-name'), '김민지');
    await user.type(screen.getByTestId('start-position'), '백엔드 개발자');
    await user.click(await screen.findByTestId('consent-interview'));

    const button = screen.getByTestId('start-submit');
    expect(button).toHaveAttribute('type', 'submit');
    expect(button).toHaveTextContent('면접 시작하기');
    await user.click(button);

    const ready = await screen.findByTestId('session-ready');
    expect(within(ready).getByTestId('session-id')).toHaveTextContent('42');
    expect(within(ready).getByTestId('session-status')).toHaveAttribute('data-status', 'created');
    expect(within(ready).getByTestId('session-position')).toHaveTextContent('백엔드 개발자');
    expect(within(ready).getByTestId('session-next')).toHaveTextContent('면접실은 다음 단계에서 열립니다');

    const posts = fetch.calls('POST /api/sessions');
    expect(posts).toHaveLength(1);
    expect(posts[0].headers.Authorization).toBe('Bearer tok-abc');
    expect(posts[0].headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(posts[0].body)).toEqual({
      user_name: '김민지',
      position: '백엔드 개발자',
      consent: { interview: true, emotion_analysis: false, notice_version: NOTICE_VERSION },
    });

    // Debug parity with the original report: the click and the POST are logged.
    const logged = console.log.mock.calls.map((args) => String(args[0]));
    expect(logged).toContain('[CLICK] start interview');
    expect(logged.some((line) => line.startsWith('[API] POST /api/sessions'))).toBe(true);
  });

  it('disables the button only while the request is in flight', async () => {
    loginAs();
    let release;
    mockBackend({
      'GET /api/users/me': [200, USER],
      'GET /api/consent/notice': [200, consentNotice()],
      'GET /api/sessions': [200, []],
      'POST /api/sessions': () =>
        new Promise((resolve) => {
          release = () => resolve([500, { detail: '세션을 만들 수 없습니다.' }]);
        }),
    });
    const user = userEvent.setup();
    renderApp('/');

    await user.type(screen.getByTestId('start-name'), '김민지');
    await user.type(screen.getByTestId('start-position'), '데이터 엔지니어');
    await user.click(await screen.findByTestId('consent-interview'));
    const button = screen.getByTestId('start-submit');
    expect(button).toBeEnabled();
    await user.click(button);

    await waitFor(() => expect(button).toBeDisabled());
    release();
    // The error appears inline and the button works again (no window.alert).
    expect(await screen.findByTestId('start-error')).toHaveTextContent('세션을 만들 수 없습니다.');
    expect(screen.getByRole('alert')).toBe(screen.getByTestId('start-error'));
    expect(button).toBeEnabled();
  });

  it('shows inline messages instead of posting when a field is empty', async () => {
    loginAs();
    const alertSpy = vi.spyOn(window, 'alert').mockImplementation(() => {});
    const fetch = mockBackend({ 'GET /api/users/me': [200, { ...USER, full_name: '' }], 'GET /api/sessions': [200, []] });
    const user = userEvent.setup();
    renderApp('/');

    await user.click(screen.getByTestId('start-submit'));
    expect(screen.getByTestId('start-name-error')).toBeInTheDocument();
    expect(screen.getByTestId('start-position-error')).toHaveTextContent('지원 직무를 입력해 주세요.');
    expect(fetch.calls('POST /api/sessions')).toHaveLength(0);
    expect(alertSpy).not.toHaveBeenCalled();
    expect(console.log.mock.calls.map((a) => a[0])).toContain('[CLICK] start interview');
  });

  it('lists my sessions from GET /api/sessions, newest first', async () => {
    loginAs('tok-list');
    const fetch = mockBackend({
      'GET /api/users/me': [200, USER],
      'GET /api/sessions': [
        200,
        [
          session({ id: 1, position: '프론트엔드 개발자', status: 'completed', created_at: '2025-01-01T00:00:00Z' }),
          session({ id: 2, position: 'AI 엔지니어', status: 'in_progress', created_at: '2025-02-01T00:00:00Z' }),
        ],
      ],
    });
    renderApp('/');

    const list = await screen.findByTestId('sessions-list');
    const items = within(list).getAllByTestId('session-item');
    expect(items.map((el) => el.getAttribute('data-session-id'))).toEqual(['2', '1']);
    expect(items[0]).toHaveTextContent('AI 엔지니어');
    expect(items[0]).toHaveTextContent('진행 중');
    expect(items[1]).toHaveTextContent('완료');
    expect(fetch.calls('GET /api/sessions')[0].headers.Authorization).toBe('Bearer tok-list');
  });

  it('shows an empty state when there are no sessions', async () => {
    loginAs();
    mockBackend({ 'GET /api/users/me': [200, USER], 'GET /api/sessions': [200, []] });
    renderApp('/');
    expect(await screen.findByTestId('sessions-empty')).toBeInTheDocument();
  });

  it('loads a session by id on the session page', async () => {
    loginAs();
    mockBackend({
      'GET /api/users/me': [200, USER],
      'GET /api/sessions/9': [200, session({ id: 9, status: 'pending' })],
    });
    renderApp('/sessions/9');
    expect(await screen.findByTestId('session-id')).toHaveTextContent('9');
    expect(screen.getByTestId('session-status')).toHaveTextContent('대기 중');
  });

  it('keeps the token when a request fails for another reason', async () => {
    loginAs('tok-keep');
    mockBackend({ 'GET /api/users/me': [200, USER], 'GET /api/sessions': [503, { detail: '잠시 후 다시 시도해 주세요.' }] });
    renderApp('/');
    expect(await screen.findByTestId('sessions-error')).toHaveTextContent('잠시 후 다시 시도해 주세요.');
    expect(window.localStorage.getItem(TOKEN_KEY)).toBe('tok-keep');
  });
});
