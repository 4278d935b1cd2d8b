import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { localInputToIso, splitEmails } from '../hiring.js';
import { loginAs, mockBackend, renderApp } from '../test/utils.jsx';
import { validateJob } from '../validation.js';

const RECRUITER = { id: 2, username: 'hr', full_name: '김채용', role: 'recruiter', organisation_id: 1, created_at: '2025-01-01T00:00:00Z' };

const POSITIONS = [
  { family: 'backend', label_ko: '백엔드 개발', label_en: 'Backend development', competencies: ['성능', '안정성', '데이터 관리', '협업'] },
  { family: 'frontend', label_ko: '프론트엔드 개발', label_en: 'Frontend development', competencies: ['접근성', '상태 관리'] },
];

function job(overrides = {}) {
  return {
    id: 5,
    organisation_id: 1,
    title: '백엔드 개발자 (신입)',
    family: 'backend',
    description: '서버 개발자를 찾습니다.',
    competencies: ['안정성', '성능'],
    questions: 4,
    answer_time_limit_s: 120,
    prep_time_s: 30,
    voice_mode: 'allowed',
    emotion_analysis_offered: false,
    deadline: '2030-06-30T09:00:00Z',
    status: 'open',
    created_at: '2026-01-02T03:04:05Z',
    updated_at: '2026-01-02T03:04:05Z',
    closed_at: null,
    counts: { invited: 3, opened: 2, started: 1, completed: 1 },
    ...overrides,
  };
}

function invitation(id, overrides = {}) {
  return {
    id,
    job_id: 5,
    email: `cand${id}@example.com`,
    multi_use: false,
    max_uses: null,
    uses: 0,
    status: 'sent',
    expires_at: '2030-06-30T09:00:00Z',
    created_at: '2026-01-03T00:00:00Z',
    opened_at: null,
    started_at: null,
    completed_at: null,
    revoked_at: null,
    reminded_at: null,
    session_id: null,
    ...overrides,
  };
}

function candidate(sessionId, overrides = {}) {
  return {
    session_id: sessionId,
    candidate: `지원자${sessionId}`,
    user_id: 100 + sessionId,
    invitation_id: sessionId,
    status: 'finished',
    results_status: 'ready',
    overall_score: 70,
    recommendation: 'hire',
    competency_scores: { 안정성: 70, 성능: 70 },
    answered: 4,
    timed_out: 0,
    total_questions: 4,
    review_status: 'none',
    decision: null,
    decision_note: null,
    decided_at: null,
    decided_by: null,
    created_at: '2026-01-04T00:00:00Z',
    finished_at: '2026-01-04T00:30:00Z',
    ...overrides,
  };
}

/** A recruiter's backend for job 5; `routes` add or replace answers. */
function jobBackend(routes = {}) {
  return mockBackend({
    'GET /api/users/me': [200, RECRUITER],
    'GET /api/positions': [200, POSITIONS],
    'GET /api/jobs/5': [200, job()],
    'GET /api/jobs/5/invitations': [200, [invitation(1, { status: 'opened', opened_at: '2026-01-03T05:00:00Z' })]],
    'GET /api/jobs/5/candidates': [200, []],
    'GET /api/outbox': [200, []],
    ...routes,
  });
}

