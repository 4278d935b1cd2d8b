import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, downloadReportPdf, request, TOKEN_KEY } from '../api.js';
import { reportPdfFileName } from '../download.js';
import { translate } from '../i18n.js';
import { emotions, evaluation, interviewServer, question, report, SID } from '../test/interview.js';
import { fakeEventSource } from '../test/media.js';
import { loginAs, mockBackend, readBlobText, renderApp, session } from '../test/utils.jsx';

const RECRUITER = { id: 2, username: 'hr', full_name: '김채용', role: 'recruiter', created_at: '2025-01-01T00:00:00Z' };
const PDF_BYTES = '%PDF-1.4\n% fake report\n%%EOF\n';
const PDF_ROUTE = `GET /api/sessions/${SID}/report.pdf`;
const NOT_READY = '결과가 아직 준비되지 않았습니다.';

const pdfBlob = () => new Blob([PDF_BYTES], { type: 'application/pdf' });
const pdfAnswer = () => [200, pdfBlob(), { 'Content-Disposition': `attachment; filename="interview-${SID}-report.pdf"` }];

/** Capture downloads: the Blob handed to createObjectURL and the <a download> that was clicked. */
function captureDownloads() {
  const downloads = [];
  const blobs = [];
  const saved = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
  URL.createObjectURL = vi.fn((blob) => {
    blobs.push(blob);
    return `blob:fake/${blobs.length}`;
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function click() {
    downloads.push({ name: this.download, href: this.getAttribute('href'), blob: blobs.at(-1) });
  });
  return {
    downloads,
    restore() {
      URL.createObjectURL = saved.create;
      URL.revokeObjectURL = saved.revoke;
    },
  };
}

/** A finished interview of the candidate whose results are `status` (ready: with the report). */
function candidateServer(status, routes = {}) {
  const server = interviewServer({ total: 2, asked: 2, status: 'finished', results_status: status, routes });
  server.state.questions.forEach((q, i) => Object.assign(q, { answer_text: `답변 ${i + 1}`, answer_source: 'typed' }));
  if (status === 'ready') makeReady(server);
  return server;
}

function makeReady(server) {
  server.state.questions.forEach((q, i) => Object.assign(q, { score: 81 - i * 6, evaluation: evaluation(81 - i * 6) }));
  server.state.results = {
    session_id: SID,
    status: 'ready',
    reason: null,
    progress: { total: 2, asked: 2, answered: 2, evaluated: 2 },
    report: report(),
  };
  server.state.session = { ...server.state.session, results_status: 'ready', overall_score: 78 };
}

function recruiterBackend(status, routes = {}) {
  const q1 = question(1, { answer_text: 'Kafka 파이프라인을 설계했습니다.', answer_source: 'typed', score: 81, evaluation: evaluation(81) });
  const ready = status === 'ready';
  return mockBackend({
    'GET /api/users/me': [200, RECRUITER],
    'GET /api/sessions': [200, []],
    [`GET /api/sessions/${SID}`]: [200, session({ id: SID, status: 'finished', results_status: status, overall_score: ready ? 78 : null })],
    [`GET /api/sessions/${SID}/questions`]: [200, [q1]],
    [`GET /api/sessions/${SID}/results`]: [
      200,
      { session_id: SID, status, reason: null, progress: { total: 1, asked: 1, answered: 1, evaluated: ready ? 1 : 0 }, report: ready ? report() : null },
    ],
    [`GET /api/sessions/${SID}/emotions`]: [200, emotions()],
    [`GET /api/sessions/${SID}/audit`]: [200, []],
    ...routes,
  });
}

let capture;
beforeEach(() => {
  capture = captureDownloads();
});
afterEach(() => {
  capture.restore();
  vi.restoreAllMocks();
});

describe('PDF report download: candidate results page', () => {
  it('shows the button only once the results are ready', async () => {
    loginAs();
    const sources = fakeEventSource();
    const server = candidateServer('processing', { [PDF_ROUTE]: pdfAnswer });
    renderApp(`/sessions/${SID}/results`);

    expect(await screen.findByTestId('results-pending')).toBeInTheDocument();
    expect(screen.queryByTestId('report-pdf')).not.toBeInTheDocument();

    makeReady(server);
    await waitFor(() => expect(sources.latest()).toBeTruthy());
    sources.latest().emit('report_ready', { overall_score: 78 });
    expect(await screen.findByTestId('report-pdf')).toHaveTextContent('PDF 보고서 다운로드');
    expect(screen.getByTestId('report-pdf')).toBeEnabled();
    // Nothing is fetched until asked for.
    expect(server.fetch.calls(PDF_ROUTE)).toHaveLength(0);
  });

  it('is not offered when the report failed', async () => {
    loginAs();
    fakeEventSource();
    const server = candidateServer('processing', { [PDF_ROUTE]: pdfAnswer });
    server.state.results = {
      session_id: SID,
      status: 'failed',
      reason: '답변이 하나도 없어 결과를 만들 수 없습니다.',
      progress: { total: 2, asked: 2, answered: 0, evaluated: 0 },
      report: null,
    };
    renderApp(`/sessions/${SID}/results`);
    expect(await screen.findByTestId('results-failed')).toBeInTheDocument();
    expect(screen.queryByTestId('report-pdf')).not.toBeInTheDocument();
  });

  it('saves GET /sessions/{id}/report.pdf (bearer token) as interview-<id>-report.pdf, disabled while downloading', async () => {
    loginAs('tok-pdf');
    fakeEventSource();
    let release;
    const gate = new Promise((resolve) => {
      release = resolve;
    });
    const server = candidateServer('ready', {
      [PDF_ROUTE]: async () => {
        await gate;
        return pdfAnswer();
      },
    });
    const user = userEvent.setup();
    renderApp(`/sessions/${SID}/results`);

    const button = await screen.findByTestId('report-pdf');
    await user.click(button);
    await waitFor(() => expect(screen.getByTestId('report-pdf')).toBeDisabled());
    expect(screen.getByTestId('report-pdf')).toHaveTextContent('PDF 보고서를 내려받는 중');
    expect(capture.downloads).toHaveLength(0);

    release();
    await waitFor(() => expect(capture.downloads).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId('report-pdf')).toBeEnabled());
    expect(screen.getByTestId('report-pdf')).toHaveTextContent('PDF 보고서 다운로드');
    expect(screen.queryByTestId('report-pdf-error')).not.toBeInTheDocument();

    const calls = server.fetch.calls(PDF_ROUTE);
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe(`/api/sessions/${SID}/report.pdf`);
    expect(calls[0].method).toBe('GET');
    expect(calls[0].headers.Authorization).toBe('Bearer tok-pdf');
    expect(calls[0].headers.Accept).toContain('application/pdf');

    const [download] = capture.downloads;
    expect(download.name).toBe(`interview-${SID}-report.pdf`);
    expect(download.href).toBe('blob:fake/1');
    expect(download.blob).toBeInstanceOf(Blob);
    expect(download.blob.type).toBe('application/pdf');
    expect(await readBlobText(download.blob)).toBe(PDF_BYTES);
  });

  it("shows the server's message on a 409 and saves nothing", async () => {
    loginAs();
    fakeEventSource();
    candidateServer('ready', { [PDF_ROUTE]: [409, { detail: NOT_READY }] });
    const user = userEvent.setup();
    renderApp(`/sessions/${SID}/results`);

    await user.click(await screen.findByTestId('report-pdf'));
    const error = await screen.findByTestId('report-pdf-error');
    expect(error).toHaveTextContent(NOT_READY);
    expect(error).toHaveAttribute('role', 'alert');
    expect(capture.downloads).toHaveLength(0);
    expect(URL.createObjectURL).not.toHaveBeenCalled();
    // The button stays usable for another try.
    expect(screen.getByTestId('report-pdf')).toBeEnabled();
  });

  it('a 401 logs out like every other call', async () => {
    loginAs('tok-old');
    fakeEventSource();
    candidateServer('ready', { [PDF_ROUTE]: [401, { detail: 'Not authenticated' }] });
    const user = userEvent.setup();
    renderApp(`/sessions/${SID}/results`);

    await user.click(await screen.findByTestId('report-pdf'));
    await waitFor(() => expect(window.localStorage.getItem(TOKEN_KEY)).toBeNull());
    expect(await screen.findByTestId('login-form')).toBeInTheDocument();
    expect(capture.downloads).toHaveLength(0);
  });
});

