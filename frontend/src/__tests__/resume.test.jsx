import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { getResume, RESUME_MAX_BYTES, uploadResume } from '../api.js';
import { groupSections } from '../components/ResumePanel.jsx';
import { emotions, evaluation, interviewServer, question, report, SID } from '../test/interview.js';
import { fakeEventSource } from '../test/media.js';
import { consentNotice, loginAs, mockBackend, NOTICE_VERSION, renderApp, session, USER } from '../test/utils.jsx';

const text = (ko, en) => ({ ko, en });

const RESUME_ITEM = {
  key: 'resume',
  required: false,
  title: text('이력서 수집·이용', 'Your résumé'),
  data: text('이력서 파일에서 추출한 글(파일 자체는 보관하지 않음)', 'The text taken from the résumé file (the file itself is not kept)'),
  purpose: text('이력서에 맞춘 면접 질문 생성', 'Questions that draw on your résumé'),
  retention: text('삭제하거나 탈퇴할 때까지', 'Until you delete it or your account'),
};

const noticeWithResume = (overrides = {}) => consentNotice({ resume: RESUME_ITEM, ...overrides });

const LONG_PASSAGE =
  '주식회사 가나다에서 3년 동안 결제 서버를 맡아 Kafka 기반 정산 파이프라인을 설계하고, 하루 2천만 건의 거래를 처리하도록 ' +
  '병목을 찾아 처리량을 4배로 늘렸습니다. 장애 대응 당번을 운영하며 평균 복구 시간을 40분에서 8분으로 줄였습니다.';

function resume(overrides = {}) {
  return {
    id: 3,
    filename: '김민지_이력서.pdf',
    media_type: 'pdf',
    size_bytes: 248_320,
    characters: 3120,
    uploaded_at: '2026-03-01T09:00:00Z',
    notice_version: NOTICE_VERSION,
    sections: [
      { kind: 'summary', heading: '자기소개', passages: [{ id: 11, text: '결제 시스템을 만드는 백엔드 개발자입니다.' }] },
      {
        kind: 'experience',
        heading: '경력',
        passages: [
          { id: 12, text: LONG_PASSAGE },
          { id: 13, text: '사내 배포 도구를 만들어 배포 시간을 줄였습니다.' },
        ],
      },
      { kind: 'skills', heading: null, passages: [{ id: 14, text: 'Python, Go, Kafka, PostgreSQL' }] },
    ],
    ...overrides,
  };
}

/** The start page of a candidate, with the résumé routes given. */
function startBackend(routes = {}) {
  return mockBackend({
    'GET /api/users/me': [200, USER],
    'GET /api/consent/notice': [200, noticeWithResume()],
    'GET /api/sessions': [200, []],
    'GET /api/invitations/mine': [200, []],
    ...routes,
  });
}

function pdf(name = '이력서.pdf', bytes = 'PDF-1.7 이력서') {
  return new File([bytes], name, { type: 'application/pdf' });
}

