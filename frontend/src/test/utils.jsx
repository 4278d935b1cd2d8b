// Test helpers: render the app in a memory router and fake the backend with a
// mocked `fetch` (component tests only; end-to-end tests use the real stack).
import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { vi } from 'vitest';
import App from '../App.jsx';
import { TOKEN_KEY } from '../api.js';

export function renderApp(route = '/') {
  return render(
    <MemoryRouter initialEntries={[route]}>
      <App />
    </MemoryRouter>,
  );
}

export function loginAs(token = 'test-token') {
  window.localStorage.setItem(TOKEN_KEY, token);
}

/** The text of a Blob (jsdom's FileReader, which every jsdom version has). */
export function readBlobText(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

/** A minimal Response look-alike. A Blob body (e.g. a PDF) is answered as is by `blob()`. */
export function fakeResponse(status, body, headers = {}) {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
  if (body instanceof Blob) {
    if (!lower['content-type'] && body.type) lower['content-type'] = body.type;
    return {
      ok: status >= 200 && status < 300,
      status,
      headers: { get: (name) => lower[String(name).toLowerCase()] ?? null },
      text: () => readBlobText(body),
      json: async () => JSON.parse(await readBlobText(body)),
      blob: async () => body,
    };
  }
  const text = body === undefined || body === null ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  if (text && typeof body !== 'string' && !lower['content-type']) lower['content-type'] = 'application/json';
  return {
    ok: status >= 200 && status < 300,
    status,
    headers: { get: (name) => lower[String(name).toLowerCase()] ?? null },
    text: async () => text,
    json: async () => JSON.parse(text),
    blob: async () => new Blob([text], { type: lower['content-type'] || '' }),
  };
}

/**
 * Stub `fetch` with a route table: { 'POST /api/sessions': handler, ... }.
 * A handler is [status, body, headers?] or a function (call) => [status, body, headers?].
 * `call` has {url, method, headers, body, json, form}. Unknown routes answer 404.
 * Returns the vi.fn so tests can inspect `.mock.calls`, plus `calls(route)`.
 */
export function mockBackend(routes) {
  const fn = vi.fn(async (url, init = {}) => {
    const method = (init.method || 'GET').toUpperCase();
    const path = String(url).split('?')[0];
    const headers = init.headers || {};
    const call = {
      url: String(url),
      method,
      headers,
      body: init.body,
      get json() {
        return init.body ? JSON.parse(init.body) : undefined;
      },
      get form() {
        return Object.fromEntries(new URLSearchParams(init.body || ''));
      },
    };
    const handler = routes[`${method} ${path}`];
    if (!handler) return fakeResponse(404, { detail: `no mock for ${method} ${path}` });
    const [status, body, resHeaders] = typeof handler === 'function' ? await handler(call) : handler;
    return fakeResponse(status, body, resHeaders);
  });
  vi.stubGlobal('fetch', fn);
  fn.calls = (route) =>
    fn.mock.calls
      .filter(([url, init = {}]) => `${(init.method || 'GET').toUpperCase()} ${String(url).split('?')[0]}` === route)
      .map(([url, init = {}]) => ({
        url,
        method: (init.method || 'GET').toUpperCase(),
        headers: init.headers || {},
        body: init.body,
      }));
  return fn;
}

export const USER = {
  id: 7,
  username: 'minji',
  full_name: '김민지',
  role: 'candidate',
  created_at: '2025-01-02T03:04:05Z',
};

export const NOTICE_VERSION = '2026-11-25.1';

export function session(overrides = {}) {
  return {
    id: 42,
    user_id: USER.id,
    user_name: '김민지',
    position: '백엔드 개발자',
    status: 'created',
    created_at: '2025-01-02T03:04:05Z',
    updated_at: '2025-01-02T03:04:05Z',
    emotion_consent: true,
    emotion_analysis: 'collected',
    consent_notice_version: NOTICE_VERSION,
    consented_at: '2025-01-02T03:04:05Z',
    review_requested_at: null,
    review_reason: null,
    review_resolved_at: null,
    review_note: null,
    ...overrides,
  };
}

const text = (ko, en) => ({ ko, en });

/** GET /consent/notice. `emotion: false` is a deployment without emotion analysis (no such item). */
export function consentNotice({ emotion = true, version = NOTICE_VERSION, ...overrides } = {}) {
  const items = [
    {
      key: 'interview',
      required: true,
      title: text('면접 진행을 위한 개인정보 수집·이용', 'Personal data for the interview'),
      data: text('이름, 지원 직무, 답변(글·음성), 카메라·마이크 스트림', 'Name, position, answers (typed and spoken), camera and microphone stream'),
      purpose: text('AI 면접 진행과 답변 평가', 'Running the AI interview and evaluating the answers'),
      retention: text('면접 후 180일', '180 days after the interview'),
    },
  ];
  if (emotion) {
    items.push({
      key: 'emotion_analysis',
      required: false,
      title: text('표정(감정) 분석', 'Emotion analysis'),
      data: text('카메라 영상에서 추출한 표정 추정값', 'Facial-expression estimates from the camera video'),
      purpose: text('참고용 분석 (평가 점수에 쓰지 않음)', 'Advisory analysis (never used in scores)'),
      retention: text('면접 후 180일', '180 days after the interview'),
    });
  }
  return {
    version,
    emotion_analysis_enabled: emotion,
    retention_days: 180,
    items,
    emotion_caveat: text('표정 인식 모델의 추정값은 부정확할 수 있으며 능력의 척도가 아닙니다.', 'Emotion estimates can be wrong and are no measure of ability.'),
    ...overrides,
  };
}
