import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeDevices } from '../test/media.js';
import { consentNotice, loginAs, mockBackend, NOTICE_VERSION, renderApp, session, USER } from '../test/utils.jsx';

/** A candidate on the start page; POST /sessions answers with `post` (default: 201). */
function startBackend({ notice = consentNotice(), post, routes = {} } = {}) {
  return mockBackend({
    'GET /api/users/me': [200, USER],
    'GET /api/sessions': [200, []],
    'GET /api/consent/notice': typeof notice === 'function' ? notice : [200, notice],
    'POST /api/sessions': post || ((call) => [201, session({ id: 42, status: 'created', emotion_analysis: call.json.consent.emotion_analysis ? 'collected' : 'not_collected' })]),
    'GET /api/sessions/42': [200, session({ id: 42 })],
    ...routes,
  });
}

async function fillForm(user) {
  await waitFor(() => expect(screen.getByTestId('start-name')).toHaveValue('김민지'));
  await user.type(screen.getByTestId('start-position'), '백엔드 개발자');
}

const sentConsent = (fetch, i = 0) => JSON.parse(fetch.calls('POST /api/sessions')[i].body).consent;

describe('Consent on the start page', () => {
  it('shows what is collected, why and for how long, in the UI language, before any device is opened', async () => {
    loginAs();
    const getUserMedia = fakeDevices();
    const fetch = startBackend();
    const user = userEvent.setup();
    renderApp('/');

    const notice = await screen.findByTestId('consent-notice');
    await waitFor(() => expect(notice).toHaveAttribute('data-state', 'ready'));
    expect(notice).toHaveAttribute('data-version', NOTICE_VERSION);
    expect(notice).toHaveAttribute('data-emotion', 'true');
    // The notice is public: no bearer token is sent for it.
    expect(fetch.calls('GET /api/consent/notice')[0].headers.Authorization).toBeUndefined();

    const interview = screen.getByTestId('consent-item-interview');
    expect(interview).toHaveAttribute('data-required', 'true');
    expect(interview).toHaveTextContent('면접 진행을 위한 개인정보 수집·이용');
    expect(interview).toHaveTextContent('필수');
    expect(within(interview).getByTestId('consent-item-interview-data')).toHaveTextContent('카메라·마이크 스트림');
    expect(within(interview).getByTestId('consent-item-interview-purpose')).toHaveTextContent('AI 면접 진행과 답변 평가');
    expect(within(interview).getByTestId('consent-item-interview-retention')).toHaveTextContent('면접 후 180일');

    const emotion = screen.getByTestId('consent-item-emotion_analysis');
    expect(emotion).toHaveAttribute('data-required', 'false');
    expect(emotion).toHaveTextContent('선택');
    expect(within(emotion).getByTestId('consent-emotion-caveat')).toHaveTextContent('능력의 척도가 아닙니다');
    expect(emotion).toHaveTextContent('평가에 불이익이 없습니다');
    expect(screen.getByTestId('consent-version')).toHaveTextContent('180일');

    // Both boxes start unticked.
    expect(screen.getByTestId('consent-interview')).not.toBeChecked();
    expect(screen.getByTestId('consent-emotion')).not.toBeChecked();
    expect(screen.getByTestId('consent-hint')).toBeInTheDocument();
    expect(screen.getByTestId('start-submit')).toHaveAttribute('aria-describedby', 'start-consent-hint');

    await user.click(screen.getByTestId('lang-toggle'));
    expect(screen.getByTestId('consent-item-interview-purpose')).toHaveTextContent('Running the AI interview');
    expect(screen.getByTestId('consent-emotion-caveat')).toHaveTextContent('no measure of ability');
    expect(screen.getByTestId('consent-item-emotion_analysis')).toHaveTextContent('Optional');

    await user.click(screen.getByTestId('consent-interview'));
    await user.click(screen.getByTestId('consent-emotion'));
    expect(getUserMedia).not.toHaveBeenCalled();
  });

  it('blocks "면접 시작하기" and says what is missing while the required box is unticked', async () => {
    loginAs();
    const fetch = startBackend();
    const user = userEvent.setup();
    renderApp('/');
    await fillForm(user);
    await screen.findByTestId('consent-interview');

    await user.click(screen.getByTestId('start-submit'));
    const error = screen.getByTestId('consent-interview-error');
    expect(error).toHaveTextContent('필수 항목');
    expect(screen.getByTestId('consent-interview')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('consent-interview')).toHaveFocus();
    expect(fetch.calls('POST /api/sessions')).toHaveLength(0);

    // Emotion consent alone is not enough.
    await user.click(screen.getByTestId('consent-emotion'));
    await user.click(screen.getByTestId('start-submit'));
    expect(fetch.calls('POST /api/sessions')).toHaveLength(0);

    await user.click(screen.getByTestId('consent-interview'));
    expect(screen.queryByTestId('consent-interview-error')).not.toBeInTheDocument();
    expect(screen.queryByTestId('consent-hint')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('start-submit'));
    expect(await screen.findByTestId('session-ready')).toBeInTheDocument();
    expect(sentConsent(fetch)).toEqual({ interview: true, emotion_analysis: true, notice_version: NOTICE_VERSION });
  });

  it('sends emotion_analysis false when only the required box is ticked', async () => {
    loginAs();
    const fetch = startBackend();
    const user = userEvent.setup();
    renderApp('/');
    await fillForm(user);
    await user.click(await screen.findByTestId('consent-interview'));
    await user.click(screen.getByTestId('start-submit'));

    expect(await screen.findByTestId('session-ready')).toBeInTheDocument();
    expect(sentConsent(fetch)).toEqual({ interview: true, emotion_analysis: false, notice_version: NOTICE_VERSION });
  });

  it('ticking and unticking emotion analysis sends what is ticked at the end', async () => {
    loginAs();
    const fetch = startBackend();
    const user = userEvent.setup();
    renderApp('/');
    await fillForm(user);
    await user.click(await screen.findByTestId('consent-interview'));
    await user.click(screen.getByTestId('consent-emotion'));
    await user.click(screen.getByTestId('consent-emotion'));
    expect(screen.getByTestId('consent-emotion')).not.toBeChecked();
    await user.click(screen.getByTestId('consent-emotion'));
    await user.click(screen.getByTestId('start-submit'));

    expect(await screen.findByTestId('session-ready')).toBeInTheDocument();
    expect(sentConsent(fetch).emotion_analysis).toBe(true);
  });

  it('offers no emotion option where the deployment does no emotion analysis', async () => {
    loginAs();
    const fetch = startBackend({ notice: consentNotice({ emotion: false }) });
    const user = userEvent.setup();
    renderApp('/');
    await fillForm(user);

    await user.click(await screen.findByTestId('consent-interview'));
    expect(screen.getByTestId('consent-notice')).toHaveAttribute('data-emotion', 'false');
    expect(screen.queryByTestId('consent-item-emotion_analysis')).not.toBeInTheDocument();
    expect(screen.queryByTestId('consent-emotion')).not.toBeInTheDocument();
    expect(screen.queryByTestId('consent-emotion-caveat')).not.toBeInTheDocument();
    expect(screen.queryByText(/표정/)).not.toBeInTheDocument();

    await user.click(screen.getByTestId('start-submit'));
    expect(await screen.findByTestId('session-ready')).toBeInTheDocument();
    expect(sentConsent(fetch)).toEqual({ interview: true, emotion_analysis: false, notice_version: NOTICE_VERSION });
  });

  it('hides an emotion item the server lists while saying emotion analysis is disabled', async () => {
    loginAs();
    startBackend({ notice: { ...consentNotice(), emotion_analysis_enabled: false } });
    renderApp('/');
    await screen.findByTestId('consent-interview');
    expect(screen.queryByTestId('consent-emotion')).not.toBeInTheDocument();
  });

  it('a 409 (the notice changed) reloads the notice and asks again', async () => {
    loginAs();
    let version = NOTICE_VERSION;
    const fetch = startBackend({
      notice: () => [200, consentNotice({ version })],
      post: (call) =>
        call.json.consent.notice_version === version
          ? [201, session({ id: 42, consent_notice_version: version })]
          : [409, { detail: 'The consent notice has changed; please read it again.' }],
    });
    const user = userEvent.setup();
    renderApp('/');
    await fillForm(user);
    await user.click(await screen.findByTestId('consent-interview'));
    await user.click(screen.getByTestId('consent-emotion'));

    version = '2026-12-01.1'; // the server moves on while the candidate reads
    await user.click(screen.getByTestId('start-submit'));

    expect(await screen.findByTestId('consent-changed')).toHaveTextContent('동의 안내가 변경되었습니다');
    await waitFor(() => expect(screen.getByTestId('consent-notice')).toHaveAttribute('data-version', '2026-12-01.1'));
    expect(fetch.calls('GET /api/consent/notice')).toHaveLength(2);
    expect(screen.getByTestId('consent-interview')).not.toBeChecked();
    expect(screen.getByTestId('consent-emotion')).not.toBeChecked();
    expect(screen.queryByTestId('session-ready')).not.toBeInTheDocument();
    expect(screen.queryByTestId('start-error')).not.toBeInTheDocument();

    await user.click(screen.getByTestId('consent-interview'));
    await user.click(screen.getByTestId('start-submit'));
    expect(await screen.findByTestId('session-ready')).toBeInTheDocument();
    expect(sentConsent(fetch, 0).notice_version).toBe(NOTICE_VERSION);
    expect(sentConsent(fetch, 1)).toEqual({ interview: true, emotion_analysis: false, notice_version: '2026-12-01.1' });
  });

  it("shows the server's 422 detail", async () => {
    loginAs();
    startBackend({
      post: [422, { detail: 'Consent to the interview is required.', errors: [{ field: 'consent.interview', message: 'must be true' }] }],
    });
    const user = userEvent.setup();
    renderApp('/');
    await fillForm(user);
    await user.click(await screen.findByTestId('consent-interview'));
    await user.click(screen.getByTestId('start-submit'));
    expect(await screen.findByTestId('start-error')).toHaveTextContent('Consent to the interview is required.');
    expect(screen.getByTestId('consent-interview-error')).toBeInTheDocument();
  });

  it('when the notice cannot be loaded, says so, posts nothing, and "retry" loads it', async () => {
    loginAs();
    let answer = [503, { detail: '잠시 후 다시 시도해 주세요.' }];
    const fetch = startBackend({ notice: () => answer });
    const user = userEvent.setup();
    renderApp('/');
    await fillForm(user);

    expect(await screen.findByTestId('consent-error')).toHaveTextContent('동의 안내를 불러오지 못했습니다');
    await user.click(screen.getByTestId('start-submit'));
    expect(screen.getByTestId('start-error')).toHaveTextContent('동의 안내를 불러오지 못했습니다');
    expect(fetch.calls('POST /api/sessions')).toHaveLength(0);

    answer = [200, consentNotice()];
    await user.click(screen.getByTestId('consent-retry'));
    expect(await screen.findByTestId('consent-interview')).not.toBeChecked();
    expect(screen.queryByTestId('start-error')).not.toBeInTheDocument();
  });
});