describe('Résumé panel (start page)', () => {
  it('shows the résumé notice in the UI language and the résumé already uploaded, with its sections', async () => {
    loginAs('tok-cand');
    const fetch = startBackend({ 'GET /api/resume': [200, resume()] });
    renderApp('/');

    const panel = await screen.findByTestId('resume-panel');
    const summary = await within(panel).findByTestId('resume-summary');
    expect(panel).toHaveAttribute('data-state', 'uploaded');
    expect(within(panel).getByTestId('resume-notice-title')).toHaveTextContent('이력서 수집·이용');
    expect(within(panel).getByTestId('resume-notice-data')).toHaveTextContent('이력서 파일에서 추출한 글');
    expect(within(panel).getByTestId('resume-notice-purpose')).toHaveTextContent('이력서에 맞춘 면접 질문 생성');
    expect(within(panel).getByTestId('resume-notice-retention')).toHaveTextContent('삭제하거나 탈퇴할 때까지');
    expect(within(panel).getByTestId('resume-notice')).toHaveAttribute('data-required', 'false');

    expect(within(summary).getByTestId('resume-filename')).toHaveTextContent('김민지_이력서.pdf');
    expect(within(summary).getByTestId('resume-size')).toHaveTextContent('242.5 KB');
    expect(within(summary).getByTestId('resume-meta')).toHaveTextContent('PDF · 3,120자');

    const experience = within(summary).getByTestId('resume-section-experience');
    expect(experience).toHaveAttribute('data-passages', '2');
    expect(within(experience).getByTestId('resume-section-name')).toHaveTextContent('경력');
    expect(within(experience).getByTestId('resume-section-count')).toHaveTextContent('문단 2개');
    const preview = within(experience).getByTestId('resume-section-preview');
    // The first passage's first 120 characters, cut with "…"; the whole text in the title.
    expect(preview.textContent).toBe(`${Array.from(LONG_PASSAGE).slice(0, 120).join('').trimEnd()}…`);
    expect(preview).toHaveAttribute('title', LONG_PASSAGE);
    expect(within(summary).getByTestId('resume-section-summary')).toHaveTextContent('자기소개');
    expect(within(summary).getByTestId('resume-section-skills')).toHaveTextContent('기술');
    expect(within(summary).getByTestId('resume-section-skills')).toHaveTextContent('문단 1개');
    expect(within(summary).queryByTestId('resume-section-education')).not.toBeInTheDocument();

    // The upload form is offered again only on "다시 올리기".
    expect(within(panel).queryByTestId('resume-file')).not.toBeInTheDocument();
    expect(within(panel).getByTestId('resume-replace')).toHaveTextContent('다시 올리기');
    expect(within(panel).getByTestId('resume-delete')).toHaveTextContent('삭제');
    const [get] = fetch.calls('GET /api/resume');
    expect(get.headers.Authorization).toBe('Bearer tok-cand');
    // It is no part of the interview consent: the start form still only needs the interview box.
    expect(screen.getByTestId('consent-interview')).not.toBeChecked();
  });

  it('treats 404 as "no résumé": an empty state and the upload form, no error', async () => {
    loginAs();
    startBackend({ 'GET /api/resume': [404, { detail: 'No résumé was uploaded.' }] });
    renderApp('/');

    expect(await screen.findByTestId('resume-empty')).toHaveTextContent('올린 이력서가 없습니다.');
    const panel = screen.getByTestId('resume-panel');
    expect(panel).toHaveAttribute('data-state', 'none');
    expect(within(panel).queryByTestId('resume-error')).not.toBeInTheDocument();
    expect(within(panel).queryByTestId('resume-load-error')).not.toBeInTheDocument();
    expect(within(panel).queryByText('No résumé was uploaded.')).not.toBeInTheDocument();
    expect(within(panel).queryByTestId('resume-summary')).not.toBeInTheDocument();
    expect(within(panel).getByTestId('resume-file')).toHaveAttribute('type', 'file');
    expect(within(panel).getByTestId('resume-file').getAttribute('accept')).toContain('.pdf,.docx,.txt');
    expect(within(panel).getByTestId('resume-consent')).not.toBeChecked();
    expect(within(panel).getByTestId('resume-upload')).toHaveTextContent('이력서 올리기');
  });

  it('shows a load failure with a retry (not as "no résumé")', async () => {
    loginAs();
    let answer = [500, { detail: 'Database unavailable.' }];
    startBackend({ 'GET /api/resume': () => answer });
    const user = userEvent.setup();
    renderApp('/');

    expect(await screen.findByTestId('resume-load-error')).toHaveTextContent('Database unavailable.');
    expect(screen.queryByTestId('resume-empty')).not.toBeInTheDocument();
    answer = [200, resume()];
    await user.click(screen.getByTestId('resume-retry'));
    expect(await screen.findByTestId('resume-summary')).toBeInTheDocument();
  });

  it('does not upload without the consent box ticked', async () => {
    loginAs();
    const fetch = startBackend({ 'GET /api/resume': [404, { detail: 'none' }], 'POST /api/resume': [201, resume()] });
    const user = userEvent.setup();
    renderApp('/');

    await user.upload(await screen.findByTestId('resume-file'), pdf());
    await user.click(screen.getByTestId('resume-upload'));
    expect(await screen.findByTestId('resume-consent-error')).toHaveTextContent('이력서를 올리려면 위 내용에 동의해 주세요.');
    expect(screen.getByTestId('resume-consent')).toHaveFocus();
    expect(fetch.calls('POST /api/resume')).toHaveLength(0);
    // Nor does the start form's submit send it.
    expect(screen.queryByTestId('resume-summary')).not.toBeInTheDocument();

    // Ticked, it goes.
    await user.click(screen.getByTestId('resume-consent'));
    expect(screen.queryByTestId('resume-consent-error')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('resume-upload'));
    await screen.findByTestId('resume-summary');
    expect(fetch.calls('POST /api/resume')).toHaveLength(1);
  });

  it('refuses a file over 5 MB in the browser, without a request', async () => {
    loginAs();
    const fetch = startBackend({ 'GET /api/resume': [404, null], 'POST /api/resume': [201, resume()] });
    const user = userEvent.setup();
    renderApp('/');

    const big = pdf('큰_이력서.pdf');
    Object.defineProperty(big, 'size', { value: RESUME_MAX_BYTES + 1 });
    await user.upload(await screen.findByTestId('resume-file'), big);
    const problem = await screen.findByTestId('resume-file-error');
    expect(problem).toHaveTextContent('파일이 너무 큽니다 (5.0 MB). 5MB 이하의 파일만 올릴 수 있습니다.');
    await user.click(screen.getByTestId('resume-consent'));
    await user.click(screen.getByTestId('resume-upload'));
    expect(screen.getByTestId('resume-file-error')).toHaveTextContent('5MB 이하');
    expect(fetch.calls('POST /api/resume')).toHaveLength(0);

    // Exactly 5 MB is let through (the server has the last word).
    const fits = pdf('이력서.pdf');
    Object.defineProperty(fits, 'size', { value: RESUME_MAX_BYTES });
    await user.upload(screen.getByTestId('resume-file'), fits);
    expect(screen.queryByTestId('resume-file-error')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('resume-upload'));
    await screen.findByTestId('resume-summary');
    expect(fetch.calls('POST /api/resume')).toHaveLength(1);
  });

  it("shows the server's detail verbatim for 415 and 422, and keeps the form", async () => {
    loginAs();
    const answers = [
      [415, { detail: '이 파일은 PDF, DOCX, 텍스트 파일이 아닙니다 (내용: PNG 이미지).' }],
      [422, { detail: '암호가 걸린 PDF는 읽을 수 없습니다. 암호를 풀고 다시 올려 주세요.' }],
    ];
    const fetch = startBackend({ 'GET /api/resume': [404, null], 'POST /api/resume': () => answers.shift() });
    // The accept attribute is only a hint: a PNG can be chosen, and the server says what is wrong.
    const user = userEvent.setup({ applyAccept: false });
    renderApp('/');

    await user.upload(await screen.findByTestId('resume-file'), new File(['\x89PNG'], 'photo.png', { type: 'image/png' }));
    await user.click(screen.getByTestId('resume-consent'));
    await user.click(screen.getByTestId('resume-upload'));
    const error = await screen.findByTestId('resume-error');
    expect(error).toHaveTextContent('이 파일은 PDF, DOCX, 텍스트 파일이 아닙니다 (내용: PNG 이미지).');
    expect(error).toHaveAttribute('role', 'alert');
    expect(screen.getByTestId('resume-upload')).toBeEnabled();
    expect(screen.queryByTestId('resume-summary')).not.toBeInTheDocument();

    await user.upload(screen.getByTestId('resume-file'), pdf('잠긴.pdf'));
    expect(screen.queryByTestId('resume-error')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('resume-upload'));
    await waitFor(() =>
      expect(screen.getByTestId('resume-error').textContent).toBe('암호가 걸린 PDF는 읽을 수 없습니다. 암호를 풀고 다시 올려 주세요.'),
    );
    expect(fetch.calls('POST /api/resume')).toHaveLength(2);
  });

  it('uploads multipart `file` and `notice_version`, shows it is busy, then the sections found', async () => {
    loginAs('tok-cand');
    let release;
    const fetch = startBackend({
      'GET /api/resume': [404, null],
      'POST /api/resume': () => new Promise((resolve) => (release = () => resolve([201, resume()]))),
    });
    const user = userEvent.setup();
    renderApp('/');

    await user.upload(await screen.findByTestId('resume-file'), pdf('김민지_이력서.pdf'));
    await user.click(screen.getByTestId('resume-consent'));
    await user.click(screen.getByTestId('resume-upload'));

    const button = screen.getByTestId('resume-upload');
    await waitFor(() => expect(button).toBeDisabled());
    expect(button).toHaveTextContent('올리는 중…');
    const [post] = fetch.calls('POST /api/resume');
    expect(post.body).toBeInstanceOf(FormData);
    expect(post.body.get('file').name).toBe('김민지_이력서.pdf');
    expect(post.body.get('notice_version')).toBe(NOTICE_VERSION);
    // The browser sets the multipart boundary: no JSON (or any) content type is set by hand.
    expect(post.headers['Content-Type']).toBeUndefined();
    expect(post.headers.Authorization).toBe('Bearer tok-cand');

    release();
    const summary = await screen.findByTestId('resume-summary');
    expect(screen.getByTestId('resume-uploaded')).toHaveTextContent('이력서를 올렸습니다.');
    expect(within(summary).getByTestId('resume-filename')).toHaveTextContent('김민지_이력서.pdf');
    expect(within(summary).getByTestId('resume-section-summary')).toHaveTextContent('자기소개');
    expect(within(summary).getByTestId('resume-section-experience')).toHaveTextContent('문단 2개');
    expect(within(summary).getByTestId('resume-section-skills')).toHaveTextContent('Python, Go, Kafka, PostgreSQL');
    expect(screen.getByTestId('resume-panel')).toHaveAttribute('data-state', 'uploaded');
    expect(screen.queryByTestId('resume-file')).not.toBeInTheDocument();

    // "다시 올리기" asks for consent again (unticked) and replaces the résumé.
    await user.click(screen.getByTestId('resume-replace'));
    expect(screen.getByTestId('resume-consent')).not.toBeChecked();
    expect(screen.getByTestId('resume-summary')).toBeInTheDocument();
    await user.click(screen.getByTestId('resume-replace-cancel'));
    expect(screen.queryByTestId('resume-file')).not.toBeInTheDocument();
  });

  it('after a 409 (the notice changed) reloads the notice, unticks the box and says why', async () => {
    loginAs();
    const notices = [noticeWithResume(), noticeWithResume({ version: '2026-12-01.1' })];
    const fetch = startBackend({
      'GET /api/consent/notice': () => [200, notices.length > 1 ? notices.shift() : notices[0]],
      'GET /api/resume': [404, null],
      'POST /api/resume': (call) =>
        call.body.get('notice_version') === '2026-12-01.1' ? [201, resume()] : [409, { detail: '동의 안내가 바뀌었습니다. 새 안내를 확인해 주세요.' }],
    });
    const user = userEvent.setup();
    renderApp('/');

    await user.upload(await screen.findByTestId('resume-file'), pdf());
    await user.click(screen.getByTestId('resume-consent'));
    await user.click(screen.getByTestId('resume-upload'));
    expect(await screen.findByTestId('resume-error')).toHaveTextContent('동의 안내가 바뀌었습니다. 새 안내를 확인해 주세요.');
    expect(screen.getByTestId('resume-notice-changed')).toBeInTheDocument();
    await waitFor(() => expect(fetch.calls('GET /api/consent/notice')).toHaveLength(2));
    await waitFor(() => expect(screen.getByTestId('consent-notice')).toHaveAttribute('data-version', '2026-12-01.1'));
    expect(screen.getByTestId('resume-consent')).not.toBeChecked();

    await user.click(screen.getByTestId('resume-consent'));
    await user.click(screen.getByTestId('resume-upload'));
    await screen.findByTestId('resume-summary');
    expect(fetch.calls('POST /api/resume').map((c) => c.body.get('notice_version'))).toEqual([NOTICE_VERSION, '2026-12-01.1']);
  });

  it('deletes the résumé only after confirming', async () => {
    loginAs();
    const fetch = startBackend({ 'GET /api/resume': [200, resume()], 'DELETE /api/resume': [204, null] });
    const user = userEvent.setup();
    renderApp('/');

    await user.click(await screen.findByTestId('resume-delete'));
    expect(screen.getByTestId('resume-delete-dialog')).toHaveTextContent('이력서를 삭제할까요?');
    await user.click(screen.getByTestId('resume-delete-cancel'));
    expect(screen.queryByTestId('resume-delete-dialog')).not.toBeInTheDocument();
    expect(fetch.calls('DELETE /api/resume')).toHaveLength(0);

    await user.click(screen.getByTestId('resume-delete'));
    await user.click(screen.getByTestId('resume-delete-confirm'));
    expect(await screen.findByTestId('resume-empty')).toHaveTextContent('올린 이력서가 없습니다.');
    expect(screen.getByTestId('resume-deleted')).toHaveTextContent('이력서를 삭제했습니다.');
    expect(screen.queryByTestId('resume-summary')).not.toBeInTheDocument();
    expect(fetch.calls('DELETE /api/resume')).toHaveLength(1);
    expect(screen.getByTestId('resume-panel')).toHaveAttribute('data-state', 'none');
  });

  it("shows the server's detail when the deletion fails and keeps the résumé", async () => {
    loginAs();
    startBackend({ 'GET /api/resume': [200, resume()], 'DELETE /api/resume': [500, { detail: '지금은 삭제할 수 없습니다.' }] });
    const user = userEvent.setup();
    renderApp('/');
    await user.click(await screen.findByTestId('resume-delete'));
    await user.click(screen.getByTestId('resume-delete-confirm'));
    expect(await screen.findByTestId('resume-error')).toHaveTextContent('지금은 삭제할 수 없습니다.');
    expect(screen.getByTestId('resume-summary')).toBeInTheDocument();
  });

  it('is in English when the UI is', async () => {
    loginAs();
    window.localStorage.setItem('interview.lang', 'en');
    startBackend({ 'GET /api/resume': [200, resume()] });
    renderApp('/');
    const summary = await screen.findByTestId('resume-summary');
    expect(screen.getByTestId('resume-notice-purpose')).toHaveTextContent('Questions that draw on your résumé');
    expect(within(summary).getByTestId('resume-section-experience')).toHaveTextContent('Experience');
    expect(within(summary).getByTestId('resume-section-experience')).toHaveTextContent('2 passage(s)');
    expect(screen.getByTestId('resume-replace')).toHaveTextContent('Upload again');
  });

  it('is not shown, and GET /resume not sent, when the notice has no résumé item', async () => {
    loginAs();
    const fetch = startBackend({ 'GET /api/consent/notice': [200, consentNotice()], 'GET /api/resume': [200, resume()] });
    renderApp('/');
    await screen.findByTestId('consent-item-interview');
    expect(screen.queryByTestId('resume-panel')).not.toBeInTheDocument();
    expect(fetch.calls('GET /api/resume')).toHaveLength(0);
  });
});

