import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { consentNotice, loginAs, mockBackend, NOTICE_VERSION, renderApp, session, USER } from '../test/utils.jsx';

const TOKEN = 'tok-Abc_123';

function view(overrides = {}, jobOverrides = {}) {
  return {
    status: 'sent',
    expires_at: '2030-06-30T09:00:00Z',
    email_hint: 'k***@example.com',
    multi_use: false,
    job: {
      id: 5,
      title: '백엔드 개발자 (신입)',
      organisation: 'ACME 주식회사',
      family: 'backend',
      description: '결제 서버를 함께 만들 분을 찾습니다.',
      competencies: ['안정성', '성능'],
      questions: 4,
      answer_time_limit_s: 120,
      prep_time_s: 30,
      voice_mode: 'required',
      emotion_analysis_offered: false,
      deadline: '2030-06-30T09:00:00Z',
      ...jobOverrides,
    },
    ...overrides,
  };
}

describe('Invitation page', () => {
  it('shows the job to a logged-out visitor, who logs in and comes back to it', async () => {
    const fetch = mockBackend({
      [`GET /api/invitations/token/${TOKEN}`]: [200, view()],
      'POST /api/token': [200, { access_token: 'tok-cand', token_type: 'bearer' }],
      'GET /api/users/me': [200, USER],
      'GET /api/consent/notice': [200, consentNotice()],
    });
    const user = userEvent.setup();
    renderApp(`/invite/${TOKEN}`);

    expect(await screen.findByTestId('invite-job-title')).toHaveTextContent('백엔드 개발자 (신입)');
    expect(screen.getByTestId('invite-organisation')).toHaveTextContent('ACME 주식회사');
    expect(screen.getByTestId('invite-description')).toHaveTextContent('결제 서버를 함께 만들 분을 찾습니다.');
    expect(screen.getByTestId('invite-rule-questions')).toHaveTextContent('4');
    expect(screen.getByTestId('invite-rule-answer-limit')).toHaveTextContent('120초');
    expect(screen.getByTestId('invite-rule-prep-time')).toHaveTextContent('30초');
    expect(screen.getByTestId('invite-rule-voice-mode')).toHaveTextContent('음성 답변만 허용');
    expect(screen.getByTestId('invite-rule-deadline')).toHaveTextContent('2030');
    expect(screen.getByTestId('invite-status')).toHaveAttribute('data-status', 'sent');
    expect(screen.getByTestId('invite-email-hint')).toHaveTextContent('k***@example.com');
    expect(screen.queryByTestId('invite-accept')).not.toBeInTheDocument();
    // No login is needed (and none is sent) to read an invitation.
    expect(fetch.calls(`GET /api/invitations/token/${TOKEN}`)[0].headers.Authorization).toBeUndefined();

    const next = `?next=${encodeURIComponent(`/invite/${TOKEN}`)}`;
    expect(screen.getByTestId('invite-login')).toHaveAttribute('href', `/login${next}`);
    expect(screen.getByTestId('invite-register')).toHaveAttribute('href', `/register${next}`);

    await user.click(screen.getByTestId('invite-login'));
    await user.type(await screen.findByTestId('login-username'), 'minji');
    await user.type(screen.getByTestId('login-password'), 'secret-pass1');
    await user.click(screen.getByTestId('login-submit'));

    // Back on the invitation, now with the consent notice and the start button.
    expect(await screen.findByTestId('invite-accept')).toHaveTextContent('동의하고 면접 시작하기');
    expect(screen.getByTestId('invite-job-title')).toHaveTextContent('백엔드 개발자 (신입)');
    expect(await screen.findByTestId('consent-interview')).toBeInTheDocument();
  });

  it('sign-up keeps the way back to the invitation through to the login', async () => {
    mockBackend({
      [`GET /api/invitations/token/${TOKEN}`]: [200, view()],
      'POST /api/register': (call) => [201, { id: 8, username: call.json.username, full_name: call.json.full_name, role: 'candidate', created_at: '2026-01-01T00:00:00Z' }],
    });
    const user = userEvent.setup();
    renderApp(`/invite/${TOKEN}`);
    await user.click(await screen.findByTestId('invite-register'));
    await user.type(await screen.findByTestId('register-username'), 'newbie');
    await user.type(screen.getByTestId('register-full-name'), '새지원');
    await user.type(screen.getByTestId('register-password'), 'secret-pass1');
    await user.click(screen.getByTestId('register-submit'));
    expect(await screen.findByTestId('login-notice')).toHaveTextContent('회원가입이 완료되었습니다');
    expect(screen.getByTestId('link-to-register')).toHaveAttribute('href', `/register?next=${encodeURIComponent(`/invite/${TOKEN}`)}`);
  });

  it("shows the server's message for an expired invitation (410) and offers no start", async () => {
    loginAs();
    mockBackend({
      'GET /api/users/me': [200, USER],
      [`GET /api/invitations/token/${TOKEN}`]: [410, { detail: '이 초대는 2026년 1월 1일에 만료되었습니다.', request_id: 'r-1' }],
    });
    renderApp(`/invite/${TOKEN}`);
    const unavailable = await screen.findByTestId('invite-unavailable');
    expect(unavailable).toHaveAttribute('data-code', '410');
    expect(unavailable).toHaveTextContent('이 초대로는 면접을 볼 수 없습니다');
    expect(screen.getByTestId('invite-error')).toHaveTextContent('이 초대는 2026년 1월 1일에 만료되었습니다.');
    expect(screen.queryByTestId('invite-accept')).not.toBeInTheDocument();
  });

  it('says an unknown token is not found (404)', async () => {
    mockBackend({ [`GET /api/invitations/token/${TOKEN}`]: [404, { detail: 'Invitation not found.' }] });
    renderApp(`/invite/${TOKEN}`);
    expect(await screen.findByTestId('invite-unavailable')).toHaveTextContent('초대를 찾을 수 없습니다');
    expect(screen.getByTestId('invite-error')).toHaveTextContent('Invitation not found.');
  });

  it('a candidate agrees (no emotion opt-in when the job does not offer it), accepts and lands in the session', async () => {
    loginAs('tok-cand');
    const accept = vi.fn(() => [201, session({ id: 77, status: 'created', job_id: 5, voice_mode: 'required', total_questions: 4 })]);
    const fetch = mockBackend({
      'GET /api/users/me': [200, USER],
      'GET /api/consent/notice': [200, consentNotice()],
      [`GET /api/invitations/token/${TOKEN}`]: [200, view()],
      [`POST /api/invitations/token/${TOKEN}/accept`]: accept,
      'GET /api/sessions/77': [200, session({ id: 77, status: 'created' })],
    });
    const user = userEvent.setup();
    renderApp(`/invite/${TOKEN}`);

    const button = await screen.findByTestId('invite-accept');
    await screen.findByTestId('consent-interview');
    expect(screen.queryByTestId('consent-emotion')).not.toBeInTheDocument();
    await user.click(button);
    expect(screen.getByTestId('consent-interview-error')).toHaveTextContent('필수 항목');
    expect(accept).not.toHaveBeenCalled();

    await user.click(screen.getByTestId('consent-interview'));
    await user.click(button);
    const ready = await screen.findByTestId('session-ready');
    expect(within(ready).getByTestId('session-id')).toHaveTextContent('77');
    const [call] = fetch.calls(`POST /api/invitations/token/${TOKEN}/accept`);
    expect(call.headers.Authorization).toBe('Bearer tok-cand');
    expect(JSON.parse(call.body)).toEqual({ consent: { interview: true, emotion_analysis: false, notice_version: NOTICE_VERSION } });
  });

  it('offers the emotion opt-in when the job does, and resumes the session the candidate already started (200)', async () => {
    loginAs();
    const fetch = mockBackend({
      'GET /api/users/me': [200, USER],
      'GET /api/consent/notice': [200, consentNotice()],
      [`GET /api/invitations/token/${TOKEN}`]: [200, view({ status: 'started' }, { emotion_analysis_offered: true })],
      [`POST /api/invitations/token/${TOKEN}/accept`]: [200, session({ id: 88, status: 'in_progress' })],
      'GET /api/sessions/88': [200, session({ id: 88, status: 'in_progress' })],
    });
    const user = userEvent.setup();
    renderApp(`/invite/${TOKEN}`);
    const button = await screen.findByTestId('invite-accept');
    expect(button).toHaveTextContent('면접 이어하기');
    await user.click(await screen.findByTestId('consent-interview'));
    await user.click(screen.getByTestId('consent-emotion'));
    await user.click(button);
    expect(await screen.findByTestId('session-id')).toHaveTextContent('88');
    expect(JSON.parse(fetch.calls(`POST /api/invitations/token/${TOKEN}/accept`)[0].body).consent.emotion_analysis).toBe(true);
  });

  it("shows why the accept was refused (403 someone else's invitation)", async () => {
    loginAs();
    mockBackend({
      'GET /api/users/me': [200, USER],
      'GET /api/consent/notice': [200, consentNotice()],
      [`GET /api/invitations/token/${TOKEN}`]: [200, view({ status: 'opened' })],
      [`POST /api/invitations/token/${TOKEN}/accept`]: [403, { detail: '다른 지원자가 이미 사용한 초대입니다.' }],
    });
    const user = userEvent.setup();
    renderApp(`/invite/${TOKEN}`);
    await user.click(await screen.findByTestId('consent-interview'));
    await user.click(screen.getByTestId('invite-accept'));
    expect(await screen.findByTestId('invite-accept-error')).toHaveTextContent('다른 지원자가 이미 사용한 초대입니다.');
    await waitFor(() => expect(screen.getByTestId('invite-accept')).toBeEnabled());
  });

  it('a recruiter sees the invitation but cannot start it', async () => {
    loginAs();
    mockBackend({
      'GET /api/users/me': [200, { ...USER, role: 'recruiter' }],
      [`GET /api/invitations/token/${TOKEN}`]: [200, view()],
    });
    renderApp(`/invite/${TOKEN}`);
    expect(await screen.findByTestId('invite-candidates-only')).toBeInTheDocument();
    expect(screen.queryByTestId('invite-accept')).not.toBeInTheDocument();
  });
});
