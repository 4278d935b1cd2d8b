import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { nextClock } from '../components/InterviewRoom.jsx';
import { questionClock } from '../hiring.js';
import { interviewServer, SID } from '../test/interview.js';
import { fakeBrowser } from '../test/media.js';
import { consentNotice, loginAs, mockBackend, renderApp, USER } from '../test/utils.jsx';

const JOB_RULES = { job_id: 5, job_title: '백엔드 개발자', answer_time_limit_s: 60, prep_time_s: 10, voice_mode: 'allowed' };

/** Open the session page, pass the device check and enter the room. */
async function enterRoom(user) {
  renderApp(`/sessions/${SID}`);
  const proceed = await screen.findByTestId('device-continue');
  await waitFor(() => expect(proceed).toBeEnabled());
  await user.click(proceed);
  return screen.findByTestId('interview-room');
}

// These tests let real seconds pass on the room's clock: a slow, busy machine must not fail them.
describe('Timed interview room', { timeout: 20_000 }, () => {
  it('counts the preparation time down, then the answer time', async () => {
    loginAs();
    fakeBrowser({ video: 'NotFoundError', audio: 'NotFoundError' });
    const server = interviewServer({ ...JOB_RULES });
    Object.assign(server.state.questions[0], { prep_seconds_left: 2, answer_seconds_left: 30 });
    const user = userEvent.setup();
    await enterRoom(user);

    const prep = await screen.findByTestId('prep-countdown');
    expect(prep).toHaveTextContent('준비 시간');
    expect(Number(prep.dataset.seconds)).toBeLessThanOrEqual(2);
    expect(Number(prep.dataset.seconds)).toBeGreaterThan(0);
    expect(screen.queryByTestId('answer-countdown')).not.toBeInTheDocument();

    const answer = await screen.findByTestId('answer-countdown', {}, { timeout: 10_000 });
    expect(screen.queryByTestId('prep-countdown')).not.toBeInTheDocument();
    expect(Number(answer.dataset.seconds)).toBeGreaterThan(27);
    expect(Number(answer.dataset.seconds)).toBeLessThanOrEqual(30);
    expect(answer).toHaveTextContent(/00:(2\d|30)/);
    expect(screen.getByTestId('answer-submit')).toBeEnabled();
  });

  it('at zero the submit is disabled, "시간이 초과되어…" shows, the questions are fetched again and the next one follows', async () => {
    loginAs();
    const browser = fakeBrowser({ video: 'NotFoundError', audio: 'NotFoundError' });
    const server = interviewServer({ ...JOB_RULES, prep_time_s: null });
    Object.assign(server.state.questions[0], { prep_seconds_left: null, answer_seconds_left: 4 });
    const user = userEvent.setup();
    await enterRoom(user);
    browser.sources.latest()?.open();

    await user.type(await screen.findByTestId('answer-input'), '거의');
    expect(screen.getByTestId('answer-submit')).toBeEnabled();
    const fetchedBefore = server.fetch.calls(`GET /api/sessions/${SID}/questions`).length;

    const timeout = await screen.findByTestId('answer-timeout', {}, { timeout: 10_000 });
    expect(timeout).toHaveTextContent('시간이 초과되어 다음 질문으로 넘어갑니다');
    expect(screen.getByTestId('answer-submit')).toBeDisabled();
    expect(screen.getByTestId('answer-countdown')).toHaveAttribute('data-seconds', '0');
    await waitFor(() => expect(server.fetch.calls(`GET /api/sessions/${SID}/questions`).length).toBeGreaterThan(fetchedBefore));
    // The disabled button does not submit, not even with Ctrl+Enter.
    await user.type(screen.getByTestId('answer-input'), '{Control>}{Enter}{/Control}');
    expect(server.fetch.calls(`POST /api/sessions/${SID}/answers`)).toHaveLength(0);

    // The server records the question as timed out; the next question comes with its own time.
    Object.assign(server.state.questions[0], { timed_out: true, answer_seconds_left: null });
    server.addQuestion({ prep_seconds_left: null, answer_seconds_left: 60 });
    browser.sources.latest()?.emit('question_ready', { question_id: 102, order: 2 });
    await waitFor(() => expect(screen.getByTestId('question-current')).toHaveAttribute('data-order', '2'));
    expect(screen.queryByTestId('answer-timeout')).not.toBeInTheDocument();
    expect(screen.getByTestId('answer-submit')).toBeEnabled();
    expect(Number(screen.getByTestId('answer-countdown').dataset.seconds)).toBeGreaterThan(55);
  });

  it("shows the server's message when a late answer is refused (409)", async () => {
    loginAs();
    fakeBrowser({ video: 'NotFoundError', audio: 'NotFoundError' });
    const server = interviewServer({
      ...JOB_RULES,
      routes: { [`POST /api/sessions/${SID}/answers`]: [409, { detail: '답변 시간이 지나 이 질문은 미응답으로 처리되었습니다.' }] },
    });
    Object.assign(server.state.questions[0], { prep_seconds_left: 0, answer_seconds_left: 40 });
    const user = userEvent.setup();
    await enterRoom(user);
    await user.type(await screen.findByTestId('answer-input'), '답변입니다');
    await user.click(screen.getByTestId('answer-submit'));
    expect(await screen.findByTestId('answer-error')).toHaveTextContent('답변 시간이 지나 이 질문은 미응답으로 처리되었습니다.');
  });

  it("voice_mode 'required' hides the typed answer form and keeps the voice answer", async () => {
    loginAs();
    fakeBrowser();
    interviewServer({ ...JOB_RULES, voice_mode: 'required' });
    const user = userEvent.setup();
    await enterRoom(user);
    await screen.findByTestId('question-current');
    expect(screen.queryByTestId('answer-form')).not.toBeInTheDocument();
    expect(screen.queryByTestId('answer-input')).not.toBeInTheDocument();
    expect(screen.getByTestId('voice-panel')).toBeInTheDocument();
    expect(screen.getByTestId('voice-only-note')).toHaveTextContent('음성으로만');
    await waitFor(() => expect(screen.getByTestId('voice-start')).toBeEnabled());
  });

  it("voice_mode 'off' hides the voice answer and keeps the typed one", async () => {
    loginAs();
    fakeBrowser();
    interviewServer({ ...JOB_RULES, voice_mode: 'off' });
    const user = userEvent.setup();
    await enterRoom(user);
    await screen.findByTestId('question-current');
    expect(screen.getByTestId('answer-form')).toBeInTheDocument();
    expect(screen.queryByTestId('voice-panel')).not.toBeInTheDocument();
    expect(screen.queryByTestId('voice-start')).not.toBeInTheDocument();
  });

  it('a session without a job shows no countdown', async () => {
    loginAs();
    fakeBrowser({ video: 'NotFoundError', audio: 'NotFoundError' });
    interviewServer();
    const user = userEvent.setup();
    await enterRoom(user);
    await screen.findByTestId('question-current');
    expect(screen.queryByTestId('question-clock')).not.toBeInTheDocument();
    expect(screen.queryByTestId('answer-countdown')).not.toBeInTheDocument();
  });
});