describe('Job form', () => {
  it('checks the fields like the contract before sending anything', async () => {
    loginAs();
    const fetch = jobBackend();
    const user = userEvent.setup();
    renderApp('/recruiter/jobs/new');
    const form = await screen.findByTestId('job-form');

    // The competencies appear once a family is chosen.
    expect(within(form).getByTestId('job-competencies-empty')).toBeInTheDocument();
    await user.clear(screen.getByTestId('job-questions'));
    await user.type(screen.getByTestId('job-questions'), '11');
    await user.type(screen.getByTestId('job-answer-limit'), '20');
    await user.type(screen.getByTestId('job-prep-time'), '601');
    fireEvent.change(screen.getByTestId('job-deadline'), { target: { value: '2001-01-01T10:00' } });
    await user.click(screen.getByTestId('job-submit'));

    expect(screen.getByTestId('job-title-error')).toHaveTextContent('공고 제목을 입력해 주세요.');
    expect(screen.getByTestId('job-family-error')).toHaveTextContent('직군을 선택해 주세요.');
    expect(screen.getByTestId('job-competencies-error')).toHaveTextContent('역량을 하나 이상');
    expect(screen.getByTestId('job-questions-error')).toHaveTextContent('1–10');
    expect(screen.getByTestId('job-answer-limit-error')).toHaveTextContent('30–1800');
    expect(screen.getByTestId('job-prep-time-error')).toHaveTextContent('0–600');
    expect(screen.getByTestId('job-deadline-error')).toHaveTextContent('지금보다 뒤');
    expect(screen.getByTestId('job-title')).toHaveAttribute('aria-invalid', 'true');
    expect(fetch.calls('POST /api/jobs')).toHaveLength(0);
  });

  it('sends the JobCreate body: competencies in the order ticked and moved, empty time = null, deadline with its zone', async () => {
    loginAs();
    const post = vi.fn((call) => [201, job({ id: 9, ...call.json })]);
    const fetch = jobBackend({ 'POST /api/jobs': post, 'GET /api/jobs/9': [200, job({ id: 9 })], 'GET /api/jobs/9/invitations': [200, []], 'GET /api/jobs/9/candidates': [200, []] });
    const user = userEvent.setup();
    renderApp('/recruiter/jobs/new');

    await user.type(await screen.findByTestId('job-title'), '  백엔드 개발자  ');
    await user.selectOptions(screen.getByTestId('job-family'), 'backend');
    await user.type(screen.getByTestId('job-description'), '결제 서버를 만듭니다.');
    const box = (name) => screen.getAllByTestId('job-competency').find((el) => el.dataset.competency === name);
    await user.click(box('협업'));
    await user.click(box('성능'));
    await user.click(box('안정성'));
    const order = () => screen.getAllByTestId('competency-order-item').map((li) => li.dataset.competency);
    expect(order()).toEqual(['협업', '성능', '안정성']);
    expect(screen.getAllByTestId('competency-order-item')[0]).toHaveTextContent('1');
    // Move 안정성 (third) up, then untick 협업.
    await user.click(within(screen.getAllByTestId('competency-order-item')[2]).getByTestId('competency-up'));
    expect(order()).toEqual(['협업', '안정성', '성능']);
    await user.click(box('협업'));
    expect(order()).toEqual(['안정성', '성능']);
    expect(within(screen.getAllByTestId('competency-order-item')[0]).getByTestId('competency-up')).toBeDisabled();

    await user.clear(screen.getByTestId('job-questions'));
    await user.type(screen.getByTestId('job-questions'), '3');
    await user.type(screen.getByTestId('job-answer-limit'), '90');
    await user.selectOptions(screen.getByTestId('job-voice-mode'), 'required');
    await user.click(screen.getByTestId('job-emotion'));
    fireEvent.change(screen.getByTestId('job-deadline'), { target: { value: '2031-05-01T18:30' } });
    await user.click(screen.getByTestId('job-submit'));

    expect(await screen.findByTestId('job-page')).toHaveAttribute('data-job-id', '9');
    expect(post).toHaveBeenCalledTimes(1);
    const body = JSON.parse(fetch.calls('POST /api/jobs')[0].body);
    expect(body).toEqual({
      title: '백엔드 개발자',
      family: 'backend',
      description: '결제 서버를 만듭니다.',
      competencies: ['안정성', '성능'],
      questions: 3,
      answer_time_limit_s: 90,
      prep_time_s: null,
      voice_mode: 'required',
      emotion_analysis_offered: false,
      deadline: localInputToIso('2031-05-01T18:30'),
    });
    expect(body.deadline).toMatch(/^2031-05-01T18:30:00[+-]\d\d:\d\d$/);
    expect(new Date(body.deadline).getTime()).toBe(new Date('2031-05-01T18:30').getTime());
  });

  it("shows the server's 422 field errors next to their fields", async () => {
    loginAs();
    jobBackend({
      'POST /api/jobs': [
        422,
        { detail: '입력값을 확인해 주세요.', errors: [{ field: 'title', message: '이미 같은 제목의 공고가 있습니다.' }, { field: 'deadline', message: '마감은 미래여야 합니다.' }] },
      ],
    });
    const user = userEvent.setup();
    renderApp('/recruiter/jobs/new');
    await user.type(await screen.findByTestId('job-title'), '백엔드');
    await user.selectOptions(screen.getByTestId('job-family'), 'frontend');
    await user.click(screen.getAllByTestId('job-competency')[0]);
    fireEvent.change(screen.getByTestId('job-deadline'), { target: { value: '2031-05-01T18:30' } });
    await user.click(screen.getByTestId('job-submit'));

    expect(await screen.findByTestId('job-title-error')).toHaveTextContent('이미 같은 제목의 공고가 있습니다.');
    expect(screen.getByTestId('job-deadline-error')).toHaveTextContent('마감은 미래여야 합니다.');
    expect(screen.getByTestId('job-form-error')).toHaveTextContent('입력값을 확인해 주세요.');
  });

  it('editing PATCHes only the changed fields', async () => {
    loginAs();
    const patch = vi.fn((call) => [200, job({ ...call.json })]);
    const fetch = jobBackend({ 'PATCH /api/jobs/5': patch });
    const user = userEvent.setup();
    renderApp('/recruiter/jobs/5/edit');
    const title = await screen.findByTestId('job-title');
    await waitFor(() => expect(title).toHaveValue('백엔드 개발자 (신입)'));
    expect(screen.getAllByTestId('competency-order-item').map((li) => li.dataset.competency)).toEqual(['안정성', '성능']);
    expect(screen.getByTestId('job-prep-time')).toHaveValue(30);

    await user.clear(title);
    await user.type(title, '백엔드 개발자 (경력)');
    await user.clear(screen.getByTestId('job-prep-time'));
    await user.click(screen.getByTestId('job-submit'));

    await screen.findByTestId('job-page');
    expect(JSON.parse(fetch.calls('PATCH /api/jobs/5')[0].body)).toEqual({ title: '백엔드 개발자 (경력)', prep_time_s: null });
  });
});

