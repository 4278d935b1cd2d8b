import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { evaluation, interviewServer, question, report, SID } from '../test/interview.js';
import { fakeEventSource } from '../test/media.js';
import { loginAs, mockBackend, renderApp, session } from '../test/utils.jsx';

const RECRUITER = { id: 2, username: 'hr', full_name: '김채용', role: 'recruiter', created_at: '2025-01-01T00:00:00Z' };
const OPEN = { review_requested_at: '2025-01-03T09:00:00Z', review_reason: '2번 답변의 점수가 너무 낮습니다.' };
const RESOLVED = { ...OPEN, review_resolved_at: '2025-01-04T09:00:00Z', review_note: '답변을 다시 읽었고, 점수는 그대로 유지합니다.' };

const AUDIT = [
  { id: 3, actor_id: 2, actor_username: 'hr', action: 'emotions', at: '2025-01-03T10:02:00Z', request_id: 'req-3' },
  { id: 2, actor_id: 2, actor_username: 'hr', action: 'results', at: '2025-01-03T10:01:00Z', request_id: 'req-2' },
  { id: 1, actor_id: 5, actor_username: 'park', action: 'session', at: '2025-01-03T10:00:00Z', request_id: null },
];

/** A finished session with a ready report (candidate side). */
function finishedServer(overrides = {}, routes = {}) {
  const server = interviewServer({ total: 2, asked: 2, status: 'finished', results_status: 'ready', overall_score: 78, routes, ...overrides });
  server.state.questions.forEach((q, i) => Object.assign(q, { answer_text: `답변 ${i + 1}`, answer_source: 'typed', score: 80, evaluation: evaluation(80) }));
  server.state.results = { session_id: SID, status: 'ready', reason: null, progress: { total: 2, asked: 2, answered: 2, evaluated: 2 }, report: report() };
  return server;
}

/** The recruiter's view of session SID, with a stateful session for the review. */
function recruiterServer(sessionOverrides = {}, routes = {}) {
  const state = {
    session: session({ id: SID, status: 'finished', results_status: 'ready', overall_score: 78, ...sessionOverrides }),
    audit: AUDIT,
  };
  const q1 = question(1, { answer_text: '답변', answer_source: 'typed', score: 81, evaluation: evaluation(81) });
  const fetch = mockBackend({
    'GET /api/users/me': [200, RECRUITER],
    'GET /api/sessions': [200, [state.session]],
    [`GET /api/sessions/${SID}`]: () => [200, state.session],
    [`GET /api/sessions/${SID}/questions`]: [200, [q1]],
    [`GET /api/sessions/${SID}/results`]: [200, { session_id: SID, status: 'ready', reason: null, progress: { total: 1, asked: 1, answered: 1, evaluated: 1 }, report: report() }],
    [`GET /api/sessions/${SID}/emotions`]: [200, { status: 'collected', caveat: null, backend: 'minixception', frames: 0, timeline: [], per_question: [] }],
    [`GET /api/sessions/${SID}/audit`]: () => [200, state.audit],
    [`POST /api/sessions/${SID}/review-resolve`]: (call) => {
      if (!state.session.review_requested_at || state.session.review_resolved_at) return [409, { detail: 'There is no open review request.' }];
      state.session = { ...state.session, review_resolved_at: '2025-01-05T09:00:00Z', review_note: call.json.note };
      return [200, state.session];
    },
    ...routes,
  });
  return { state, fetch };
}

