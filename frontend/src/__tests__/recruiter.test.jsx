import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { filterSessions } from '../pages/RecruiterSessionsPage.jsx';
import { emotions, evaluation, question, report, SID } from '../test/interview.js';
import { fakeEventSource } from '../test/media.js';
import { loginAs, mockBackend, renderApp, session, USER } from '../test/utils.jsx';

const RECRUITER = { id: 2, username: 'hr', full_name: '김채용', role: 'recruiter', created_at: '2025-01-01T00:00:00Z' };

const SESSIONS = [
  session({ id: 1, user_name: '가나다', position: '백엔드 개발자', status: 'finished', overall_score: 82, created_at: '2025-03-01T10:00:00Z' }),
  session({ id: 2, user_name: '라마바', position: '프론트엔드 개발자', status: 'finished', overall_score: 55, created_at: '2025-03-05T10:00:00Z' }),
  session({ id: 3, user_name: '사아자', position: '백엔드 개발자', status: 'in_progress', overall_score: null, created_at: '2025-03-10T10:00:00Z' }),
  session({ id: 4, user_name: '차카타', position: '데이터 엔지니어', status: 'finished', overall_score: 91, created_at: '2025-02-20T10:00:00Z' }),
];

function recruiterBackend(routes = {}) {
  return mockBackend({
    'GET /api/users/me': [200, RECRUITER],
    'GET /api/sessions': [200, SESSIONS],
    ...routes,
  });
}

const rowIds = () => screen.getAllByTestId('recruiter-session-row').map((r) => r.dataset.sessionId);