describe('The question clock', () => {
  it('runs the answer time after the preparation time and never extends a deadline', () => {
    const q = { id: 101, answer_text: null, prep_seconds_left: 10, answer_seconds_left: 60 };
    expect(questionClock(q, { receivedAt: 1000, answerLimit: 60 })).toEqual({ prepEnd: 11_000, answerEnd: 71_000 });
    // A server that counts the answer time to the final deadline (longer than the limit) is read as such.
    expect(questionClock({ ...q, answer_seconds_left: 70 }, { receivedAt: 1000, answerLimit: 60 })).toEqual({ prepEnd: 11_000, answerEnd: 71_000 });
    expect(questionClock({ ...q, prep_seconds_left: null, answer_seconds_left: null }, { receivedAt: 0 })).toBeNull();

    const first = nextClock(null, [q], 1000, 60);
    expect(first).toEqual({ questionId: 101, receivedAt: 1000, prepEnd: 11_000, answerEnd: 71_000 });
    // Fetched again later with more time than is left here: the earlier deadline stays.
    const again = nextClock(first, [{ ...q, prep_seconds_left: 10, answer_seconds_left: 60 }], 5000, 60);
    expect(again).toEqual({ ...first, receivedAt: 5000 });
    // Less time left on the server: the clock follows it.
    expect(nextClock(first, [{ ...q, prep_seconds_left: 0, answer_seconds_left: 20 }], 31_000, 60).answerEnd).toBe(51_000);
    // A settled question is skipped: the next open one gets its own clock.
    const next = nextClock(first, [{ ...q, timed_out: true }, { id: 102, answer_text: null, prep_seconds_left: null, answer_seconds_left: 30 }], 80_000, 60);
    expect(next).toEqual({ questionId: 102, receivedAt: 80_000, prepEnd: null, answerEnd: 110_000 });
  });
});