describe('Résumé panel (invitation page)', () => {
  const TOKEN = 'tok-inv';
  const invitation = {
    status: 'sent',
    expires_at: '2030-06-30T09:00:00Z',
    email_hint: null,
    multi_use: true,
    job: {
      id: 5,
      title: '백엔드 개발자',
      organisation: 'ACME',
      family: 'backend',
      description: '',
      competencies: [],
      questions: 4,
      answer_time_limit_s: null,
      prep_time_s: null,
      voice_mode: 'optional',
      emotion_analysis_offered: false,
      deadline: null,
    },
  };

  it('is offered to the logged-in candidate before the invited interview starts, which needs no résumé', async () => {
    loginAs();
    const fetch = mockBackend({
      [`GET /api/invitations/token/${TOKEN}`]: [200, invitation],
      'GET /api/users/me': [200, USER],
      'GET /api/consent/notice': [200, noticeWithResume()],
      'GET /api/resume': [404, null],
      'POST /api/resume': [201, resume({ filename: 'cv.txt', media_type: 'text' })],
      [`POST /api/invitations/token/${TOKEN}/accept`]: [201, session({ id: 77 })],
      'GET /api/sessions/77': [200, session({ id: 77 })],
    });
    const user = userEvent.setup();
    renderApp(`/invite/${TOKEN}`);

    const form = await screen.findByTestId('invite-accept-form');
    const panel = await within(form).findByTestId('resume-panel');
    expect(await within(panel).findByTestId('resume-empty')).toBeInTheDocument();
    await user.upload(within(panel).getByTestId('resume-file'), new File(['경력: 3년'], 'cv.txt', { type: 'text/plain' }));
    await user.click(within(panel).getByTestId('resume-consent'));
    await user.click(within(panel).getByTestId('resume-upload'));
    expect(await within(panel).findByTestId('resume-filename')).toHaveTextContent('cv.txt');
    expect(within(panel).getByTestId('resume-meta')).toHaveTextContent('텍스트');
    expect(fetch.calls(`POST /api/invitations/token/${TOKEN}/accept`)).toHaveLength(0);

    await user.click(screen.getByTestId('consent-interview'));
    await user.click(screen.getByTestId('invite-accept'));
    await waitFor(() => expect(fetch.calls(`POST /api/invitations/token/${TOKEN}/accept`)).toHaveLength(1));
  });

  it('is not shown to a visitor who is not logged in', async () => {
    mockBackend({
      [`GET /api/invitations/token/${TOKEN}`]: [200, invitation],
      'GET /api/consent/notice': [200, noticeWithResume()],
    });
    renderApp(`/invite/${TOKEN}`);
    await screen.findByTestId('invite-guest');
    expect(screen.queryByTestId('resume-panel')).not.toBeInTheDocument();
  });
});

