// A stateful fake of the interview API (backend-core and the media server) for component tests.
import { consentNotice, mockBackend, session, USER } from './utils.jsx';

export const SID = 42;

export function question(order, overrides = {}) {
  return {
    id: 100 + order,
    order,
    question_text: `질문 ${order}: 최근 프로젝트에서 맡은 역할을 설명해 주세요.`,
    kind: order === 1 ? 'opener' : 'competency',
    source: 'local',
    key_terms: [],
    asked_at: new Date().toISOString(),
    answer_text: null,
    answer_source: null,
    transcript: null,
    answered_at: null,
    score: null,
    evaluation: null,
    ...overrides,
  };
}

export function evaluation(score, overrides = {}) {
  return {
    score,
    rubric: { relevance: score, specificity: score - 5, clarity: score + 2, depth: score - 10 },
    strengths: ['구체적인 수치를 들었습니다.'],
    improvements: ['결과를 더 설명해 보세요.'],
    summary: `답변 ${score}점: 상황과 행동이 분명합니다.`,
    source: 'local',
    ...overrides,
  };
}

export function report(overrides = {}) {
  return {
    overall_score: 78,
    rubric: { relevance: 80, specificity: 75, clarity: 82, depth: 70 },
    items: [
      { order: 1, question: '질문 1: 최근 프로젝트에서 맡은 역할을 설명해 주세요.', answer: 'Kafka 파이프라인을 설계했습니다.', score: 81, summary: '구체적입니다.' },
      { order: 2, question: '질문 2: 최근 프로젝트에서 맡은 역할을 설명해 주세요.', answer: 'Redis 캐시를 도입했습니다.', score: 75, summary: '결과가 분명합니다.' },
    ],
    strengths: ['경험을 수치로 설명합니다.'],
    improvements: ['트레이드오프를 더 설명해 보세요.'],
    recommendation: 'hire',
    recommendation_reason: '핵심 역량이 확인됩니다.',
    answered: 2,
    asked: 2,
    ...overrides,
  };
}

export function emotions(overrides = {}) {
  const share = (happy) => ({ angry: 0, disgust: 0, fear: 0, happy, sad: 0, surprise: 0, neutral: Math.round((1 - happy) * 100) / 100 });
  const probabilities = { angry: 0.01, disgust: 0, fear: 0.01, happy: 0.9, sad: 0.02, surprise: 0.02, neutral: 0.04 };
  return {
    session_id: SID,
    status: 'collected',
    backend: 'minixception',
    caveat: {
      ko: '(서버) FER2013으로 학습한 모델의 추정값으로 정확도는 약 57–74%입니다. 능력이나 정직성의 척도가 아니며 참고용입니다.',
      en: '(server) Estimates of a model trained on FER2013 (about 57–74% accurate); advisory only, not a measure of ability or honesty.',
    },
    frames: 5,
    timeline: [
      { captured_at: '2025-01-02T03:04:05Z', question_id: 101, faces_found: 1, dominant: 'happy', probabilities },
      { captured_at: '2025-01-02T03:04:06Z', question_id: 101, faces_found: 0, dominant: null, probabilities: null },
      { captured_at: '2025-01-02T03:04:07Z', question_id: 101, faces_found: 2, dominant: null, probabilities: null },
      { captured_at: '2025-01-02T03:04:30Z', question_id: 102, faces_found: 1, dominant: 'neutral', probabilities },
      { captured_at: '2025-01-02T03:04:31Z', question_id: 102, faces_found: 1, dominant: 'happy', probabilities },
    ],
    per_question: [
      { question_id: 101, order: 1, frames: 3, no_face: 1, multi_face: 1, share: share(1) },
      { question_id: 102, order: 2, frames: 2, no_face: 0, multi_face: 0, share: share(0.5) },
    ],
    ...overrides,
  };
}

/**
 * The fake server. `state` is live: tests change it (add a question, finish the report) and
 * then tell the page through a fake server-sent event, or let it poll.
 */
export function interviewServer({ total = 3, asked = 1, user = USER, routes = {}, ...overrides } = {}) {
  const state = {
    session: session({ id: SID, status: 'in_progress', total_questions: total, results_status: 'pending', overall_score: null, finished_at: null, ...overrides }),
    questions: [],
    results: null,
    emotions: emotions({ frames: 0, timeline: [], per_question: [] }),
    audit: [],
  };
  const progress = () => ({
    total: state.session.total_questions,
    asked: state.questions.length,
    answered: state.questions.filter((q) => q.answer_text != null).length,
    evaluated: state.questions.filter((q) => q.evaluation).length,
  });
  const addQuestion = (extra = {}) => {
    const q = question(state.questions.length + 1, extra);
    state.questions.push(q);
    return q;
  };
  for (let i = 0; i < asked; i += 1) addQuestion();
  const finish = () => {
    state.session = { ...state.session, status: 'finished', results_status: 'processing', finished_at: new Date().toISOString() };
  };

  const base = `/api/sessions/${SID}`;
  const fetch = mockBackend({
    'GET /api/users/me': [200, user],
    'GET /api/consent/notice': [200, consentNotice()],
    'GET /api/sessions': () => [200, [state.session]],
    [`GET ${base}`]: () => [200, state.session],
    // As the backend: `?answered=true` lists only the answered and timed-out questions.
    [`GET ${base}/questions`]: (call) => [
      200,
      new URL(call.url, 'http://x').searchParams.get('answered') === 'true'
        ? state.questions.filter((q) => q.answer_text != null || q.timed_out)
        : state.questions,
    ],
    [`POST ${base}/answers`]: (call) => {
      const { question_id: id, answer_text: text } = call.json;
      const q = state.questions.find((x) => x.id === id);
      if (!q) return [404, { detail: `Question ${id} was not found.` }];
      if (q.answer_text != null) return [409, { detail: '이미 답변한 질문입니다.' }];
      if (!String(text).trim()) return [422, { detail: '답변이 비어 있습니다.' }];
      Object.assign(q, { answer_text: text, answer_source: 'typed', answered_at: new Date().toISOString() });
      if (q.order >= state.session.total_questions) finish();
      else state.session = { ...state.session, status: 'in_progress' };
      return [201, q];
    },
    [`POST ${base}/finish`]: () => {
      finish();
      return [200, state.session];
    },
    [`GET ${base}/results`]: () => [
      200,
      state.results || { session_id: SID, status: state.session.results_status, reason: null, progress: progress(), report: null },
    ],
    [`GET ${base}/emotions`]: () => [200, state.emotions],
    [`GET ${base}/audit`]: () => [200, state.audit],
    'POST /media/offer': (call) => [200, { sdp: `v=0\r\nanswer-for:${call.json.session_id}\r\n`, type: 'answer', peer_id: 'peer-1' }],
    'POST /media/voice-answers': (call) => [202, { audio_id: 7, question_id: call.json.question_id, duration_s: 3.4 }],
    ...routes,
  });
  return { state, fetch, addQuestion, finish, progress };
}