describe('Human review: candidate', () => {
  it('a finished session offers "request a human review"; the reason is posted and the request shown', async () => {
    loginAs();
    fakeEventSource();
    const server = finishedServer({}, {
      [`POST /api/sessions/${SID}/review-request`]: (call) => {
        server.state.session = { ...server.state.session, review_requested_at: '2025-01-03T09:00:00Z', review_reason: call.json.reason };
        return [201, server.state.session];
      },
    });
    const user = userEvent.setup();
    renderApp(`/sessions/${SID}/results`);

    const panel = await screen.findByTestId('review-panel');
    expect(panel).toHaveAttribute('data-state', 'none');
    expect(panel).toHaveTextContent('채용 담당자의 직접 검토를 요청');

    // Empty: a message, nothing sent.
    await user.click(within(panel).getByTestId('review-request-submit'));
    expect(within(panel).getByTestId('review-request-error')).toHaveTextContent('내용을 입력해 주세요');
    expect(server.fetch.calls(`POST /api/sessions/${SID}/review-request`)).toHaveLength(0);

    const input = within(panel).getByTestId('review-request-input');
    expect(input).toHaveAttribute('maxlength', '1000');
    await user.type(input, '  2번 답변의 점수가 너무 낮습니다.  ');
    expect(within(panel).getByTestId('review-request-count')).toHaveTextContent('/ 1000');
    await user.click(within(panel).getByTestId('review-request-submit'));

    await waitFor(() => expect(screen.getByTestId('review-panel')).toHaveAttribute('data-state', 'open'));
    const [call] = server.fetch.calls(`POST /api/sessions/${SID}/review-request`);
    expect(JSON.parse(call.body)).toEqual({ reason: '2번 답변의 점수가 너무 낮습니다.' });
    expect(screen.getByTestId('review-state')).toHaveTextContent('검토 대기 중');
    expect(screen.getByTestId('review-reason-text')).toHaveTextContent('2번 답변의 점수가 너무 낮습니다.');
    expect(screen.getByTestId('review-requested-at')).not.toHaveTextContent('—');
    expect(screen.getByTestId('review-waiting')).toBeInTheDocument();
    expect(screen.queryByTestId('review-request-form')).not.toBeInTheDocument();
  });

  it("shows the server's 409 detail and reloads the session", async () => {
    loginAs();
    fakeEventSource();
    const server = finishedServer({}, {
      [`POST /api/sessions/${SID}/review-request`]: () => {
        server.state.session = { ...server.state.session, ...OPEN };
        return [409, { detail: 'A review was already requested for this session.' }];
      },
    });
    const user = userEvent.setup();
    renderApp(`/sessions/${SID}/results`);
    await user.type(await screen.findByTestId('review-request-input'), '다시 봐 주세요');
    await user.click(screen.getByTestId('review-request-submit'));
    // The reload shows the request that exists.
    await waitFor(() => expect(screen.getByTestId('review-panel')).toHaveAttribute('data-state', 'open'));
    expect(screen.getByTestId('review-reason-text')).toHaveTextContent(OPEN.review_reason);
  });

  it('a resolved request shows the recruiter note and offers nothing more', async () => {
    loginAs();
    fakeEventSource();
    finishedServer(RESOLVED);
    renderApp(`/sessions/${SID}/results`);
    const panel = await screen.findByTestId('review-panel');
    expect(panel).toHaveAttribute('data-state', 'resolved');
    expect(within(panel).getByTestId('review-state')).toHaveTextContent('검토 완료');
    expect(within(panel).getByTestId('review-note-text')).toHaveTextContent('점수는 그대로 유지합니다');
    expect(within(panel).getByTestId('review-resolved-at')).not.toHaveTextContent('—');
    expect(within(panel).queryByTestId('review-request-form')).not.toBeInTheDocument();
    expect(within(panel).queryByTestId('review-waiting')).not.toBeInTheDocument();
  });

  it('no review action before the interview has finished', async () => {
    loginAs();
    fakeEventSource();
    interviewServer({ status: 'in_progress' });
    renderApp(`/sessions/${SID}/results`);
    await screen.findByTestId('results-pending');
    expect(screen.queryByTestId('review-panel')).not.toBeInTheDocument();
  });

  it("the candidate sees their session's access log", async () => {
    loginAs();
    fakeEventSource();
    const server = finishedServer();
    server.state.audit = AUDIT;
    renderApp(`/sessions/${SID}/results`);
    const rows = await screen.findAllByTestId('audit-row');
    expect(rows.map((r) => r.dataset.action)).toEqual(['emotions', 'results', 'session']);
    expect(within(rows[2]).getByTestId('audit-actor')).toHaveTextContent('park');
  });
});

