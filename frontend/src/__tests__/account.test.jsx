import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TOKEN_KEY } from '../api.js';
import { exportFileName } from '../download.js';
import { loginAs, mockBackend, renderApp, USER } from '../test/utils.jsx';

const RECRUITER = { id: 2, username: 'hr', full_name: '김채용', role: 'recruiter', created_at: '2025-01-01T00:00:00Z' };
const EXPORT = { user: { username: 'minji', full_name: '김민지' }, sessions: [{ id: 42, consent: { interview: true } }] };

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

describe('Account page', () => {
  let capture;
  beforeEach(() => {
    capture = captureDownloads();
  });
  afterEach(() => {
    capture.restore();
    vi.restoreAllMocks();
  });

  it('is linked from the header and shows who is logged in', async () => {
    loginAs();
    mockBackend({ 'GET /api/users/me': [200, USER], 'GET /api/sessions': [200, []] });
    const user = userEvent.setup();
    renderApp('/');
    await user.click(await screen.findByTestId('nav-account'));
    expect(await screen.findByTestId('account-page')).toBeInTheDocument();
    expect(screen.getByTestId('account-username')).toHaveTextContent('minji');
  });

  it('"download my data" saves GET /users/me/export as interview-data-<username>.json', async () => {
    loginAs('tok-export');
    const fetch = mockBackend({ 'GET /api/users/me': [200, USER], 'GET /api/users/me/export': [200, EXPORT] });
    const user = userEvent.setup();
    renderApp('/account');

    await user.click(await screen.findByTestId('account-export'));
    expect(await screen.findByTestId('account-export-done')).toHaveTextContent('interview-data-minji.json');
    expect(fetch.calls('GET /api/users/me/export')[0].headers.Authorization).toBe('Bearer tok-export');
    expect(capture.downloads).toHaveLength(1);
    const [download] = capture.downloads;
    expect(download.name).toBe('interview-data-minji.json');
    expect(download.href).toBe('blob:fake/1');
    expect(download.blob.type).toBe('application/json');
    const text = await new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = reject;
      reader.readAsText(download.blob);
    });
    expect(JSON.parse(text)).toEqual(EXPORT);
  });

  it('shows why the export failed', async () => {
    loginAs();
    mockBackend({ 'GET /api/users/me': [200, USER], 'GET /api/users/me/export': [503, { detail: '잠시 후 다시 시도해 주세요.' }] });
    const user = userEvent.setup();
    renderApp('/account');
    await user.click(await screen.findByTestId('account-export'));
    expect(await screen.findByTestId('account-export-error')).toHaveTextContent('잠시 후 다시 시도해 주세요.');
    expect(capture.downloads).toHaveLength(0);
  });

  it('delete: warns what is erased, needs the password, shows a 403, then on 204 logs out with a message', async () => {
    loginAs('tok-delete');
    let answer = [403, { detail: 'The password is not correct.' }];
    const fetch = mockBackend({ 'GET /api/users/me': [200, USER], 'DELETE /api/users/me': () => answer });
    const user = userEvent.setup();
    renderApp('/account');

    const warning = await screen.findByTestId('account-delete-warning');
    expect(warning).toHaveTextContent('모든 면접 세션');
    expect(warning).toHaveTextContent('표정(감정) 분석 데이터');
    expect(warning).toHaveTextContent('되돌릴 수 없습니다');

    await user.click(screen.getByTestId('account-delete-submit'));
    expect(screen.getByTestId('account-delete-password-error')).toHaveTextContent('비밀번호를 입력해 주세요');
    expect(fetch.calls('DELETE /api/users/me')).toHaveLength(0);

    await user.type(screen.getByTestId('account-delete-password'), 'wrong-pass1');
    await user.click(screen.getByTestId('account-delete-submit'));
    expect(await screen.findByTestId('account-delete-error')).toHaveTextContent('The password is not correct.');
    expect(window.localStorage.getItem(TOKEN_KEY)).toBe('tok-delete');
    expect(screen.getByTestId('account-page')).toBeInTheDocument();

    answer = [204, null];
    await user.clear(screen.getByTestId('account-delete-password'));
    await user.type(screen.getByTestId('account-delete-password'), 'secret-pass1');
    await user.click(screen.getByTestId('account-delete-submit'));

    expect(await screen.findByTestId('login-form')).toBeInTheDocument();
    expect(screen.getByTestId('login-notice')).toHaveTextContent('계정과 모든 면접 데이터가 삭제되었습니다');
    expect(window.localStorage.getItem(TOKEN_KEY)).toBeNull();
    const calls = fetch.calls('DELETE /api/users/me');
    expect(calls).toHaveLength(2);
    expect(JSON.parse(calls[1].body)).toEqual({ password: 'secret-pass1' });
    expect(calls[1].headers.Authorization).toBe('Bearer tok-delete');
    expect(calls[1].headers['Content-Type']).toBe('application/json');
  });

  it('recruiters can export but not delete their account here', async () => {
    loginAs();
    mockBackend({ 'GET /api/users/me': [200, RECRUITER], 'GET /api/users/me/export': [200, { user: RECRUITER }] });
    const user = userEvent.setup();
    renderApp('/account');
    expect(await screen.findByTestId('account-delete-recruiter')).toHaveTextContent('운영자');
    expect(screen.queryByTestId('account-delete-form')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('account-export'));
    await waitFor(() => expect(capture.downloads.map((d) => d.name)).toEqual(['interview-data-hr.json']));
  });

  it('the account page needs a login', async () => {
    mockBackend({});
    renderApp('/account');
    expect(await screen.findByTestId('login-form')).toBeInTheDocument();
  });
});

describe('exportFileName', () => {
  it('keeps only safe characters', () => {
    expect(exportFileName('minji')).toBe('interview-data-minji.json');
    expect(exportFileName('a/b\\c d')).toBe('interview-data-a_b_c_d.json');
    expect(exportFileName('')).toBe('interview-data-me.json');
  });
});