const RECRUITER = { id: 2, username: 'hr', full_name: '김채용', role: 'recruiter', created_at: '2025-01-01T00:00:00Z' };
const VERY_LONG = `${'대규모 트래픽을 견디는 결제 서버를 설계했습니다. '.repeat(14)}끝.`;

describe('Question grounding ("이력서 근거")', () => {
  it("shows the résumé passage next to a grounded question on the recruiter's session page, and nothing for the others", async () => {
    loginAs();
    fakeEventSource();
    const q1 = question(1, {
      answer_text: 'Kafka 파이프라인을 설계했습니다.',
      answer_source: 'typed',
      score: 81,
      evaluation: evaluation(81),
      resume_passage: { id: 12, section: 'experience', text: VERY_LONG },
    });
    const q2 = question(2, { answer_text: 'Redis 캐시를 도입했습니다.', answer_source: 'typed', score: 75, evaluation: evaluation(75), resume_passage: null });
    mockBackend({
      'GET /api/users/me': [200, RECRUITER],
      [`GET /api/sessions/${SID}`]: [200, session({ id: SID, status: 'finished', results_status: 'ready', overall_score: 78 })],
      [`GET /api/sessions/${SID}/questions`]: [200, [q1, q2]],
      [`GET /api/sessions/${SID}/results`]: [200, { session_id: SID, status: 'ready', reason: null, progress: { total: 2, asked: 2, answered: 2, evaluated: 2 }, report: report() }],
      [`GET /api/sessions/${SID}/emotions`]: [200, emotions()],
      [`GET /api/sessions/${SID}/audit`]: [200, []],
    });
    const user = userEvent.setup();
    renderApp(`/recruiter/sessions/${SID}`);

    await screen.findByTestId('detail-overall-score');
    const items = screen.getAllByTestId('transcript-item');
    expect(items).toHaveLength(2);
    const block = within(items[0]).getByTestId('resume-passage');
    expect(block).toHaveTextContent('이력서 근거');
    expect(block).toHaveAttribute('data-passage-id', '12');
    expect(within(block).getByTestId('resume-passage-section')).toHaveTextContent('경력');
    const quote = within(block).getByTestId('resume-passage-text');
    // Cut to 300 characters (+ "…"), the whole passage in the title.
    expect(quote.textContent).toBe(`${Array.from(VERY_LONG).slice(0, 300).join('').trimEnd()}…`);
    expect(quote.textContent.length).toBeLessThan(VERY_LONG.length);
    expect(quote).toHaveAttribute('title', VERY_LONG);
    await user.click(within(block).getByTestId('resume-passage-toggle'));
    expect(quote.textContent).toBe(VERY_LONG);
    expect(within(block).getByTestId('resume-passage-toggle')).toHaveTextContent('접기');

    expect(within(items[1]).queryByTestId('resume-passage')).not.toBeInTheDocument();
    expect(screen.getAllByTestId('resume-passage')).toHaveLength(1);
  });

  it("shows it on the candidate's results page too (short passages whole, without a toggle)", async () => {
    loginAs();
    fakeEventSource();
    const server = interviewServer({ total: 2, asked: 2, status: 'finished', results_status: 'ready' });
    server.state.questions.forEach((q, i) =>
      Object.assign(q, { answer_text: `답변 ${i + 1}`, answer_source: 'typed', score: 80, evaluation: evaluation(80) }),
    );
    server.state.questions[1].resume_passage = { id: 14, section: 'skills', text: 'Python, Go, Kafka, PostgreSQL' };
    server.state.results = { session_id: SID, status: 'ready', reason: null, progress: { total: 2, asked: 2, answered: 2, evaluated: 2 }, report: report() };
    renderApp(`/sessions/${SID}/results`);

    await screen.findByTestId('results-ready');
    const items = screen.getAllByTestId('results-item');
    expect(within(items[0]).queryByTestId('resume-passage')).not.toBeInTheDocument();
    const block = within(items[1]).getByTestId('resume-passage');
    expect(block).toHaveTextContent('이력서 근거');
    expect(within(block).getByTestId('resume-passage-section')).toHaveTextContent('기술');
    expect(within(block).getByTestId('resume-passage-text').textContent).toBe('Python, Go, Kafka, PostgreSQL');
    expect(within(block).queryByTestId('resume-passage-toggle')).not.toBeInTheDocument();
  });
});

