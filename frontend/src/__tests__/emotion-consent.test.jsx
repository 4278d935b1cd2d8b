import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { emotions, evaluation, interviewServer, question, report, SID } from '../test/interview.js';
import { fakeBrowser, fakeEventSource } from '../test/media.js';
import { loginAs, mockBackend, renderApp, session } from '../test/utils.jsx';

const RECRUITER = { id: 2, username: 'hr', full_name: '김채용', role: 'recruiter', created_at: '2025-01-01T00:00:00Z' };
const NONE = { status: 'not_collected', caveat: { ko: '참고용', en: 'advisory' }, backend: 'minixception', frames: 0, timeline: [], per_question: [] };

/** A finished session with a ready report; `emotion_analysis` as given. */
function finishedServer(emotionAnalysis, options = {}) {
  const server = interviewServer({ total: 2, asked: 2, status: 'finished', results_status: 'ready', overall_score: 78, emotion_analysis: emotionAnalysis, emotion_consent: emotionAnalysis === 'collected', ...options });
  server.state.questions.forEach((q, i) => Object.assign(q, { answer_text: `답변 ${i + 1}`, answer_source: 'typed', score: 80, evaluation: evaluation(80) }));
  server.state.results = { session_id: SID, status: 'ready', reason: null, progress: { total: 2, asked: 2, answered: 2, evaluated: 2 }, report: report() };
  return server;
}

function recruiterBackend(sessionOverrides, emotionsBody) {
  const q1 = question(1, { answer_text: '답변', answer_source: 'typed', score: 81, evaluation: evaluation(81) });
  return mockBackend({
    'GET /api/users/me': [200, RECRUITER],
    [`GET /api/sessions/${SID}`]: [200, session({ id: SID, status: 'finished', results_status: 'ready', overall_score: 78, ...sessionOverrides })],
    [`GET /api/sessions/${SID}/questions`]: [200, [q1]],
    [`GET /api/sessions/${SID}/results`]: [200, { session_id: SID, status: 'ready', reason: null, progress: { total: 1, asked: 1, answered: 1, evaluated: 1 }, report: report() }],
    [`GET /api/sessions/${SID}/emotions`]: [200, emotionsBody],
    [`GET /api/sessions/${SID}/audit`]: [200, []],
  });
}

