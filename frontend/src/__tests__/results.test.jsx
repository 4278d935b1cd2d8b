import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { emotions, evaluation, interviewServer, report, SID } from '../test/interview.js';
import { fakeEventSource } from '../test/media.js';
import { loginAs, renderApp } from '../test/utils.jsx';

function finishedServer(options = {}) {
  const server = interviewServer({ total: 2, asked: 2, status: 'finished', results_status: 'processing', ...options });
  server.state.questions.forEach((q, i) => Object.assign(q, { answer_text: `답변 ${i + 1}`, answer_source: 'typed' }));
  return server;
}

function ready(server, overrides = {}) {
  server.state.questions.forEach((q, i) => Object.assign(q, { score: 81 - i * 6, evaluation: evaluation(81 - i * 6) }));
  server.state.results = {
    session_id: SID,
    status: 'ready',
    reason: null,
    progress: { total: 2, asked: 2, answered: 2, evaluated: 2 },
    report: report(),
    ...overrides,
  };
  server.state.session = { ...server.state.session, results_status: 'ready', overall_score: 78 };
}

describe('Results page', () => {
  it('opened mid-interview lists only the answered questions, so the open question\'s clock does not start', async () => {
    loginAs();
    fakeEventSource();
    const server = interviewServer({ total: 3, asked: 2 });
    Object.assign(server.state.questions[0], { answer_text: '답변 1', answer_source: 'typed' });
    renderApp(`/sessions/${SID}/results`);

    expect(await screen.findByTestId('results-pending')).toHaveTextContent('면접이 아직 진행 중입니다');
    await waitFor(() => expect(screen.getAllByTestId('results-item')).toHaveLength(1));
    const reads = server.fetch.calls(`GET /api/sessions/${SID}/questions`);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((call) => new URL(call.url, 'http://x').searchParams.get('answered') === 'true')).toBe(true);
  });

  it('shows progress while processing, then the scores, feedback and emotion chart when report_ready arrives', async () => {
    loginAs();
    const sources = fakeEventSource();
    const server = finishedServer();
    renderApp(`/sessions/${SID}/results`);

    const pending = await screen.findByTestId('results-pending');
    expect(pending).toHaveAttribute('data-status', 'processing');
    expect(pending).toHaveTextContent('답변을 평가하고 결과를 만드는 중입니다');
    const bar = screen.getByTestId('results-progress');
    expect(bar).toHaveAttribute('data-answered', '2');
    expect(bar).toHaveAttribute('data-evaluated', '0');
    expect(screen.getByTestId('results-progress-text')).toHaveTextContent('평가 완료 0 / 답변 2');
    // No blank page: the questions and answers are listed while the report is made.
    expect(screen.getAllByTestId('results-item')).toHaveLength(2);

    // One answer evaluated: the progress moves.
    Object.assign(server.state.questions[0], { score: 81, evaluation: evaluation(81) });
    await waitFor(() => expect(sources.latest()).toBeTruthy());
    sources.latest().emit('evaluation_ready', { question_id: 101, score: 81 });
    await waitFor(() => expect(screen.getByTestId('results-progress')).toHaveAttribute('data-evaluated', '1'));

    ready(server);
    server.state.emotions = emotions();
    sources.latest().emit('report_ready', { overall_score: 78 });

    const done = await screen.findByTestId('results-ready');
    expect(screen.getByTestId('results-overall-score')).toHaveAttribute('data-score', '78');
    expect(done).toHaveTextContent('2개 질문 중 2개 답변');
    expect(screen.getByTestId('results-rubric-relevance')).toHaveAttribute('data-value', '80');
    expect(screen.getByTestId('results-strengths')).toHaveTextContent('경험을 수치로 설명합니다.');
    expect(screen.getByTestId('results-improvements')).toHaveTextContent('트레이드오프를');
    expect(screen.queryByTestId('results-pending')).not.toBeInTheDocument();

    const items = screen.getAllByTestId('results-item');
    expect(items).toHaveLength(2);
    expect(within(items[0]).getByTestId('item-question')).toHaveTextContent('질문 1');
    expect(within(items[0]).getByTestId('item-answer')).toHaveTextContent('Kafka 파이프라인을 설계했습니다.');
    expect(within(items[0]).getByTestId('item-score')).toHaveAttribute('data-score', '81');
    expect(within(items[0]).getByTestId('item-feedback')).toHaveTextContent('구체적입니다.');
    expect(within(items[0]).getByTestId('item-strengths')).toHaveTextContent('구체적인 수치를 들었습니다.');
    expect(within(items[1]).getByTestId('item-score')).toHaveAttribute('data-score', '75');

    // Emotion share per question: a chart (recharts) and its numbers in a table, with the caveat.
    // The chart module is loaded lazily (a separate chunk).
    expect(await screen.findByTestId('emotion-share-chart', {}, { timeout: 5000 })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('emotion-share-chart').querySelector('svg.recharts-surface')).not.toBeNull());
    expect(screen.getByTestId('emotions-frames')).toHaveAttribute('data-frames', '5');
    const rows = screen.getAllByTestId('emotion-question-row');
    expect(rows.map((r) => r.dataset.questionOrder)).toEqual(['1', '2']);
    expect(within(rows[0]).getByTestId('emotion-top')).toHaveTextContent('기쁨 100%');
    expect(within(rows[0]).getByTestId('emotion-no-face')).toHaveTextContent('1');
    expect(screen.getByTestId('emotion-caveat')).toHaveTextContent('FER2013');
    // The stream is closed once the results are settled.
    await waitFor(() => expect(sources.every((s) => s.closed)).toBe(true));
  });

  it('says "not collected" when there are no emotion frames (no blank section)', async () => {
    loginAs();
    fakeEventSource();
    const server = finishedServer();
    ready(server);
    renderApp(`/sessions/${SID}/results`);

    await screen.findByTestId('results-ready');
    expect(await screen.findByTestId('emotions-empty')).toHaveTextContent('수집되지 않음');
    expect(screen.queryByTestId('emotion-share-chart')).not.toBeInTheDocument();
    expect(screen.getByTestId('emotion-caveat')).toBeInTheDocument();
  });

  it('shows the reason when the report failed, and "retry" reloads the results', async () => {
    loginAs();
    fakeEventSource();
    const server = finishedServer();
    server.state.results = {
      session_id: SID,
      status: 'failed',
      reason: '답변이 하나도 없어 결과를 만들 수 없습니다.',
      progress: { total: 2, asked: 2, answered: 0, evaluated: 0 },
      report: null,
    };
    const user = userEvent.setup();
    renderApp(`/sessions/${SID}/results`);

    expect(await screen.findByTestId('results-failed-reason')).toHaveTextContent('답변이 하나도 없어 결과를 만들 수 없습니다.');
    const before = server.fetch.calls(`GET /api/sessions/${SID}/results`).length;
    ready(server);
    await user.click(screen.getByTestId('results-retry'));
    expect(await screen.findByTestId('results-ready')).toBeInTheDocument();
    expect(server.fetch.calls(`GET /api/sessions/${SID}/results`).length).toBe(before + 1);
    expect(screen.queryByTestId('results-failed')).not.toBeInTheDocument();
  });

  it('polls every 2 s when the event stream fails, until the report is ready', async () => {
    loginAs();
    const sources = fakeEventSource();
    const server = finishedServer();
    renderApp(`/sessions/${SID}/results`);
    await screen.findByTestId('results-pending');
    await waitFor(() => expect(sources.latest()).toBeTruthy());
    sources.latest().fail();
    await waitFor(() => expect(screen.getByTestId('events-transport')).toHaveAttribute('data-transport', 'polling'));

    ready(server); // no event: only a poll finds it
    expect(await screen.findByTestId('results-ready', {}, { timeout: 4000 })).toBeInTheDocument();
  });

  it('while the interview is still running, says so and links back to it', async () => {
    loginAs();
    fakeEventSource();
    interviewServer({ status: 'in_progress' });
    renderApp(`/sessions/${SID}/results`);
    const pending = await screen.findByTestId('results-pending');
    expect(pending).toHaveAttribute('data-status', 'pending');
    expect(pending).toHaveTextContent('면접이 아직 진행 중입니다');
    expect(screen.getByTestId('results-back-to-interview')).toHaveAttribute('href', `/sessions/${SID}`);
  });

  it('shows an error with a retry when the results cannot be loaded', async () => {
    loginAs();
    fakeEventSource();
    let fail = true;
    const server = finishedServer({
      routes: {
        [`GET /api/sessions/${SID}/results`]: () =>
          fail ? [503, { detail: '잠시 후 다시 시도해 주세요.' }] : [200, { session_id: SID, status: 'processing', reason: null, progress: { total: 2, asked: 2, answered: 2, evaluated: 1 }, report: null }],
      },
    });
    const user = userEvent.setup();
    renderApp(`/sessions/${SID}/results`);
    expect(await screen.findByTestId('results-error')).toHaveTextContent('잠시 후 다시 시도해 주세요.');
    fail = false;
    await user.click(screen.getByTestId('results-retry'));
    expect(await screen.findByTestId('results-pending')).toBeInTheDocument();
    expect(server.fetch.calls(`GET /api/sessions/${SID}/results`)).toHaveLength(2);
  });
});