describe('Human review: recruiter', () => {
  it('the session list flags open requests and filters them with review=open', async () => {
    loginAs();
    const all = [
      session({ id: 1, user_name: '가나다', status: 'finished', created_at: '2025-03-01T10:00:00Z', ...OPEN }),
      session({ id: 2, user_name: '라마바', status: 'finished', created_at: '2025-03-02T10:00:00Z', ...RESOLVED }),
      session({ id: 3, user_name: '사아자', status: 'in_progress', created_at: '2025-03-03T10:00:00Z' }),
    ];
    const fetch = mockBackend({
      'GET /api/users/me': [200, RECRUITER],
      'GET /api/sessions': (call) => {
        const review = new URL(call.url, 'http://x').searchParams.get('review');
        if (review === 'open') return [200, all.filter((s) => s.review_requested_at && !s.review_resolved_at)];
        if (review === 'resolved') return [200, all.filter((s) => s.review_resolved_at)];
        return [200, all];
      },
    });
    const user = userEvent.setup();
    renderApp('/recruiter/sessions');

    await waitFor(() => expect(screen.getAllByTestId('recruiter-session-row')).toHaveLength(3));
    const rows = screen.getAllByTestId('recruiter-session-row');
    expect(rows.map((r) => r.dataset.review)).toEqual(['none', 'resolved', 'open']);
    expect(within(rows[2]).getByTestId('review-flag')).toHaveTextContent('검토 요청');
    expect(within(rows[1]).queryByTestId('review-flag')).not.toBeInTheDocument();

    await user.selectOptions(screen.getByTestId('filter-review'), 'open');
    await waitFor(() => expect(screen.getAllByTestId('recruiter-session-row').map((r) => r.dataset.sessionId)).toEqual(['1']));
    const last = fetch.calls('GET /api/sessions').at(-1);
    expect(new URL(last.url, 'http://x').searchParams.get('review')).toBe('open');
    expect(new URL(last.url, 'http://x').searchParams.get('limit')).toBe('200');

    await user.selectOptions(screen.getByTestId('filter-review'), 'resolved');
    await waitFor(() => expect(screen.getAllByTestId('recruiter-session-row').map((r) => r.dataset.sessionId)).toEqual(['2']));

    await user.click(screen.getByTestId('filter-reset'));
    await waitFor(() => expect(screen.getAllByTestId('recruiter-session-row')).toHaveLength(3));
    expect(new URL(fetch.calls('GET /api/sessions').at(-1).url, 'http://x').searchParams.get('review')).toBeNull();
  });

  it('the session page shows the open request and resolves it with a note', async () => {
    loginAs();
    fakeEventSource();
    const { fetch } = recruiterServer(OPEN);
    const user = userEvent.setup();
    renderApp(`/recruiter/sessions/${SID}`);

    const panel = await screen.findByTestId('review-panel');
    expect(panel).toHaveAttribute('data-state', 'open');
    expect(within(panel).getByTestId('review-reason-text')).toHaveTextContent(OPEN.review_reason);
    expect(screen.getAllByTestId('review-flag').length).toBeGreaterThan(0);

    await user.click(within(panel).getByTestId('review-resolve-submit'));
    expect(within(panel).getByTestId('review-resolve-error')).toBeInTheDocument();
    expect(fetch.calls(`POST /api/sessions/${SID}/review-resolve`)).toHaveLength(0);

    await user.type(within(panel).getByTestId('review-resolve-input'), '답변을 다시 읽고 점수를 확인했습니다.');
    await user.click(within(panel).getByTestId('review-resolve-submit'));

    await waitFor(() => expect(screen.getByTestId('review-panel')).toHaveAttribute('data-state', 'resolved'));
    expect(JSON.parse(fetch.calls(`POST /api/sessions/${SID}/review-resolve`)[0].body)).toEqual({ note: '답변을 다시 읽고 점수를 확인했습니다.' });
    expect(screen.getByTestId('review-note-text')).toHaveTextContent('답변을 다시 읽고 점수를 확인했습니다.');
    expect(screen.queryByTestId('review-resolve-form')).not.toBeInTheDocument();
    expect(screen.queryByTestId('review-flag')).not.toBeInTheDocument();
  });

  it('no review panel when the candidate asked for none', async () => {
    loginAs();
    fakeEventSource();
    recruiterServer();
    renderApp(`/recruiter/sessions/${SID}`);
    await screen.findByTestId('detail-report');
    await screen.findByTestId('audit-table');
    expect(screen.queryByTestId('review-panel')).not.toBeInTheDocument();
  });

  it('the access log lists every read, newest first, with who and what', async () => {
    loginAs();
    fakeEventSource();
    const { state, fetch } = recruiterServer();
    const user = userEvent.setup();
    renderApp(`/recruiter/sessions/${SID}`);

    const table = await screen.findByTestId('audit-table');
    const rows = within(table).getAllByTestId('audit-row');
    expect(rows.map((r) => r.dataset.action)).toEqual(['emotions', 'results', 'session']);
    expect(within(rows[0]).getByTestId('audit-action')).toHaveTextContent('표정 분석');
    expect(within(rows[0]).getByTestId('audit-actor')).toHaveTextContent('hr');
    expect(rows[0]).toHaveTextContent('req-3');
    expect(within(rows[2]).getByTestId('audit-action')).toHaveTextContent('세션 정보');

    state.audit = [{ id: 9, actor_id: 2, actor_username: 'hr', action: 'export_pdf', at: '2025-01-06T10:00:00Z', request_id: 'r' }, ...AUDIT];
    await user.click(screen.getByTestId('audit-refresh'));
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(4));
    // An action the app has no words for is shown as sent.
    expect(within(screen.getAllByTestId('audit-row')[0]).getByTestId('audit-action')).toHaveTextContent('export_pdf');
    expect(fetch.calls(`GET /api/sessions/${SID}/audit`)).toHaveLength(2);

    await user.click(screen.getByTestId('lang-toggle'));
    expect(within(screen.getAllByTestId('audit-row')[1]).getByTestId('audit-action')).toHaveTextContent('Emotion analysis');
  });

  it('the access log: empty and error states', async () => {
    loginAs();
    fakeEventSource();
    const { state } = recruiterServer({}, { [`GET /api/sessions/${SID}/audit`]: () => state.answer });
    state.answer = [200, []];
    const user = userEvent.setup();
    renderApp(`/recruiter/sessions/${SID}`);
    expect(await screen.findByTestId('audit-empty')).toHaveTextContent('아직 열람 기록이 없습니다');

    state.answer = [403, { detail: 'Not allowed.' }];
    await user.click(screen.getByTestId('audit-refresh'));
    expect(await screen.findByTestId('audit-error')).toHaveTextContent('Not allowed.');
  });
});
