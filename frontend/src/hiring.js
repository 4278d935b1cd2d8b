// Helpers of the hiring workflow (jobs, invitations, timed answers) shared by its pages.

/** The addresses in pasted text: split on commas, semicolons, spaces and new lines (order kept, nothing dropped silently). */
export function splitEmails(text) {
  return String(text ?? '')
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter(Boolean);
}

const pad = (n) => String(Math.trunc(Math.abs(n))).padStart(2, '0');

/**
 * A `datetime-local` value ("2026-05-01T18:00", the browser's local time) as ISO 8601 with the
 * local zone's offset ("2026-05-01T18:00:00+09:00"); '' when it is not a date.
 */
export function localInputToIso(value) {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(offset / 60)}:${pad(offset % 60)}`
  );
}

/** An ISO timestamp as a `datetime-local` value in the browser's time zone; '' when there is none. */
export function isoToLocalInput(value) {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The label of a position family in the UI language. */
export function familyLabel(positions, family, lang) {
  const p = (positions || []).find((x) => x.family === family);
  if (!p) return family || '—';
  return (lang === 'en' ? p.label_en : p.label_ko) || p.label_ko || p.label_en || family;
}

/** "90초" / "none": a job's time rule for people. */
export function secondsText(value, t) {
  if (value == null || value === '') return t('job.noLimit');
  return t('job.seconds', { seconds: value });
}

/** Whether a question of the interview is settled: answered, or its time ran out unanswered. */
export function isSettled(question) {
  return question?.answer_text != null || question?.timed_out === true;
}

/**
 * The clock of the current question from the server's numbers, as local deadlines (ms since the epoch)
 * counted from `receivedAt`, when the numbers were received. Preparation first, then the answer time:
 * `answer_seconds_left` is the answer phase's own time while preparation is running, unless it is longer
 * than the session's whole answer limit (then it already runs to the final deadline).
 * Null when the question has no limit at all.
 */
export function questionClock(question, { receivedAt, answerLimit = null }) {
  const prep = question?.prep_seconds_left;
  const answer = question?.answer_seconds_left;
  const hasPrep = prep != null && Number.isFinite(Number(prep));
  const hasAnswer = answer != null && Number.isFinite(Number(answer));
  if (!hasPrep && !hasAnswer) return null;
  const prepMs = hasPrep ? Math.max(0, Number(prep)) * 1000 : 0;
  const prepEnd = receivedAt + prepMs;
  let answerEnd = null;
  if (hasAnswer) {
    const answerMs = Math.max(0, Number(answer)) * 1000;
    const includesPrep = answerLimit != null && Number(answer) > Number(answerLimit) + 1;
    answerEnd = includesPrep ? receivedAt + answerMs : prepEnd + answerMs;
  }
  return { prepEnd: hasPrep ? prepEnd : null, answerEnd };
}
