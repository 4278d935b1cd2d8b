import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { loginAs, mockBackend, renderApp } from '../test/utils.jsx';
import { validateWebhook } from '../validation.js';

const RECRUITER = { id: 2, username: 'hr', full_name: '김채용', role: 'recruiter', organisation_id: 1, created_at: '2025-01-01T00:00:00Z' };
const SECRET = 'whsec_my-own-secret-0123456789';

function endpoint(id, overrides = {}) {
  return {
    id,
    url: `https://ats.example.com/hooks/${id}`,
    events: ['invitation.completed', 'report.ready', 'review.resolved'],
    active: true,
    created_at: '2026-03-01T00:00:00Z',
    secret_hint: 'whsec_abcd…',
    ...overrides,
  };
}

function delivery(id, overrides = {}) {
  return {
    id,
    endpoint_id: 3,
    event_id: `evt_${id}`,
    event_type: 'report.ready',
    status: 'delivered',
    attempt_count: 1,
    attempts: [{ at: '2026-03-02T10:00:00Z', status_code: 200, error: null, duration_ms: 42 }],
    next_attempt_at: null,
    created_at: '2026-03-02T10:00:00Z',
    delivered_at: '2026-03-02T10:00:00Z',
    session_id: 41,
    ...overrides,
  };
}

/** A recruiter's backend with `endpoints` registered; `routes` add or replace answers. */
function backend(endpoints = [], routes = {}) {
  return mockBackend({
    'GET /api/users/me': [200, RECRUITER],
    'GET /api/webhooks': () => [200, endpoints],
    ...routes,
  });
}