describe('Recruiter', () => {
  it('is routed to the sessions list after login, which loads GET /sessions?limit=200', async () => {
    const fetch = recruiterBackend({ 'POST /api/token': [200, { access_token: 'tok-hr', token_type: 'bearer' }] });
    const user = userEvent.setup();
    renderApp('/login');
    await user.type(screen.getByTestId('login-username'), 'hr');
    await user.type(screen.getByTestId('login-password'), 'secret-pass1');
    await user.click(screen.getByTestId('login-submit'));

    expect(await screen.findByTestId('recruiter-sessions')).toBeInTheDocument();
    await waitFor(() => expect(rowIds()).toEqual(['3', '2', '1', '4']));
    expect(screen.queryByTestId('start-form')).not.toBeInTheDocument();
    const [call] = fetch.calls('GET /api/sessions');
    expect(call.url).toBe('/api/sessions?limit=200');
    expect(call.headers.Authorization).toBe('Bearer tok-hr');
    expect(screen.getByTestId('recruiter-sessions-count')).toHaveTextContent('4건 중 4건');
    expect(screen.getByTestId('current-role')).toHaveTextContent('채용 담당자');
    expect(screen.getByTestId('nav-recruiter-sessions')).toBeInTheDocument();
  });

  it('a recruiter opening / goes to the sessions list', async () => {
    loginAs();
    recruiterBackend();
    renderApp('/');
    expect(await screen.findByTestId('recruiter-sessions')).toBeInTheDocument();
  });

  it('filters by position, status, score range and date, and sorts', async () => {
    loginAs();
    recruiterBackend();
    const user = userEvent.setup();
    renderApp('/recruiter/sessions');
    await screen.findAllByTestId('recruiter-session-row');

    await user.type(screen.getByTestId('filter-position'), '백엔드');
    expect(rowIds()).toEqual(['3', '1']);
    await user.selectOptions(screen.getByTestId('filter-status'), 'finished');
    expect(rowIds()).toEqual(['1']);
    await user.click(screen.getByTestId('filter-reset'));
    expect(rowIds()).toEqual(['3', '2', '1', '4']);

    await user.type(screen.getByTestId('filter-score-min'), '60');
    expect(rowIds()).toEqual(['1', '4']); // no score: left out once a bound is set
    await user.type(screen.getByTestId('filter-score-max'), '90');
    expect(rowIds()).toEqual(['1']);
    await user.click(screen.getByTestId('filter-reset'));

    await user.type(screen.getByTestId('filter-date-from'), '2025-03-01');
    await user.type(screen.getByTestId('filter-date-to'), '2025-03-06');
    expect(rowIds()).toEqual(['2', '1']);
    await user.click(screen.getByTestId('filter-reset'));

    await user.selectOptions(screen.getByTestId('sort-by'), 'score_desc');
    expect(rowIds()).toEqual(['4', '1', '2', '3']);
    await user.selectOptions(screen.getByTestId('sort-by'), 'score_asc');
    expect(rowIds()).toEqual(['2', '1', '4', '3']);
    await user.selectOptions(screen.getByTestId('sort-by'), 'created_asc');
    expect(rowIds()).toEqual(['4', '1', '2', '3']);
    await user.selectOptions(screen.getByTestId('sort-by'), 'name_asc');
    expect(rowIds()).toEqual(['1', '2', '3', '4']);

    await user.type(screen.getByTestId('filter-position'), '디자이너');
    expect(screen.getByTestId('recruiter-sessions-empty')).toHaveTextContent('조건에 맞는 세션이 없습니다');
    expect(screen.getByTestId('recruiter-sessions-count')).toHaveTextContent('4건 중 0건');
  });

  it('searches every answer; each hit links to its session', async () => {
    loginAs();
    const fetch = recruiterBackend({
      'GET /api/search': [
        200,
        [
          { session_id: 1, question_id: 11, candidate: '가나다', position: '백엔드 개발자', question_text: '캐시 경험?', snippet: 'Redis 캐시를 도입해…', score: 0.83 },
          { session_id: 4, question_id: 41, candidate: '차카타', position: '데이터 엔지니어', question_text: '파이프라인?', snippet: '…캐시 계층을…', score: 0.41 },
        ],
      ],
    });
    const user = userEvent.setup();
    renderApp('/recruiter/sessions');
    await user.type(await screen.findByTestId('search-input'), 'Redis 캐시');
    await user.click(screen.getByTestId('search-submit'));

    const hits = await screen.findAllByTestId('search-hit');
    expect(hits.map((h) => h.dataset.sessionId)).toEqual(['1', '4']);
    expect(hits[0]).toHaveAttribute('href', '/recruiter/sessions/1#question-11');
    expect(hits[0]).toHaveTextContent('가나다');
    expect(hits[0]).toHaveTextContent('83%');
    expect(within(hits[0]).getByTestId('search-hit-snippet')).toHaveTextContent('Redis 캐시를 도입해…');
    const [call] = fetch.calls('GET /api/search');
    expect(new URL(call.url, 'http://x').searchParams.get('q')).toBe('Redis 캐시');
  });

  it("shows the server's detail when the search is refused and an empty state when nothing matches", async () => {
    loginAs();
    let answer = [403, { detail: 'Only recruiters can do this.' }];
    recruiterBackend({ 'GET /api/search': () => answer });
    const user = userEvent.setup();
    renderApp('/recruiter/sessions');
    await user.type(await screen.findByTestId('search-input'), '캐시');
    await user.click(screen.getByTestId('search-submit'));
    expect(await screen.findByTestId('search-error')).toHaveTextContent('Only recruiters can do this.');

    answer = [200, []];
    await user.click(screen.getByTestId('search-submit'));
    expect(await screen.findByTestId('search-empty')).toHaveTextContent('"캐시"와 관련된 답변이 없습니다.');
  });

  it('reviews a session: transcript, scores, feedback, emotion timeline, face counts and the caveat', async () => {
    loginAs();
    fakeEventSource();
    const q1 = question(1, { answer_text: 'Kafka 파이프라인을 설계했습니다.', answer_source: 'typed', score: 81, evaluation: evaluation(81) });
    const q2 = question(2, { kind: 'follow_up', answer_text: 'Redis 캐시를 도입했습니다.', answer_source: 'voice', transcript: 'Redis 캐시를 도입했습니다.', score: 75, evaluation: evaluation(75) });
    recruiterBackend({
      [`GET /api/sessions/${SID}`]: [200, session({ id: SID, status: 'finished', results_status: 'ready', overall_score: 78 })],
      [`GET /api/sessions/${SID}/questions`]: [200, [q1, q2]],
      [`GET /api/sessions/${SID}/results`]: [200, { session_id: SID, status: 'ready', reason: null, progress: { total: 2, asked: 2, answered: 2, evaluated: 2 }, report: report() }],
      [`GET /api/sessions/${SID}/emotions`]: [200, emotions()],
    });
    renderApp(`/recruiter/sessions/${SID}#question-102`);

    expect(await screen.findByTestId('detail-overall-score')).toHaveAttribute('data-score', '78');
    expect(screen.getByTestId('detail-candidate')).toHaveTextContent('김민지 · 백엔드 개발자');
    expect(screen.getByTestId('detail-recommendation')).toHaveAttribute('data-recommendation', 'hire');
    expect(screen.getByTestId('detail-recommendation')).toHaveTextContent('핵심 역량이 확인됩니다.');

    const items = screen.getAllByTestId('transcript-item');
    expect(items).toHaveLength(2);
    expect(within(items[0]).getByTestId('item-answer')).toHaveTextContent('Kafka 파이프라인을 설계했습니다.');
    expect(within(items[0]).getByTestId('item-score')).toHaveAttribute('data-score', '81');
    expect(within(items[0]).getByTestId('item-improvements')).toHaveTextContent('결과를 더 설명해 보세요.');
    expect(within(items[0]).getByTestId('item-rubric-depth')).toHaveAttribute('data-value', '71');
    expect(within(items[1]).getByTestId('item-kind')).toHaveTextContent('꼬리 질문');
    expect(within(items[1]).getByTestId('item-source')).toHaveAttribute('data-source', 'voice');
    // The search hit's answer is marked.
    expect(items[1]).toHaveAttribute('id', 'question-102');
    expect(items[1]).toHaveClass('answer-card--highlight');

    const timeline = await screen.findByTestId('emotion-timeline-chart', {}, { timeout: 5000 });
    await waitFor(() => expect(timeline.querySelector('svg.recharts-surface')).not.toBeNull());
    expect(screen.getByTestId('emotion-share-chart')).toBeInTheDocument();
    const rows = screen.getAllByTestId('emotion-question-row');
    expect(within(rows[0]).getByTestId('emotion-frames')).toHaveTextContent('3');
    expect(within(rows[0]).getByTestId('emotion-no-face')).toHaveTextContent('1');
    expect(within(rows[0]).getByTestId('emotion-multi-face')).toHaveTextContent('1');
    expect(within(rows[1]).getByTestId('emotion-no-face')).toHaveTextContent('0');
    const caveat = screen.getByTestId('emotion-caveat');
    expect(caveat).toHaveTextContent('FER2013');
    expect(caveat).toHaveTextContent('57–74%');
    expect(caveat).toHaveTextContent('능력이나 정직성의 척도가 아니');
    expect(caveat).toHaveTextContent('참고용');
  });

  it('a candidate cannot open the recruiter pages', async () => {
    loginAs();
    const fetch = mockBackend({ 'GET /api/users/me': [200, USER], 'GET /api/sessions': [200, []] });
    renderApp('/recruiter/sessions');
    expect(await screen.findByTestId('forbidden')).toHaveTextContent('채용 담당자만');
    expect(fetch.calls('GET /api/search')).toHaveLength(0);
  });
});

describe('filterSessions', () => {
  it('keeps the input unchanged and puts sessions without a score last when sorting by score', () => {
    const copy = [...SESSIONS];
    const sorted = filterSessions(SESSIONS, { sort: 'score_desc' });
    expect(sorted.map((s) => s.id)).toEqual([4, 1, 2, 3]);
    expect(SESSIONS).toEqual(copy);
    expect(filterSessions(SESSIONS, { min: '100' })).toEqual([]);
    expect(filterSessions(SESSIONS, { position: '  데이터 ' }).map((s) => s.id)).toEqual([4]);
  });
});