describe('PDF report download: recruiter session review', () => {
  it('is offered once ready and saves the PDF of the session under review', async () => {
    loginAs('tok-hr');
    fakeEventSource();
    const fetch = recruiterBackend('ready', { [PDF_ROUTE]: pdfAnswer });
    const user = userEvent.setup();
    renderApp(`/recruiter/sessions/${SID}`);

    expect(await screen.findByTestId('detail-overall-score')).toBeInTheDocument();
    await user.click(screen.getByTestId('report-pdf'));
    await waitFor(() => expect(capture.downloads).toHaveLength(1));
    expect(capture.downloads[0].name).toBe(`interview-${SID}-report.pdf`);
    expect(capture.downloads[0].blob.type).toBe('application/pdf');
    expect(fetch.calls(PDF_ROUTE)[0].headers.Authorization).toBe('Bearer tok-hr');
  });

  it('is not offered while the results are processing', async () => {
    loginAs();
    fakeEventSource();
    recruiterBackend('processing', { [PDF_ROUTE]: pdfAnswer });
    renderApp(`/recruiter/sessions/${SID}`);
    expect(await screen.findByTestId('results-pending')).toBeInTheDocument();
    expect(screen.queryByTestId('report-pdf')).not.toBeInTheDocument();
  });

  it("shows the server's message on a 404", async () => {
    loginAs();
    fakeEventSource();
    recruiterBackend('ready', { [PDF_ROUTE]: [404, { detail: 'Session 42 was not found.' }] });
    const user = userEvent.setup();
    renderApp(`/recruiter/sessions/${SID}`);
    await user.click(await screen.findByTestId('report-pdf'));
    expect(await screen.findByTestId('report-pdf-error')).toHaveTextContent('Session 42 was not found.');
    expect(capture.downloads).toHaveLength(0);
  });
});