describe('Emotion analysis as an opt-in signal', () => {
  it('results: "not collected (no consent)" instead of a chart, without asking for the emotions', async () => {
    loginAs();
    fakeEventSource();
    const server = finishedServer('not_collected');
    renderApp(`/sessions/${SID}/results`);

    await screen.findByTestId('results-ready');
    const panel = await screen.findByTestId('emotions-panel');
    expect(panel).toHaveAttribute('data-status', 'not_collected');
    expect(within(panel).getByTestId('emotions-not-collected')).toHaveTextContent('지원자가 표정 분석에 동의하지 않았습니다');
    expect(screen.queryByTestId('emotion-share-chart')).not.toBeInTheDocument();
    expect(screen.queryByTestId('emotions-empty')).not.toBeInTheDocument();
    expect(server.fetch.calls(`GET /api/sessions/${SID}/emotions`)).toHaveLength(0);
  });

  it('results: nothing about emotions where the deployment has them disabled', async () => {
    loginAs();
    fakeEventSource();
    const server = finishedServer('disabled');
    renderApp(`/sessions/${SID}/results`);
    await screen.findByTestId('results-ready');
    await screen.findByTestId('audit-log');
    expect(screen.queryByTestId('emotions-panel')).not.toBeInTheDocument();
    expect(screen.queryByTestId('emotion-caveat')).not.toBeInTheDocument();
    expect(server.fetch.calls(`GET /api/sessions/${SID}/emotions`)).toHaveLength(0);
  });

  it("results: the emotions response's own status wins (an older session object without the field)", async () => {
    loginAs();
    fakeEventSource();
    const server = finishedServer(undefined);
    server.state.emotions = NONE;
    renderApp(`/sessions/${SID}/results`);
    expect(await screen.findByTestId('emotions-not-collected')).toBeInTheDocument();
    expect(screen.queryByTestId('emotion-share-chart')).not.toBeInTheDocument();
  });

  it("recruiter: collected data comes with the server's caveat (in the UI language) and the model", async () => {
    loginAs();
    fakeEventSource();
    recruiterBackend({ emotion_analysis: 'collected' }, emotions());
    const user = userEvent.setup();
    renderApp(`/recruiter/sessions/${SID}`);

    const panel = await screen.findByTestId('emotions-panel');
    await waitFor(() => expect(within(panel).getByTestId('emotions-frames')).toHaveAttribute('data-frames', '5'));
    expect(panel).toHaveAttribute('data-status', 'collected');
    expect(within(panel).getByTestId('emotion-caveat')).toHaveTextContent('(서버) FER2013');
    expect(within(panel).getByTestId('emotions-backend')).toHaveTextContent('minixception');
    await user.click(screen.getByTestId('lang-toggle'));
    expect(within(panel).getByTestId('emotion-caveat')).toHaveTextContent('(server) Estimates of a model trained on FER2013');
  });

  it('recruiter: a candidate who did not consent is shown as such, with no chart', async () => {
    loginAs();
    fakeEventSource();
    const fetch = recruiterBackend({ emotion_analysis: 'not_collected', emotion_consent: false }, NONE);
    renderApp(`/recruiter/sessions/${SID}`);
    expect(await screen.findByTestId('emotions-not-collected')).toHaveTextContent('수집하지 않음');
    expect(screen.queryByTestId('emotion-timeline-chart')).not.toBeInTheDocument();
    expect(screen.queryByTestId('emotion-question-row')).not.toBeInTheDocument();
    // Not read at all, so the candidate's access log has no "emotions" entry for it.
    expect(fetch.calls(`GET /api/sessions/${SID}/emotions`)).toHaveLength(0);
  });

  it('recruiter: disabled → no emotion section', async () => {
    loginAs();
    fakeEventSource();
    recruiterBackend({ emotion_analysis: 'disabled', emotion_consent: false }, { ...NONE, status: 'disabled' });
    renderApp(`/recruiter/sessions/${SID}`);
    await screen.findByTestId('detail-report');
    await screen.findByTestId('audit-log');
    expect(screen.queryByTestId('emotions-panel')).not.toBeInTheDocument();
  });

  it('session page and interview room: a short note when not collected, and no video leaves the browser', async () => {
    loginAs();
    const browser = fakeBrowser();
    interviewServer({ emotion_analysis: 'not_collected', emotion_consent: false });
    const user = userEvent.setup();
    renderApp(`/sessions/${SID}`);

    const note = await screen.findByTestId('emotion-consent-note');
    expect(note).toHaveAttribute('data-status', 'not_collected');
    expect(note).toHaveTextContent('표정 분석: 동의하지 않아 수집하지 않음');

    const proceed = screen.getByTestId('device-continue');
    await waitFor(() => expect(proceed).toBeEnabled());
    await user.click(proceed);
    const room = await screen.findByTestId('interview-room');
    expect(within(room).getByTestId('emotion-consent-note')).toHaveTextContent('동의하지 않아 수집하지 않음');
    // The camera still shows the preview, but only the microphone goes to the media server.
    expect(within(room).getByTestId('room-preview')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('media-connection')).toHaveAttribute('data-state', 'connected'));
    expect(browser.peers).toHaveLength(1);
    expect(browser.peers[0].senders.map((x) => x.track.kind)).toEqual(['audio']);
  });

  it('interview room: with consent the camera and microphone both go to the media server', async () => {
    loginAs();
    const browser = fakeBrowser();
    interviewServer({ emotion_analysis: 'collected' });
    const user = userEvent.setup();
    renderApp(`/sessions/${SID}`);
    const proceed = await screen.findByTestId('device-continue');
    await waitFor(() => expect(proceed).toBeEnabled());
    await user.click(proceed);
    await waitFor(() => expect(screen.getByTestId('media-connection')).toHaveAttribute('data-state', 'connected'));
    expect(browser.peers[0].senders.map((x) => x.track.kind).sort()).toEqual(['audio', 'video']);
  });

  it('session page: says emotions are analysed (advisory) when agreed, and nothing when disabled', async () => {
    loginAs();
    fakeBrowser();
    interviewServer({ emotion_analysis: 'collected' });
    renderApp(`/sessions/${SID}`);
    expect(await screen.findByTestId('emotion-consent-note')).toHaveAttribute('data-status', 'collected');
  });

  it('session page: nothing about emotions when disabled', async () => {
    loginAs();
    const browser = fakeBrowser();
    interviewServer({ emotion_analysis: 'disabled', emotion_consent: false });
    const user = userEvent.setup();
    renderApp(`/sessions/${SID}`);
    const proceed = await screen.findByTestId('device-continue');
    expect(screen.queryByTestId('emotion-consent-note')).not.toBeInTheDocument();
    await waitFor(() => expect(proceed).toBeEnabled());
    await user.click(proceed);
    await screen.findByTestId('interview-room');
    expect(screen.queryByTestId('emotion-consent-note')).not.toBeInTheDocument();
    expect(screen.queryByText(/표정/)).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('media-connection')).toHaveAttribute('data-state', 'connected'));
    expect(browser.peers[0].senders.map((x) => x.track.kind)).toEqual(['audio']);
  });
});