describe('résumé API and helpers', () => {
  it('getResume answers null for 404 and throws other errors; uploadResume sends FormData', async () => {
    loginAs('tok');
    let answer = [404, { detail: 'none' }];
    const fetch = mockBackend({ 'GET /api/resume': () => answer, 'POST /api/resume': [201, resume()] });
    await expect(getResume()).resolves.toBeNull();
    answer = [403, { detail: 'Candidates only.' }];
    await expect(getResume()).rejects.toMatchObject({ status: 403, detail: 'Candidates only.' });
    answer = [200, resume()];
    await expect(getResume()).resolves.toMatchObject({ id: 3 });

    await expect(uploadResume(pdf('a.pdf'), 'v9')).resolves.toMatchObject({ id: 3 });
    const [post] = fetch.calls('POST /api/resume');
    expect(post.body.get('notice_version')).toBe('v9');
    expect(post.body.get('file').name).toBe('a.pdf');
    expect(post.headers['Content-Type']).toBeUndefined();
  });

  it('groupSections merges sections of one kind in document order', () => {
    const groups = groupSections([
      { kind: 'experience', heading: '경력', passages: [{ id: 1, text: ' A ' }] },
      { kind: 'skills', heading: null, passages: [] },
      { kind: 'experience', heading: '인턴', passages: [{ id: 2, text: 'B' }, { id: 3, text: 'C' }] },
    ]);
    expect(groups).toEqual([
      { kind: 'experience', headings: ['경력', '인턴'], passages: 3, first: 'A' },
      { kind: 'skills', headings: [], passages: 0, first: '' },
    ]);
  });
});