describe('PDF report download: api and helpers', () => {
  it('request({blob: true}) returns the body as a Blob and still parses an error detail', async () => {
    loginAs('tok-api');
    mockBackend({ 'GET /api/pdf-ok': pdfAnswer, 'GET /api/pdf-late': [409, { detail: NOT_READY }] });
    const blob = await request('/pdf-ok', { blob: true });
    expect(blob).toBeInstanceOf(Blob);
    expect(await readBlobText(blob)).toBe(PDF_BYTES);

    const err = await request('/pdf-late', { blob: true }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(409);
    expect(err.detail).toBe(NOT_READY);
  });

  it('downloadReportPdf returns the file name it saved', async () => {
    loginAs();
    mockBackend({ 'GET /api/sessions/7/report.pdf': [200, pdfBlob()] });
    await expect(downloadReportPdf(7)).resolves.toBe('interview-7-report.pdf');
    expect(capture.downloads.map((d) => d.name)).toEqual(['interview-7-report.pdf']);
  });

  it('file names are made of safe characters; labels exist in both languages', () => {
    expect(reportPdfFileName(42)).toBe('interview-42-report.pdf');
    expect(reportPdfFileName('../x y')).toBe('interview-_x_y-report.pdf');
    expect(reportPdfFileName(null)).toBe('interview-session-report.pdf');
    expect(translate('ko', 'results.pdf')).toBe('PDF 보고서 다운로드');
    expect(translate('en', 'results.pdf')).toBe('Download PDF report');
  });
});