describe('Timed-out questions in the results', () => {
  it('shows "시간 초과 (미응답)" for a question whose time ran out', async () => {
    loginAs();
    const server = interviewServer({ ...JOB_RULES, total: 2, asked: 2, status: 'finished', results_status: 'processing' });
    Object.assign(server.state.questions[0], { answer_text: '답변 1', answer_source: 'typed' });
    Object.assign(server.state.questions[1], { timed_out: true, answered_at: new Date().toISOString() });
    renderApp(`/sessions/${SID}/results`);
    const items = await screen.findAllByTestId('results-item');
    expect(within(items[0]).getByTestId('item-answer')).toHaveTextContent('답변 1');
    expect(within(items[1]).getByTestId('item-timed-out')).toHaveTextContent('시간 초과 (미응답)');
    expect(within(items[1]).queryByTestId('item-no-answer')).not.toBeInTheDocument();
  });
});

describe('My invitations on the start page', () => {
  it('lists the accepted invitations with a link to each session, above the free start form', async () => {
    loginAs();
    const jobOf = (title) => ({ id: 5, title, organisation: 'ACME', family: 'backend', description: '', competencies: ['성능'], questions: 3, answer_time_limit_s: 60, prep_time_s: null, voice_mode: 'allowed', emotion_analysis_offered: true, deadline: '2030-06-30T09:00:00Z' });
    mockBackend({
      'GET /api/users/me': [200, USER],
      'GET /api/consent/notice': [200, consentNotice()],
      'GET /api/sessions': [200, []],
      'GET /api/invitations/mine': [
        200,
        [
          { invitation_id: 1, status: 'started', job: jobOf('백엔드 개발자'), session_id: 77, session_status: 'in_progress' },
          { invitation_id: 2, status: 'completed', job: jobOf('데이터 엔지니어'), session_id: 78, session_status: 'finished' },
        ],
      ],
    });
    renderApp('/');
    const rows = await screen.findAllByTestId('my-invitation');
    expect(rows.map((r) => within(r).getByTestId('my-invitation-title').textContent)).toEqual(['백엔드 개발자', '데이터 엔지니어']);
    expect(within(rows[0]).getByTestId('my-invitation-link')).toHaveAttribute('href', '/sessions/77');
    expect(within(rows[1]).getByTestId('my-invitation-link')).toHaveAttribute('href', '/sessions/78/results');
    expect(within(rows[0]).getByTestId('my-invitation-status')).toHaveTextContent('면접 시작');
    // The free start form is still there, below.
    const panel = screen.getByTestId('my-invitations');
    const form = screen.getByTestId('start-form');
    expect(panel.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('shows nothing when there are no invitations', async () => {
    loginAs();
    const fetch = mockBackend({
      'GET /api/users/me': [200, USER],
      'GET /api/consent/notice': [200, consentNotice()],
      'GET /api/sessions': [200, []],
      'GET /api/invitations/mine': [200, []],
    });
    renderApp('/');
    await screen.findByTestId('start-form');
    await waitFor(() => expect(fetch.calls('GET /api/invitations/mine')).toHaveLength(1));
    expect(screen.queryByTestId('my-invitations')).not.toBeInTheDocument();
  });
});
