import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { withdrawEmotionConsent } from '../api.js';
import { formatDateTime } from '../format.js';
import { emotions, evaluation, interviewServer, question, report, SID } from '../test/interview.js';
import { fakeBrowser, fakeEventSource } from '../test/media.js';
import { loginAs, mockBackend, renderApp, session } from '../test/utils.jsx';

const RECRUITER = { id: 2, username: 'hr', full_name: '김채용', role: 'recruiter', created_at: '2025-01-01T00:00:00Z' };
const WITHDRAWN_AT = '2025-01-02T05:06:07Z';
const WITHDRAW = `POST /api/sessions/${SID}/emotion-consent/withdraw`;
const WITHDRAWN = { emotion_consent: false, emotion_analysis: 'not_collected', emotion_consent_withdrawn_at: WITHDRAWN_AT };
const CONFLICT = [409, { detail: 'There is no emotion-analysis consent to withdraw for this interview.' }];

/** The route that withdraws: the server's session changes (unless `stale`, to test an old reload). */
function withdrawRoute(state, { stale = false } = {}) {
  return () => {
    const updated = { ...state.session, ...WITHDRAWN };
    if (!stale) state.session = updated;
    state.emotions = { ...state.emotions, status: 'not_collected', frames: 0, timeline: [], per_question: [] };
    return [200, updated];
  };
}

async function enterRoom(user) {
  const proceed = await screen.findByTestId('device-continue');
  await waitFor(() => expect(proceed).toBeEnabled());
  await user.click(proceed);
  const room = await screen.findByTestId('interview-room');
  await waitFor(() => expect(screen.getByTestId('media-connection')).toHaveAttribute('data-state', 'connected'));
  return room;
}

/** A finished session with a ready report. */
function finishedServer(overrides = {}) {
  const server = interviewServer({ total: 2, asked: 2, status: 'finished', results_status: 'ready', overall_score: 78, ...overrides });
  server.state.questions.forEach((q, i) => Object.assign(q, { answer_text: `답변 ${i + 1}`, answer_source: 'typed', score: 80, evaluation: evaluation(80) }));
  server.state.results = { session_id: SID, status: 'ready', reason: null, progress: { total: 2, asked: 2, answered: 2, evaluated: 2 }, report: report() };
  server.state.emotions = emotions();
  return server;
}

function recruiterBackend(sessionOverrides, emotionsBody = emotions()) {
  const q1 = question(1, { answer_text: '답변', answer_source: 'typed', score: 81, evaluation: evaluation(81) });
  return mockBackend({
    'GET /api/users/me': [200, RECRUITER],
    [`GET /api/sessions/${SID}`]: [200, session({ id: SID, status: 'finished', results_status: 'ready', overall_score: 78, ...sessionOverrides })],
    [`GET /api/sessions/${SID}/questions`]: [200, [q1]],
    [`GET /api/sessions/${SID}/results`]: [200, { session_id: SID, status: 'ready', reason: null, progress: { total: 1, asked: 1, answered: 1, evaluated: 1 }, report: report() }],
    [`GET /api/sessions/${SID}/emotions`]: [200, emotionsBody],
    [`GET /api/sessions/${SID}/audit`]: [200, []],
    [WITHDRAW]: [403, { detail: 'Only the candidate of this interview can withdraw its emotion-analysis consent.' }],
  });
}

