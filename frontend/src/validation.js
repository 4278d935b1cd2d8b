// Client-side checks that mirror the backend contract. The server stays the
// authority: its 422 `detail` and `errors` are shown as well.
export const USERNAME_PATTERN = /^[A-Za-z0-9._-]{3,32}$/;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 24;
export const TEXT_MAX = 100;

/** Returns {field: i18nKey} for each problem; empty when valid. */
export function validateRegistration({ username, password, full_name }) {
  const errors = {};
  if (!username) errors.username = 'validation.usernameRequired';
  else if (!USERNAME_PATTERN.test(username)) errors.username = 'validation.usernameFormat';
  if (!full_name.trim()) errors.full_name = 'validation.fullNameRequired';
  if (!password) errors.password = 'validation.passwordRequired';
  else if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) errors.password = 'validation.passwordLength';
  return errors;
}

export function validateLogin({ username, password }) {
  const errors = {};
  if (!username.trim()) errors.username = 'validation.usernameRequired';
  if (!password) errors.password = 'validation.passwordRequired';
  return errors;
}

export function validateSessionStart({ user_name, position }) {
  const errors = {};
  if (!user_name.trim()) errors.user_name = 'validation.nameRequired';
  if (!position.trim()) errors.position = 'validation.positionRequired';
  return errors;
}

/** Map the server's [{field, message}] onto the form's fields (unknown fields are dropped). */
export function serverFieldErrors(errors, fields, aliases = {}) {
  const out = {};
  for (const { field, message } of errors || []) {
    const name = aliases[field] || field;
    if (fields.includes(name) && !out[name]) out[name] = message;
  }
  return out;
}

// ------------------------------------------------------------------ jobs (docs/hiring.md, JobCreate)
export const JOB_TITLE_MAX = 200;
export const JOB_DESCRIPTION_MAX = 20000;
export const JOB_COMPETENCIES_MAX = 12;
export const JOB_QUESTIONS = { min: 1, max: 10 };
export const JOB_ANSWER_LIMIT = { min: 30, max: 1800 };
export const JOB_PREP_TIME = { min: 0, max: 600 };
export const VOICE_MODES = ['required', 'allowed', 'off'];
export const JOB_FIELDS = [
  'title',
  'family',
  'description',
  'competencies',
  'questions',
  'answer_time_limit_s',
  'prep_time_s',
  'voice_mode',
  'emotion_analysis_offered',
  'deadline',
];
export const INVITE_EMAILS_MAX = 500;

const isWhole = (text) => /^\d+$/.test(String(text).trim());

/** An optional whole number of seconds within {min, max}: '' is fine (none). */
function secondsProblem(value, { min, max }, key) {
  const text = String(value ?? '').trim();
  if (text === '') return null;
  if (!isWhole(text) || Number(text) < min || Number(text) > max) return key;
  return null;
}

/**
 * The job form as typed: {title, family, description, competencies: [str], questions, answer_time_limit_s,
 * prep_time_s, voice_mode, deadline (datetime-local text)}. `familyCompetencies`: the chosen family's.
 * `checkDeadline`: the deadline must be set and in the future (a new job, or an edited deadline).
 */
export function validateJob(values, { familyCompetencies = null, checkDeadline = true, now = Date.now() } = {}) {
  const errors = {};
  const title = String(values.title ?? '').trim();
  if (!title) errors.title = 'validation.jobTitleRequired';
  else if (title.length > JOB_TITLE_MAX) errors.title = 'validation.jobTitleLength';
  if (!values.family) errors.family = 'validation.jobFamilyRequired';
  if (String(values.description ?? '').length > JOB_DESCRIPTION_MAX) errors.description = 'validation.jobDescriptionLength';
  const competencies = values.competencies || [];
  if (!competencies.length) errors.competencies = 'validation.jobCompetenciesRequired';
  else if (competencies.length > JOB_COMPETENCIES_MAX) errors.competencies = 'validation.jobCompetenciesMax';
  else if (familyCompetencies && competencies.some((c) => !familyCompetencies.includes(c))) {
    errors.competencies = 'validation.jobCompetenciesFamily';
  }
  const questions = String(values.questions ?? '').trim();
  if (!isWhole(questions) || Number(questions) < JOB_QUESTIONS.min || Number(questions) > JOB_QUESTIONS.max) {
    errors.questions = 'validation.jobQuestionsRange';
  }
  const limit = secondsProblem(values.answer_time_limit_s, JOB_ANSWER_LIMIT, 'validation.jobAnswerLimitRange');
  if (limit) errors.answer_time_limit_s = limit;
  const prep = secondsProblem(values.prep_time_s, JOB_PREP_TIME, 'validation.jobPrepTimeRange');
  if (prep) errors.prep_time_s = prep;
  if (!VOICE_MODES.includes(values.voice_mode)) errors.voice_mode = 'validation.jobVoiceModeRequired';
  if (checkDeadline) {
    const at = values.deadline ? new Date(values.deadline).getTime() : NaN;
    if (!values.deadline || Number.isNaN(at)) errors.deadline = 'validation.jobDeadlineRequired';
    else if (at <= now) errors.deadline = 'validation.jobDeadlineFuture';
  }
  return errors;
}

// ------------------------------------------------------------------ webhooks (docs/webhooks.md, WebhookEndpointCreate)
export const WEBHOOK_URL_MAX = 2000;
export const WEBHOOK_SECRET = { min: 16, max: 128 };
export const WEBHOOK_FIELDS = ['url', 'events', 'secret'];

/**
 * The webhook form as typed: {url, events: [str], secret}. The URL must be http:// or https:// with a
 * host and without a user name or password; at least one event; the secret is optional (16–128 characters).
 */
export function validateWebhook({ url, events, secret }) {
  const errors = {};
  const text = String(url ?? '').trim();
  let parsed = null;
  if (/^https?:\/\//i.test(text)) {
    try {
      parsed = new URL(text);
    } catch {
      parsed = null;
    }
  }
  if (!text) errors.url = 'validation.webhookUrlRequired';
  else if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || !parsed.hostname) errors.url = 'validation.webhookUrlScheme';
  else if (parsed.username || parsed.password) errors.url = 'validation.webhookUrlCredentials';
  else if (text.length > WEBHOOK_URL_MAX) errors.url = 'validation.webhookUrlLength';
  if (!events || events.length === 0) errors.events = 'validation.webhookEventsRequired';
  const key = String(secret ?? '');
  if (key && (key.length < WEBHOOK_SECRET.min || key.length > WEBHOOK_SECRET.max)) errors.secret = 'validation.webhookSecretLength';
  return errors;
}