describe('ATS integration page', () => {
  it('adds an endpoint with the exact body, shows its secret once, and never again after a reload', async () => {
    loginAs();
    const stored = [endpoint(1)];
    const post = vi.fn((call) => {
      const created = endpoint(9, { url: call.json.url, events: [...call.json.events].sort(), secret_hint: `${SECRET.slice(0, 10)}…` });
      stored.unshift(created);
      return [201, { ...created, secret: SECRET }];
    });
    const fetch = backend(stored, { 'POST /api/webhooks': post });
    const user = userEvent.setup();
    const view = renderApp('/recruiter/integrations');

    expect(await screen.findByTestId('nav-recruiter-integrations')).toHaveAttribute('href', '/recruiter/integrations');
    expect(screen.getByTestId('nav-recruiter-integrations')).toHaveTextContent('ATS 연동');
    expect(await screen.findAllByTestId('webhook-row')).toHaveLength(1);
    const boxes = screen.getAllByTestId('webhook-event');
    expect(boxes.map((b) => b.dataset.event)).toEqual(['report.ready', 'review.resolved', 'invitation.completed']);
    expect(boxes[0].closest('label')).toHaveTextContent('리포트 완료');
    expect(boxes[1].closest('label')).toHaveTextContent('사람 검토 완료');
    expect(boxes[2].closest('label')).toHaveTextContent('초대 면접 완료');

    await user.type(screen.getByTestId('webhook-url'), '  https://ats.example.com/hooks/interview  ');
    await user.click(boxes[1]); // untick review.resolved
    await user.type(screen.getByTestId('webhook-secret-input'), SECRET);
    await user.click(screen.getByTestId('webhook-submit'));

    const box = await screen.findByTestId('webhook-secret');
    expect(post).toHaveBeenCalledTimes(1);
    expect(JSON.parse(fetch.calls('POST /api/webhooks')[0].body)).toEqual({
      url: 'https://ats.example.com/hooks/interview',
      events: ['report.ready', 'invitation.completed'],
      secret: SECRET,
    });
    // The secret is never logged.
    expect(JSON.stringify(console.log.mock.calls)).not.toContain(SECRET);
    expect(within(box).getByTestId('webhook-secret-value')).toHaveTextContent(SECRET);
    expect(within(box).getByTestId('webhook-secret-warning')).toHaveTextContent('한 번만');
    await user.click(within(box).getByTestId('webhook-secret-copy'));
    expect(await screen.findByTestId('webhook-secret-copied')).toBeInTheDocument();
    expect(await window.navigator.clipboard.readText()).toBe(SECRET);

    // The new endpoint joins the list, with the hint only; the form is emptied.
    const rows = screen.getAllByTestId('webhook-row');
    expect(rows.map((r) => r.dataset.endpointId)).toEqual(['9', '1']);
    expect(within(rows[0]).getByTestId('webhook-secret-hint')).toHaveTextContent('whsec_my-o…');
    expect(within(rows[0]).getAllByTestId('webhook-event-tag').map((t) => t.dataset.event)).toEqual(['report.ready', 'invitation.completed']);
    expect(rows[0]).not.toHaveTextContent(SECRET);
    expect(screen.getByTestId('webhook-url')).toHaveValue('');
    expect(screen.getByTestId('webhook-secret-input')).toHaveValue('');

    // A reload reads the list again: the secret is gone for good.
    view.unmount();
    renderApp('/recruiter/integrations');
    await waitFor(() => expect(screen.getAllByTestId('webhook-row')).toHaveLength(2));
    expect(fetch.calls('GET /api/webhooks').length).toBeGreaterThanOrEqual(2);
    expect(screen.queryByTestId('webhook-secret')).not.toBeInTheDocument();
    expect(document.body).not.toHaveTextContent(SECRET);
  });

  it('leaves the secret out when none is typed', async () => {
    loginAs();
    const fetch = backend([], { 'POST /api/webhooks': (call) => [201, { ...endpoint(4, { url: call.json.url, events: call.json.events }), secret: 'whsec_generated-by-the-server' }] });
    const user = userEvent.setup();
    renderApp('/recruiter/integrations');
    expect(await screen.findByTestId('webhooks-empty')).toBeInTheDocument();
    await user.type(screen.getByTestId('webhook-url'), 'http://10.0.0.5:8080/in');
    await user.click(screen.getByTestId('webhook-submit'));
    expect(await screen.findByTestId('webhook-secret-value')).toHaveTextContent('whsec_generated-by-the-server');
    expect(JSON.parse(fetch.calls('POST /api/webhooks')[0].body)).toEqual({
      url: 'http://10.0.0.5:8080/in',
      events: ['report.ready', 'review.resolved', 'invitation.completed'],
    });
    await user.click(screen.getByTestId('webhook-secret-dismiss'));
    expect(screen.queryByTestId('webhook-secret')).not.toBeInTheDocument();
  });

  it('blocks a URL that is not http(s), no events and a short secret without a request', async () => {
    loginAs();
    const fetch = backend([]);
    const user = userEvent.setup();
    renderApp('/recruiter/integrations');
    const url = await screen.findByTestId('webhook-url');

    await user.type(url, 'ftp://ats.example.com/in');
    await user.click(screen.getByTestId('webhook-submit'));
    expect(screen.getByTestId('webhook-url-error')).toHaveTextContent('http:// 또는 https://');
    expect(url).toHaveAttribute('aria-invalid', 'true');

    await user.clear(url);
    await user.type(url, 'ats.example.com/in');
    for (const box of screen.getAllByTestId('webhook-event')) await user.click(box);
    await user.type(screen.getByTestId('webhook-secret-input'), 'short');
    await user.click(screen.getByTestId('webhook-submit'));
    expect(screen.getByTestId('webhook-url-error')).toHaveTextContent('http:// 또는 https://');
    expect(screen.getByTestId('webhook-events-error')).toHaveTextContent('하나 이상');
    expect(screen.getByTestId('webhook-secret-input-error')).toHaveTextContent('16자 이상');
    expect(fetch.calls('POST /api/webhooks')).toHaveLength(0);

    expect(validateWebhook({ url: 'https://ats.example.com/x', events: ['report.ready'], secret: '' })).toEqual({});
    expect(validateWebhook({ url: 'https://user:pw@ats.example.com/x', events: ['report.ready'], secret: '' })).toEqual({ url: 'validation.webhookUrlCredentials' });
    expect(validateWebhook({ url: 'javascript:alert(1)', events: [], secret: 'x'.repeat(16) })).toEqual({
      url: 'validation.webhookUrlScheme',
      events: 'validation.webhookEventsRequired',
    });
  });

  it("shows the server's 422 next to the field and above the button", async () => {
    loginAs();
    backend([], {
      'POST /api/webhooks': [
        422,
        {
          detail: 'Invalid request: url must not carry a user name or password; authenticate with the signature.',
          request_id: 'req-1',
          errors: [{ field: 'url', message: 'must not carry a user name or password; authenticate with the signature' }],
        },
      ],
    });
    const user = userEvent.setup();
    renderApp('/recruiter/integrations');
    await user.type(await screen.findByTestId('webhook-url'), 'https://ats.example.com/%40in');
    await user.click(screen.getByTestId('webhook-submit'));
    expect(await screen.findByTestId('webhook-url-error')).toHaveTextContent('must not carry a user name or password');
    expect(screen.getByTestId('webhook-form-error')).toHaveTextContent('Invalid request: url must not carry');
    expect(screen.queryByTestId('webhook-secret')).not.toBeInTheDocument();
    // Typing again clears the field's error.
    await user.type(screen.getByTestId('webhook-url'), 'x');
    expect(screen.queryByTestId('webhook-url-error')).not.toBeInTheDocument();
  });

  it('shows the delivery log: each attempt with its HTTP status, error and duration, the next retry, and refreshes', async () => {
    loginAs();
    const log = [
      delivery(12, {
        event_type: 'invitation.completed',
        status: 'pending',
        attempt_count: 1,
        attempts: [{ at: '2026-03-02T11:00:00Z', status_code: null, error: 'timed out after 10 s', duration_ms: 10000 }],
        next_attempt_at: '2026-03-02T11:00:20Z',
        delivered_at: null,
      }),
      delivery(11, {
        attempt_count: 3,
        attempts: [
          { at: '2026-03-02T10:00:00Z', status_code: 500, error: 'HTTP 500', duration_ms: 31 },
          { at: '2026-03-02T10:00:10Z', status_code: 500, error: 'HTTP 500', duration_ms: 28 },
          { at: '2026-03-02T10:00:30Z', status_code: 200, error: null, duration_ms: 35 },
        ],
        delivered_at: '2026-03-02T10:00:30Z',
      }),
      delivery(10, { event_type: 'review.resolved', status: 'failed', attempt_count: 2, attempts: [{ at: '2026-03-01T10:00:00Z', status_code: 404, error: 'HTTP 404', duration_ms: 12 }, { at: '2026-03-01T10:00:10Z', status_code: 404, error: 'HTTP 404', duration_ms: 11 }], delivered_at: null }),
    ];
    const fetch = backend([endpoint(3)], { 'GET /api/webhooks/3/deliveries': [200, log] });
    const user = userEvent.setup();
    renderApp('/recruiter/integrations');

    const [row] = await screen.findAllByTestId('webhook-row');
    expect(within(row).queryByTestId('webhook-deliveries')).not.toBeInTheDocument();
    expect(fetch.calls('GET /api/webhooks/3/deliveries')).toHaveLength(0);
    await user.click(within(row).getByTestId('webhook-deliveries-toggle'));
    expect(within(row).getByTestId('webhook-deliveries-toggle')).toHaveAttribute('aria-expanded', 'true');

    const rows = await within(row).findAllByTestId('delivery-row');
    expect(new URL(fetch.calls('GET /api/webhooks/3/deliveries')[0].url, 'http://x').searchParams.get('limit')).toBe('50');
    expect(rows.map((r) => [r.dataset.status, r.dataset.attempts])).toEqual([
      ['pending', '1'],
      ['delivered', '3'],
      ['failed', '2'],
    ]);

    const delivered = rows[1];
    expect(within(delivered).getByTestId('delivery-event-type')).toHaveTextContent('리포트 완료');
    expect(within(delivered).getByTestId('delivery-event-id')).toHaveTextContent('evt_11');
    expect(within(delivered).getByTestId('delivery-status')).toHaveTextContent('전송 완료');
    expect(within(delivered).getByTestId('delivery-attempt-count')).toHaveTextContent('시도 3회');
    const attempts = within(delivered).getAllByTestId('delivery-attempt');
    expect(attempts.map((a) => a.dataset.statusCode)).toEqual(['500', '500', '200']);
    expect(within(attempts[0]).getByTestId('delivery-attempt-status')).toHaveTextContent('HTTP 500');
    expect(within(attempts[0]).getByTestId('delivery-attempt-error')).toHaveTextContent('HTTP 500');
    expect(within(attempts[0]).getByTestId('delivery-attempt-duration')).toHaveTextContent('31ms');
    expect(within(attempts[2]).getByTestId('delivery-attempt-status')).toHaveTextContent('HTTP 200');
    expect(within(attempts[2]).queryByTestId('delivery-attempt-error')).not.toBeInTheDocument();
    expect(within(attempts[1]).getByTestId('delivery-attempt-at')).not.toHaveTextContent('—');
    expect(within(delivered).getByTestId('delivery-session-link')).toHaveAttribute('href', '/recruiter/sessions/41');
    expect(within(delivered).queryByTestId('delivery-next-attempt')).not.toBeInTheDocument();

    const pending = rows[0];
    expect(within(pending).getByTestId('delivery-status')).toHaveTextContent('전송 대기');
    expect(within(pending).getByTestId('delivery-event-type')).toHaveTextContent('초대 면접 완료');
    expect(within(pending).getByTestId('delivery-attempt-status')).toHaveTextContent('응답 없음');
    expect(within(pending).getByTestId('delivery-attempt-error')).toHaveTextContent('timed out after 10 s');
    expect(within(pending).getByTestId('delivery-next-attempt')).toHaveTextContent('다음 재시도');

    expect(within(rows[2]).getByTestId('delivery-status')).toHaveTextContent('전송 실패');
    expect(within(rows[2]).getByTestId('delivery-event-type')).toHaveTextContent('사람 검토 완료');
    expect(within(rows[2]).getByTestId('delivery-failed-note')).toBeInTheDocument();

    await user.click(within(row).getByTestId('deliveries-refresh'));
    await waitFor(() => expect(fetch.calls('GET /api/webhooks/3/deliveries')).toHaveLength(2));
    await user.click(within(row).getByTestId('webhook-deliveries-toggle'));
    expect(within(row).queryByTestId('delivery-row')).not.toBeInTheDocument();
  });

  it('deactivates an endpoint only after confirmation and reads its log again', async () => {
    loginAs();
    let status = 'pending';
    const post = vi.fn(() => {
      status = 'cancelled';
      return [200, endpoint(3, { active: false })];
    });
    const fetch = backend([endpoint(3), endpoint(4)], {
      'POST /api/webhooks/3/deactivate': post,
      'GET /api/webhooks/3/deliveries': () => [200, [delivery(20, { status, attempt_count: 0, attempts: [], next_attempt_at: '2026-03-02T11:00:20Z', delivered_at: null })]],
    });
    const user = userEvent.setup();
    renderApp('/recruiter/integrations');
    const row = (await screen.findAllByTestId('webhook-row')).find((r) => r.dataset.endpointId === '3');
    expect(row).toHaveAttribute('data-active', 'true');
    expect(within(row).getByTestId('webhook-active')).toHaveTextContent('사용 중');
    await user.click(within(row).getByTestId('webhook-deliveries-toggle'));
    expect(await within(row).findByTestId('delivery-row')).toHaveAttribute('data-status', 'pending');

    await user.click(within(row).getByTestId('webhook-deactivate'));
    expect(post).not.toHaveBeenCalled();
    await user.click(within(row).getByTestId('webhook-deactivate-cancel'));
    expect(within(row).queryByTestId('webhook-deactivate-confirm')).not.toBeInTheDocument();
    expect(post).not.toHaveBeenCalled();

    await user.click(within(row).getByTestId('webhook-deactivate'));
    expect(within(row).getByTestId('webhook-deactivate-panel')).toHaveTextContent('https://ats.example.com/hooks/3');
    await user.click(within(row).getByTestId('webhook-deactivate-confirm'));
    await waitFor(() => expect(row).toHaveAttribute('data-active', 'false'));
    expect(post).toHaveBeenCalledTimes(1);
    expect(within(row).getByTestId('webhook-active')).toHaveTextContent('중지됨');
    expect(within(row).queryByTestId('webhook-deactivate')).not.toBeInTheDocument();
    await waitFor(() => expect(within(row).getByTestId('delivery-row')).toHaveAttribute('data-status', 'cancelled'));
    expect(fetch.calls('GET /api/webhooks/3/deliveries')).toHaveLength(2);
    // The other endpoint is untouched.
    const other = screen.getAllByTestId('webhook-row').find((r) => r.dataset.endpointId === '4');
    expect(other).toHaveAttribute('data-active', 'true');
    expect(fetch.calls('POST /api/webhooks/4/deactivate')).toHaveLength(0);
  });

  it('explains the signature in Korean and in English', async () => {
    loginAs();
    backend([endpoint(3)]);
    const user = userEvent.setup();
    renderApp('/recruiter/integrations');
    const help = await screen.findByTestId('webhook-signature-help');
    expect(help).toHaveTextContent('X-Interview-Signature');
    expect(within(help).getByTestId('signature-formula')).toHaveTextContent('HMAC-SHA256(secret, t + "." + raw_body)');
    expect(within(help).getByTestId('signature-replay')).toHaveTextContent('300초');

    await user.click(screen.getByTestId('lang-toggle'));
    expect(within(help).getByTestId('signature-replay')).toHaveTextContent('300 seconds');
    expect(screen.getByTestId('nav-recruiter-integrations')).toHaveTextContent('ATS integration');
    expect(screen.getAllByTestId('webhook-event')[0].closest('label')).toHaveTextContent('Report ready');
    expect(within(screen.getByTestId('webhook-row')).getByTestId('webhook-active')).toHaveTextContent('Active');
  });

  it('is for recruiters only', async () => {
    loginAs();
    const fetch = mockBackend({ 'GET /api/users/me': [200, { ...RECRUITER, role: 'candidate' }], 'GET /api/sessions': [200, []], 'GET /api/invitations/mine': [200, []] });
    renderApp('/recruiter/integrations');
    expect(await screen.findByTestId('forbidden')).toBeInTheDocument();
    expect(screen.queryByTestId('integrations-page')).not.toBeInTheDocument();
    expect(screen.queryByTestId('nav-recruiter-integrations')).not.toBeInTheDocument();
    expect(fetch.calls('GET /api/webhooks')).toHaveLength(0);
  });
});