describe('Job page', () => {

  it('lists the jobs with their counts and links to each', async () => {
    loginAs();
    const fetch = jobBackend({ 'GET /api/jobs': [200, [job(), job({ id: 6, title: '디자이너', status: 'closed', counts: { invited: 0, opened: 0, started: 0, completed: 0 } })]] });
    renderApp('/recruiter/jobs');
    const rows = await screen.findAllByTestId('job-row');
    expect(screen.getByTestId('nav-recruiter-jobs')).toHaveAttribute('href', '/recruiter/jobs');
    expect(rows.map((r) => r.dataset.status)).toEqual(['open', 'closed']);
    expect(within(rows[0]).getByTestId('job-count-invited')).toHaveTextContent('3');
    expect(within(rows[0]).getByTestId('job-count-completed')).toHaveTextContent('1');
    expect(within(rows[1]).getByTestId('job-row-status')).toHaveTextContent('마감됨');
    expect(screen.getByTestId('job-new')).toHaveAttribute('href', '/recruiter/jobs/new');
    expect(fetch.calls('GET /api/jobs')).toHaveLength(1);
  });

  it('invites pasted addresses split on commas, spaces and new lines, and shows every skipped one with its reason', async () => {
    loginAs();
    const fetch = jobBackend({
      'POST /api/jobs/5/invitations': (call) => [
        201,
        {
          created: [invitation(11, { email: call.json.emails[0] }), invitation(12, { email: call.json.emails[3] })],
          skipped: [
            { email: 'not-an-address', reason: '올바른 이메일 주소가 아닙니다.' },
            { email: 'kim@example.com', reason: '목록에 두 번 들어 있습니다.' },
          ],
        },
      ],
    });
    const user = userEvent.setup();
    renderApp('/recruiter/jobs/5');

    const rules = await screen.findByTestId('job-rules');
    expect(within(rules).getByTestId('job-rule-answer-limit')).toHaveTextContent('120초');
    expect(within(rules).getByTestId('job-rule-voice-mode')).toHaveTextContent('음성·입력 답변 모두 허용');
    expect(screen.getAllByTestId('invitation-row')).toHaveLength(1);

    await user.type(screen.getByTestId('invite-emails'), 'kim@example.com, not-an-address\nkim@example.com   lee@example.com;');
    expect(screen.getByTestId('invite-emails-count')).toHaveAttribute('data-count', '4');
    await user.click(screen.getByTestId('invite-submit'));

    const skipped = await screen.findAllByTestId('invite-skipped-row');
    expect(JSON.parse(fetch.calls('POST /api/jobs/5/invitations')[0].body)).toEqual({
      emails: ['kim@example.com', 'not-an-address', 'kim@example.com', 'lee@example.com'],
    });
    expect(skipped.map((li) => li.dataset.email)).toEqual(['not-an-address', 'kim@example.com']);
    expect(skipped[0]).toHaveTextContent('올바른 이메일 주소가 아닙니다.');
    expect(skipped[1]).toHaveTextContent('목록에 두 번 들어 있습니다.');
    expect(screen.getByTestId('invite-created')).toHaveTextContent('2명');
    // The new invitations join the list; the textarea is emptied; the email log is read again.
    await waitFor(() => expect(screen.getAllByTestId('invitation-row')).toHaveLength(3));
    expect(screen.getByTestId('invite-emails')).toHaveValue('');
    await waitFor(() => expect(fetch.calls('GET /api/outbox').length).toBeGreaterThanOrEqual(2));
  });

  it('uploads a CSV as multipart `file`, revokes and resends invitations', async () => {
    loginAs();
    const fetch = jobBackend({
      'POST /api/jobs/5/invitations/csv': [201, { created: [invitation(21)], skipped: [] }],
      'POST /api/invitations/1/resend': [200, invitation(1, { status: 'sent', reminded_at: '2026-01-04T00:00:00Z' })],
      'POST /api/invitations/1/revoke': [200, invitation(1, { status: 'revoked', revoked_at: '2026-01-05T00:00:00Z' })],
    });
    const user = userEvent.setup();
    renderApp('/recruiter/jobs/5');
    const file = new File(['email\nx@example.com\n'], 'people.csv', { type: 'text/csv' });
    await user.upload(await screen.findByTestId('invite-csv-file'), file);
    await user.click(screen.getByTestId('invite-csv-submit'));
    await waitFor(() => expect(screen.getAllByTestId('invitation-row')).toHaveLength(2));
    const [upload] = fetch.calls('POST /api/jobs/5/invitations/csv');
    expect(upload.body).toBeInstanceOf(FormData);
    expect(upload.body.get('file').name).toBe('people.csv');
    expect(upload.headers['Content-Type']).toBeUndefined();

    const row = screen.getAllByTestId('invitation-row').find((r) => r.dataset.invitationId === '1');
    expect(row).toHaveAttribute('data-status', 'opened');
    const outboxReads = fetch.calls('GET /api/outbox').length;
    await user.click(within(row).getByTestId('invitation-resend'));
    await waitFor(() => expect(row).toHaveAttribute('data-status', 'sent'));
    expect(fetch.calls('POST /api/invitations/1/resend')).toHaveLength(1);
    await waitFor(() => expect(fetch.calls('GET /api/outbox').length).toBeGreaterThan(outboxReads));

    await user.click(within(row).getByTestId('invitation-revoke'));
    await waitFor(() => expect(row).toHaveAttribute('data-status', 'revoked'));
    expect(within(row).queryByTestId('invitation-revoke')).not.toBeInTheDocument();
    expect(within(row).queryByTestId('invitation-resend')).not.toBeInTheDocument();
  });

  it('shows a new shareable link once, with a copy button', async () => {
    loginAs();
    const fetch = jobBackend({
      'POST /api/jobs/5/links': (call) => [201, invitation(30, { email: null, multi_use: true, max_uses: call.json.max_uses, url: 'https://jobs.example.com/invite/tok-abc' })],
    });
    const user = userEvent.setup();
    renderApp('/recruiter/jobs/5');
    await user.type(await screen.findByTestId('share-link-max-uses'), '50');
    await user.click(screen.getByTestId('share-link-create'));
    expect(await screen.findByTestId('share-link-url')).toHaveValue('https://jobs.example.com/invite/tok-abc');
    expect(JSON.parse(fetch.calls('POST /api/jobs/5/links')[0].body)).toEqual({ max_uses: 50 });
    await user.click(screen.getByTestId('share-link-copy'));
    expect(await screen.findByTestId('share-link-copied')).toBeInTheDocument();
    // user-event stands in for the clipboard.
    expect(await window.navigator.clipboard.readText()).toBe('https://jobs.example.com/invite/tok-abc');
    const linkRow = screen.getAllByTestId('invitation-row').find((r) => r.dataset.invitationId === '30');
    expect(linkRow).toHaveTextContent('사용 0/50');
    expect(linkRow).not.toHaveTextContent('tok-abc');
  });

  it('compares candidates with one column per competency, filters by the server, and records a decision with its note', async () => {
    loginAs();
    const list = [
      candidate(41, { overall_score: 88, competency_scores: { 안정성: 90, 성능: 84 }, review_status: 'requested' }),
      candidate(42, { overall_score: 61, competency_scores: { 안정성: null, 성능: 61 }, timed_out: 1, answered: 3, recommendation: 'hold' }),
    ];
    const put = vi.fn((call) => [200, { ...list[1], decision: call.json.decision, decision_note: call.json.note, decided_at: '2026-01-06T00:00:00Z', decided_by: 'hr' }]);
    const fetch = jobBackend({ 'GET /api/jobs/5/candidates': [200, list], 'PUT /api/sessions/42/decision': put });
    const user = userEvent.setup();
    renderApp('/recruiter/jobs/5');

    const rows = await screen.findAllByTestId('candidate-row');
    expect(rows.map((r) => r.dataset.sessionId)).toEqual(['41', '42']);
    expect(screen.getAllByTestId('competency-column').map((th) => th.dataset.competency)).toEqual(['안정성', '성능']);
    const scores = (row) => within(row).getAllByTestId('candidate-competency-score').map((s) => [s.dataset.competency, s.dataset.score]);
    expect(scores(rows[0])).toEqual([['안정성', '90'], ['성능', '84']]);
    expect(scores(rows[1])).toEqual([['안정성', ''], ['성능', '61']]);
    expect(within(rows[0]).getByTestId('candidate-overall-score')).toHaveAttribute('data-score', '88');
    expect(within(rows[0]).getByTestId('candidate-review-status')).toHaveTextContent('검토 요청');
    expect(within(rows[1]).getByTestId('candidate-timed-out')).toHaveTextContent('시간 초과 1개');
    expect(within(rows[0]).getByTestId('candidate-review-link')).toHaveAttribute('href', '/recruiter/sessions/41');
    expect(new URL(fetch.calls('GET /api/jobs/5/candidates')[0].url, 'http://x').searchParams.get('sort')).toBe('-score');

    await user.type(within(rows[1]).getByTestId('decision-note'), '  경험이 부족합니다. ');
    await user.click(within(rows[1]).getByTestId('decision-reject'));
    await waitFor(() => expect(within(rows[1]).getByTestId('candidate-decision')).toHaveAttribute('data-status', 'rejected'));
    expect(put).toHaveBeenCalledTimes(1);
    expect(JSON.parse(fetch.calls('PUT /api/sessions/42/decision')[0].body)).toEqual({ decision: 'rejected', note: '경험이 부족합니다.' });
    expect(within(rows[1]).getByTestId('candidate-decision')).toHaveTextContent('탈락');
    expect(within(rows[1]).getByTestId('candidate-decision-note')).toHaveTextContent('경험이 부족합니다.');
    expect(within(rows[1]).getByTestId('decision-reject')).toHaveAttribute('aria-pressed', 'true');
    expect(within(rows[0]).getByTestId('candidate-decision')).toHaveTextContent('미결정');

    // Filters go to the server.
    await user.selectOptions(screen.getByTestId('candidates-decision'), 'undecided');
    await user.type(screen.getByTestId('candidates-min-score'), '70');
    await user.selectOptions(screen.getByTestId('candidates-sort'), 'name');
    await waitFor(() => {
      const last = new URL(fetch.calls('GET /api/jobs/5/candidates').at(-1).url, 'http://x').searchParams;
      expect(Object.fromEntries(last)).toEqual({ sort: 'name', decision: 'undecided', min_score: '70' });
    });
  });

  it('"CSV 내보내기" saves GET /jobs/{id}/results.csv as job-<id>-results.csv with a BOM', async () => {
    loginAs();
    const blobs = [];
    const saved = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
    URL.createObjectURL = vi.fn((blob) => {
      blobs.push(blob);
      return 'blob:fake/1';
    });
    URL.revokeObjectURL = vi.fn();
    const clicks = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function click() {
      clicks.push(this.download);
    });
    try {
      const fetch = jobBackend({ 'GET /api/jobs/5/results.csv': [200, 'session_id,candidate,overall_score\n41,김민지,88\n', { 'Content-Type': 'text/csv; charset=utf-8' }] });
      const user = userEvent.setup();
      renderApp('/recruiter/jobs/5');
      await user.click(await screen.findByTestId('export-csv'));
      expect(await screen.findByTestId('export-done')).toHaveTextContent('job-5-results.csv');
      expect(clicks).toEqual(['job-5-results.csv']);
      expect(fetch.calls('GET /api/jobs/5/results.csv')[0].headers.Accept).toBe('text/csv');
      const bytes = new Uint8Array(await blobs[0].arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(new TextDecoder().decode(bytes.slice(3))).toBe('session_id,candidate,overall_score\n41,김민지,88\n');
      expect(blobs[0].type).toContain('text/csv');
    } finally {
      URL.createObjectURL = saved.create;
      URL.revokeObjectURL = saved.revoke;
    }
  });

  it("shows this job's emails (recipient, subject, status, body folded) and closes the job after asking", async () => {
    loginAs();
    const post = vi.fn(() => [200, job({ status: 'closed', closed_at: '2026-02-01T00:00:00Z' })]);
    jobBackend({
      'GET /api/outbox': [
        200,
        [
          { id: 1, to: 'cand1@example.com', subject: '[ACME] 면접 초대', body: '아래 링크에서 면접을 시작하세요.', kind: 'invitation', status: 'outboxed', error: null, invitation_id: 1, created_at: '2026-01-03T00:00:00Z' },
          { id: 2, to: 'other@example.com', subject: '다른 공고', body: '...', kind: 'invitation', status: 'sent', error: null, invitation_id: 99, created_at: '2026-01-03T00:00:00Z' },
        ],
      ],
      'POST /api/jobs/5/close': post,
    });
    const user = userEvent.setup();
    renderApp('/recruiter/jobs/5');

    await waitFor(() => expect(screen.getAllByTestId('outbox-row')).toHaveLength(1));
    const [mail] = screen.getAllByTestId('outbox-row');
    expect(mail).toHaveAttribute('data-to', 'cand1@example.com');
    expect(within(mail).getByTestId('outbox-subject')).toHaveTextContent('[ACME] 면접 초대');
    expect(within(mail).getByTestId('outbox-status')).toHaveTextContent('보관됨');
    expect(within(mail).getByTestId('outbox-body').closest('details')).not.toHaveAttribute('open');
    await user.click(screen.getByTestId('outbox-all'));
    expect(screen.getAllByTestId('outbox-row')).toHaveLength(2);

    await user.click(screen.getByTestId('job-close'));
    expect(post).not.toHaveBeenCalled();
    await user.click(screen.getByTestId('job-close-confirm'));
    await waitFor(() => expect(screen.getByTestId('job-status')).toHaveAttribute('data-status', 'closed'));
    expect(post).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId('job-edit')).not.toBeInTheDocument();
    expect(screen.getByTestId('invite-submit')).toBeDisabled();
  });
});

describe('hiring helpers', () => {
  it('splits pasted addresses and validates a job', () => {
    expect(splitEmails(' a@x.kr,b@x.kr\n\nc@x.kr ; d@x.kr\t')).toEqual(['a@x.kr', 'b@x.kr', 'c@x.kr', 'd@x.kr']);
    const valid = {
      title: 'T',
      family: 'backend',
      description: '',
      competencies: ['성능'],
      questions: '10',
      answer_time_limit_s: '1800',
      prep_time_s: '0',
      voice_mode: 'off',
      deadline: '2031-01-01T00:00',
    };
    expect(validateJob(valid, { familyCompetencies: ['성능'] })).toEqual({});
    expect(validateJob({ ...valid, competencies: ['접근성'] }, { familyCompetencies: ['성능'] })).toEqual({ competencies: 'validation.jobCompetenciesFamily' });
    expect(validateJob({ ...valid, answer_time_limit_s: '29', questions: '0' })).toEqual({
      answer_time_limit_s: 'validation.jobAnswerLimitRange',
      questions: 'validation.jobQuestionsRange',
    });
    expect(validateJob({ ...valid, deadline: '2001-01-01T00:00' }, { checkDeadline: false })).toEqual({});
  });
});