describe('withdrawing the emotion-analysis consent', () => {
  it('api: POST /sessions/{id}/emotion-consent/withdraw with no body', async () => {
    loginAs();
    const fetch = mockBackend({ [WITHDRAW]: [200, session({ id: SID, ...WITHDRAWN })] });
    await expect(withdrawEmotionConsent(SID)).resolves.toMatchObject(WITHDRAWN);
    const [call] = fetch.calls(WITHDRAW);
    expect(call.method).toBe('POST');
    expect(call.body).toBeUndefined();
  });

  it('interview room: confirm, then the note says withdrawn and the video sender stops (audio and the interview go on)', async () => {
    loginAs();
    const browser = fakeBrowser();
    // The server withdraws, but a reload keeps answering with the old session: it must not undo the withdrawal.
    const server = interviewServer({
      emotion_analysis: 'collected',
      emotion_consent: true,
      emotion_consent_withdrawn_at: null,
      routes: { [WITHDRAW]: () => withdrawRoute(server.state, { stale: true })() },
    });
    const user = userEvent.setup();
    renderApp(`/sessions/${SID}`);
    const room = await enterRoom(user);

    const note = within(room).getByTestId('emotion-consent-note');
    expect(note).toHaveAttribute('data-status', 'collected');
    const peer = browser.peers[0];
    const video = peer.senders.find((x) => x.track?.kind === 'video');
    const audio = peer.senders.find((x) => x.track?.kind === 'audio');
    expect(video).toBeTruthy();

    await user.click(within(room).getByTestId('emotion-withdraw'));
    expect(within(room).getByTestId('emotion-withdraw-explain')).toHaveTextContent('지금까지 수집된 표정 분석 결과는 삭제');
    expect(within(room).getByTestId('emotion-withdraw-explain')).toHaveTextContent('면접은 그대로 계속');
    // Nothing is sent before the confirmation.
    expect(server.fetch.calls(WITHDRAW)).toHaveLength(0);
    await user.click(within(room).getByTestId('emotion-withdraw-confirm'));

    const withdrawn = await within(room).findByTestId('emotion-withdrawn');
    expect(withdrawn).toHaveAttribute('data-withdrawn-at', WITHDRAWN_AT);
    expect(withdrawn).toHaveTextContent(`${formatDateTime(WITHDRAWN_AT, 'ko')}에 동의를 철회함`);
    expect(within(room).getByTestId('emotion-consent-note')).toHaveAttribute('data-status', 'withdrawn');
    expect(within(room).getByTestId('emotion-consent-note')).toHaveAttribute('data-analysis', 'not_collected');
    expect(within(room).queryByTestId('emotion-withdraw')).not.toBeInTheDocument();
    expect(within(room).queryByTestId('emotion-withdraw-confirm')).not.toBeInTheDocument();

    const posts = server.fetch.calls(WITHDRAW);
    expect(posts).toHaveLength(1);
    expect(posts[0].body).toBeUndefined();

    // The camera no longer goes to the media server; the microphone does, on the same connection.
    await waitFor(() => expect(video.replaceTrack).toHaveBeenCalledWith(null));
    expect(video.track).toBeNull();
    expect(audio.track?.kind).toBe('audio');
    expect(audio.replaceTrack).not.toHaveBeenCalled();
    expect(browser.peers).toHaveLength(1);
    expect(peer.closed).toBe(false);
    expect(screen.getByTestId('media-connection')).toHaveAttribute('data-state', 'connected');
    expect(screen.getByTestId('answer-form')).toBeInTheDocument();

    // A reload (an event) with the old session does not bring the "collected" state back.
    const reads = server.fetch.calls(`GET /api/sessions/${SID}`).length;
    browser.sources.latest()?.emit('question_ready', { question_id: 101 });
    await waitFor(() => expect(server.fetch.calls(`GET /api/sessions/${SID}`).length).toBeGreaterThan(reads));
    expect(within(room).getByTestId('emotion-consent-note')).toHaveAttribute('data-status', 'withdrawn');

    // A reconnect sends audio only.
    peer.setConnectionState('failed');
    await user.click(await screen.findByTestId('media-reconnect'));
    await waitFor(() => expect(browser.peers).toHaveLength(2));
    await waitFor(() => expect(screen.getByTestId('media-connection')).toHaveAttribute('data-state', 'connected'));
    expect(browser.peers[1].senders.map((x) => x.track.kind)).toEqual(['audio']);
  });

  it("interview room: a 409 shows the server's message and nothing changes", async () => {
    loginAs();
    const browser = fakeBrowser();
    interviewServer({ emotion_analysis: 'collected', routes: { [WITHDRAW]: CONFLICT } });
    const user = userEvent.setup();
    renderApp(`/sessions/${SID}`);
    const room = await enterRoom(user);

    await user.click(within(room).getByTestId('emotion-withdraw'));
    await user.click(within(room).getByTestId('emotion-withdraw-confirm'));
    expect(await within(room).findByTestId('emotion-withdraw-error')).toHaveTextContent('There is no emotion-analysis consent to withdraw');
    expect(within(room).getByTestId('emotion-consent-note')).toHaveAttribute('data-status', 'collected');
    expect(within(room).queryByTestId('emotion-withdrawn')).not.toBeInTheDocument();
    expect(within(room).getByTestId('emotion-withdraw-confirm')).toBeEnabled();
    const video = browser.peers[0].senders.find((x) => x.track?.kind === 'video');
    expect(video).toBeTruthy();
    expect(video.replaceTrack).not.toHaveBeenCalled();
  });

  it('interview room: no withdraw action when emotions are not collected or disabled', async () => {
    for (const emotionAnalysis of ['not_collected', 'disabled']) {
      loginAs();
      fakeBrowser();
      interviewServer({ emotion_analysis: emotionAnalysis, emotion_consent: false });
      const user = userEvent.setup();
      const { unmount } = renderApp(`/sessions/${SID}`);
      const room = await enterRoom(user);
      expect(within(room).queryByTestId('emotion-withdraw')).not.toBeInTheDocument();
      expect(within(room).queryByTestId('emotion-withdrawn')).not.toBeInTheDocument();
      unmount();
    }
  });

  it('session page and room: a session whose consent was already withdrawn sends no video and offers no withdrawal', async () => {
    loginAs();
    const browser = fakeBrowser();
    interviewServer({ ...WITHDRAWN });
    const user = userEvent.setup();
    renderApp(`/sessions/${SID}`);
    expect(await screen.findByTestId('emotion-withdrawn')).toHaveTextContent('동의를 철회함');
    const room = await enterRoom(user);
    expect(within(room).getByTestId('emotion-consent-note')).toHaveAttribute('data-status', 'withdrawn');
    expect(within(room).queryByTestId('emotion-withdraw')).not.toBeInTheDocument();
    expect(browser.peers[0].senders.map((x) => x.track.kind)).toEqual(['audio']);
  });

  it('results: the candidate can withdraw afterwards; the data disappears and the section says when', async () => {
    loginAs();
    fakeEventSource();
    const server = finishedServer({
      emotion_analysis: 'collected',
      emotion_consent: true,
      routes: { [WITHDRAW]: () => withdrawRoute(server.state)() },
    });
    const user = userEvent.setup();
    renderApp(`/sessions/${SID}/results`);

    const panel = await screen.findByTestId('emotions-panel');
    await waitFor(() => expect(within(panel).getByTestId('emotions-frames')).toHaveAttribute('data-frames', '5'));
    expect(within(panel).getAllByTestId('emotion-question-row')).toHaveLength(2);
    await user.click(within(panel).getByTestId('emotion-withdraw'));
    expect(within(panel).getByTestId('emotion-withdraw-explain')).toHaveTextContent('모두 삭제');
    await user.click(within(panel).getByTestId('emotion-withdraw-confirm'));

    const withdrawn = await screen.findByTestId('emotion-withdrawn');
    expect(withdrawn).toHaveTextContent(`수집하지 않음 — ${formatDateTime(WITHDRAWN_AT, 'ko')}에 동의 철회`);
    expect(screen.getByTestId('emotions-panel')).toHaveAttribute('data-reason', 'withdrawn');
    expect(screen.queryByTestId('emotion-question-row')).not.toBeInTheDocument();
    expect(screen.queryByTestId('emotion-share-chart')).not.toBeInTheDocument();
    expect(screen.queryByTestId('emotion-withdraw')).not.toBeInTheDocument();
    expect(screen.getByTestId('results-ready')).toBeInTheDocument();

    await user.click(screen.getByTestId('lang-toggle'));
    expect(screen.getByTestId('emotion-withdrawn')).toHaveTextContent(`Not collected — consent withdrawn on ${formatDateTime(WITHDRAWN_AT, 'en')}`);
  });

  it('results: a withdrawn session shows "not collected — consent withdrawn on <date>" without reading the emotions', async () => {
    loginAs();
    fakeEventSource();
    const server = finishedServer({ ...WITHDRAWN });
    renderApp(`/sessions/${SID}/results`);
    const panel = await screen.findByTestId('emotions-panel');
    expect(panel).toHaveAttribute('data-status', 'not_collected');
    expect(within(panel).getByTestId('emotion-withdrawn')).toHaveTextContent(`${formatDateTime(WITHDRAWN_AT, 'ko')}에 동의 철회`);
    expect(within(panel).queryByText(/동의하지 않았습니다/)).not.toBeInTheDocument();
    expect(within(panel).queryByTestId('emotion-withdraw')).not.toBeInTheDocument();
    expect(server.fetch.calls(`GET /api/sessions/${SID}/emotions`)).toHaveLength(0);
  });

  it('results: a 409 on withdrawing shows the server message', async () => {
    loginAs();
    fakeEventSource();
    const server = finishedServer({ emotion_analysis: 'collected', routes: { [WITHDRAW]: CONFLICT } });
    const user = userEvent.setup();
    renderApp(`/sessions/${SID}/results`);
    const panel = await screen.findByTestId('emotions-panel');
    await user.click(await within(panel).findByTestId('emotion-withdraw'));
    await user.click(within(panel).getByTestId('emotion-withdraw-confirm'));
    expect(await screen.findByTestId('emotion-withdraw-error')).toHaveTextContent('There is no emotion-analysis consent to withdraw');
    expect(server.fetch.calls(WITHDRAW)).toHaveLength(1);
  });

  it('results: no withdraw action when the candidate never consented or the deployment has it disabled', async () => {
    for (const emotionAnalysis of ['not_collected', 'disabled']) {
      loginAs();
      fakeEventSource();
      finishedServer({ emotion_analysis: emotionAnalysis, emotion_consent: false });
      const { unmount } = renderApp(`/sessions/${SID}/results`);
      await screen.findByTestId('results-ready');
      await screen.findByTestId('audit-log');
      expect(screen.queryByTestId('emotion-withdraw')).not.toBeInTheDocument();
      expect(screen.queryByTestId('emotion-withdrawn')).not.toBeInTheDocument();
      unmount();
    }
  });

  it('recruiter: a withdrawn consent is shown with its date, and no emotion data is read or shown', async () => {
    loginAs();
    fakeEventSource();
    const fetch = recruiterBackend({ ...WITHDRAWN }, { ...emotions(), status: 'not_collected', frames: 0, timeline: [], per_question: [] });
    renderApp(`/recruiter/sessions/${SID}`);
    const withdrawn = await screen.findByTestId('emotion-withdrawn');
    expect(withdrawn).toHaveTextContent(`수집하지 않음 — ${formatDateTime(WITHDRAWN_AT, 'ko')}에 동의 철회`);
    expect(screen.getByTestId('emotions-panel')).toHaveAttribute('data-reason', 'withdrawn');
    expect(screen.queryByTestId('emotion-timeline-chart')).not.toBeInTheDocument();
    expect(screen.queryByTestId('emotion-question-row')).not.toBeInTheDocument();
    expect(screen.queryByTestId('emotion-withdraw')).not.toBeInTheDocument();
    expect(fetch.calls(`GET /api/sessions/${SID}/emotions`)).toHaveLength(0);
  });

  it('recruiter: no withdraw action on collected data', async () => {
    loginAs();
    fakeEventSource();
    const fetch = recruiterBackend({ emotion_analysis: 'collected' });
    renderApp(`/recruiter/sessions/${SID}`);
    const panel = await screen.findByTestId('emotions-panel');
    await waitFor(() => expect(within(panel).getByTestId('emotions-frames')).toHaveAttribute('data-frames', '5'));
    expect(screen.queryByTestId('emotion-withdraw')).not.toBeInTheDocument();
    expect(fetch.calls(WITHDRAW)).toHaveLength(0);
  });
});
