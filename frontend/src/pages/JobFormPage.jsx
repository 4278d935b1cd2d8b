import { useEffect, useId, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { createJob, getJob, listPositions, updateJob } from '../api.js';
import Alert from '../components/Alert.jsx';
import FormField from '../components/FormField.jsx';
import { isoToLocalInput, localInputToIso } from '../hiring.js';
import { describeError, useI18n } from '../i18n.js';
import {
  JOB_ANSWER_LIMIT,
  JOB_DESCRIPTION_MAX,
  JOB_FIELDS,
  JOB_PREP_TIME,
  JOB_QUESTIONS,
  JOB_TITLE_MAX,
  serverFieldErrors,
  validateJob,
  VOICE_MODES,
} from '../validation.js';

const EMPTY = {
  title: '',
  family: '',
  description: '',
  competencies: [],
  questions: '5',
  answer_time_limit_s: '',
  prep_time_s: '',
  voice_mode: 'allowed',
  emotion_analysis_offered: true,
  deadline: '',
};

const optionalNumber = (text) => (String(text ?? '').trim() === '' ? null : Number(String(text).trim()));

/** The form's values as a JobCreate body. */
export function jobBody(values) {
  return {
    title: values.title.trim(),
    family: values.family,
    description: values.description.trim(),
    competencies: [...values.competencies],
    questions: Number(String(values.questions).trim()),
    answer_time_limit_s: optionalNumber(values.answer_time_limit_s),
    prep_time_s: optionalNumber(values.prep_time_s),
    voice_mode: values.voice_mode,
    emotion_analysis_offered: Boolean(values.emotion_analysis_offered),
    deadline: localInputToIso(values.deadline),
  };
}

/** A loaded job as the form's values. */
function valuesOf(job) {
  return {
    title: job.title ?? '',
    family: job.family ?? '',
    description: job.description ?? '',
    competencies: Array.isArray(job.competencies) ? [...job.competencies] : [],
    questions: job.questions == null ? '' : String(job.questions),
    answer_time_limit_s: job.answer_time_limit_s == null ? '' : String(job.answer_time_limit_s),
    prep_time_s: job.prep_time_s == null ? '' : String(job.prep_time_s),
    voice_mode: job.voice_mode || 'allowed',
    emotion_analysis_offered: job.emotion_analysis_offered !== false,
    deadline: isoToLocalInput(job.deadline),
  };
}

/** The fields of an edited job that differ from the loaded one (PATCH sends only those). */
function changedFields(values, original) {
  const now = jobBody(values);
  const before = jobBody(original);
  const out = {};
  for (const field of JOB_FIELDS) {
    if (field === 'deadline') {
      if (values.deadline !== original.deadline) out.deadline = now.deadline;
    } else if (JSON.stringify(now[field]) !== JSON.stringify(before[field])) {
      out[field] = now[field];
    }
  }
  return out;
}

/** The chosen competencies in the order they were ticked, with their numbers and up/down buttons. */
function CompetencyPicker({ available, value, onChange, error }) {
  const { t } = useI18n();
  const errorId = useId();
  const toggle = (name, checked) => onChange(checked ? [...value, name] : value.filter((c) => c !== name));
  const move = (index, delta) => {
    const next = [...value];
    const [item] = next.splice(index, 1);
    next.splice(index + delta, 0, item);
    onChange(next);
  };
  return (
    <fieldset
      className={`field competencies${error ? ' field--invalid' : ''}`}
      data-testid="job-competencies"
      aria-describedby={error ? errorId : undefined}
    >
      <legend className="field__label">{t('job.competencies')}</legend>
      {available.length === 0 ? (
        <p className="muted small" data-testid="job-competencies-empty">
          {t('job.competenciesChooseFamily')}
        </p>
      ) : (
        <>
          <p className="field__hint">{t('job.competenciesHint')}</p>
          <div className="competencies__choices">
            {available.map((name) => {
              const position = value.indexOf(name);
              return (
                <label key={name} className="checkbox competencies__choice">
                  <input
                    type="checkbox"
                    checked={position >= 0}
                    onChange={(e) => toggle(name, e.target.checked)}
                    data-testid="job-competency"
                    data-competency={name}
                  />
                  <span>{name}</span>
                  {position >= 0 && (
                    <span className="competencies__number" aria-label={t('job.competencyOrder', { n: position + 1 })}>
                      {position + 1}
                    </span>
                  )}
                </label>
              );
            })}
          </div>
        </>
      )}
      {value.length > 0 && (
        <ol className="competencies__order" data-testid="competency-order" aria-label={t('job.competencyOrderTitle')}>
          {value.map((name, i) => (
            <li key={name} data-testid="competency-order-item" data-competency={name}>
              <span className="competencies__number">{i + 1}</span>
              <span className="competencies__name">{name}</span>
              <button
                type="button"
                className="btn btn--ghost btn--small"
                onClick={() => move(i, -1)}
                disabled={i === 0}
                aria-label={t('job.moveUp', { name })}
                data-testid="competency-up"
              >
                ↑
              </button>
              <button
                type="button"
                className="btn btn--ghost btn--small"
                onClick={() => move(i, 1)}
                disabled={i === value.length - 1}
                aria-label={t('job.moveDown', { name })}
                data-testid="competency-down"
              >
                ↓
              </button>
            </li>
          ))}
        </ol>
      )}
      {error && (
        <p className="field__error" id={errorId} data-testid="job-competencies-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** A labelled <select> or <textarea> with an inline error, like FormField. */
function Field({ label, hint, error, testId, children }) {
  const id = useId();
  const control = children({
    id,
    className: 'field__input',
    'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': [hint && !error ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined,
    'data-testid': testId,
  });
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {control}
      {hint && !error && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field__error" id={`${id}-error`} data-testid={`${testId}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** Create a job (/recruiter/jobs/new) or edit one (/recruiter/jobs/:id/edit). */
export default function JobFormPage() {
  const { t, lang } = useI18n();
  const { id } = useParams();
  const editing = id != null;
  const navigate = useNavigate();

  const [positions, setPositions] = useState({ status: 'loading', items: [], error: null });
  const [job, setJob] = useState({ status: editing ? 'loading' : 'ready', job: null, error: null });
  const [values, setValues] = useState(EMPTY);
  const original = useRef(null);
  const [fieldErrors, setFieldErrors] = useState({}); // field -> i18n key (client)
  const [serverErrors, setServerErrors] = useState({}); // field -> text (server 422)
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const ctrl = new AbortController();
    listPositions({ signal: ctrl.signal })
      .then((items) => setPositions({ status: 'ready', items, error: null }))
      .catch((err) => {
        if (err?.name === 'AbortError' || err?.status === 401) return;
        setPositions({ status: 'error', items: [], error: describeError(err, t) });
      });
    return () => ctrl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (!editing) return undefined;
    const ctrl = new AbortController();
    getJob(id, { signal: ctrl.signal })
      .then((loaded) => {
        const v = valuesOf(loaded);
        original.current = v;
        setValues(v);
        setJob({ status: 'ready', job: loaded, error: null });
      })
      .catch((err) => {
        if (err?.name === 'AbortError' || err?.status === 401) return;
        setJob({ status: 'error', job: null, error: describeError(err, t) });
      });
    return () => ctrl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editing, id]);

  const family = positions.items.find((p) => p.family === values.family) || null;
  const available = family?.competencies || [];
  const closed = editing && job.job?.status === 'closed';

  const set = (name, value) => {
    setValues((v) => ({ ...v, [name]: value }));
    setFieldErrors((fe) => ({ ...fe, [name]: undefined }));
    setServerErrors((fe) => ({ ...fe, [name]: undefined }));
  };
  const onInput = (name) => (e) => set(name, e.target.value);

  async function onSubmit(e) {
    e.preventDefault();
    if (busy || closed) return;
    setError(null);
    setServerErrors({});
    const deadlineChanged = !editing || values.deadline !== original.current?.deadline;
    const problems = validateJob(values, {
      familyCompetencies: family ? family.competencies : null,
      checkDeadline: deadlineChanged,
    });
    setFieldErrors(problems);
    if (Object.keys(problems).length) return;

    const body = editing ? changedFields(values, original.current) : jobBody(values);
    if (editing && Object.keys(body).length === 0) {
      navigate(`/recruiter/jobs/${encodeURIComponent(id)}`);
      return;
    }
    setBusy(true);
    try {
      const saved = editing ? await updateJob(id, body) : await createJob(body);
      navigate(`/recruiter/jobs/${encodeURIComponent(saved?.id ?? id)}`, { state: { job: saved } });
    } catch (err) {
      if (err?.status === 401) return;
      setError(describeError(err, t));
      setServerErrors(serverFieldErrors(err?.errors, JOB_FIELDS));
      setBusy(false);
    }
  }

  const errorFor = (name) => serverErrors[name] || (fieldErrors[name] ? t(fieldErrors[name]) : undefined);
  const backTo = editing ? `/recruiter/jobs/${encodeURIComponent(id)}` : '/recruiter/jobs';

  return (
    <div className="recruiter-page" data-testid="job-form-page">
      <div>
        <Link to={backTo} className="back-link" data-testid="job-form-back">
          ← {editing ? t('job.backToJob') : t('job.backToJobs')}
        </Link>
      </div>
      <section className="card" aria-labelledby="job-form-title">
        <h1 id="job-form-title" className="card__title card__title--large">
          {editing ? t('job.editTitle') : t('job.newTitle')}
        </h1>
        {positions.status === 'error' && <Alert data-testid="positions-error">{positions.error}</Alert>}
        {job.status === 'error' && <Alert data-testid="job-load-error">{job.error}</Alert>}
        {(job.status === 'loading' || positions.status === 'loading') && (
          <p className="muted" role="status" data-testid="job-form-loading">
            {t('common.loading')}
          </p>
        )}
        {closed && (
          <Alert kind="warning" data-testid="job-form-closed">
            {t('job.closedNoEdit')}
          </Alert>
        )}

        {job.status === 'ready' && (
          <form className="form" onSubmit={onSubmit} noValidate data-testid="job-form">
            <FormField
              label={t('job.title')}
              error={errorFor('title')}
              name="title"
              required
              maxLength={JOB_TITLE_MAX}
              value={values.title}
              onChange={onInput('title')}
              data-testid="job-title"
            />
            <Field label={t('job.family')} error={errorFor('family')} testId="job-family">
              {(props) => (
                <select
                  {...props}
                  name="family"
                  required
                  value={values.family}
                  onChange={(e) => {
                    const next = e.target.value;
                    const allowed = positions.items.find((p) => p.family === next)?.competencies || [];
                    setValues((v) => ({ ...v, family: next, competencies: v.competencies.filter((c) => allowed.includes(c)) }));
                    setFieldErrors((fe) => ({ ...fe, family: undefined, competencies: undefined }));
                    setServerErrors((fe) => ({ ...fe, family: undefined, competencies: undefined }));
                  }}
                >
                  <option value="">{t('job.familyChoose')}</option>
                  {positions.items.map((p) => (
                    <option key={p.family} value={p.family}>
                      {(lang === 'en' ? p.label_en : p.label_ko) || p.family}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('job.description')} hint={t('job.descriptionHint')} error={errorFor('description')} testId="job-description">
              {(props) => (
                <textarea
                  {...props}
                  className="field__input job-form__description"
                  name="description"
                  rows={8}
                  maxLength={JOB_DESCRIPTION_MAX}
                  value={values.description}
                  onChange={onInput('description')}
                />
              )}
            </Field>
            <CompetencyPicker
              available={available}
              value={values.competencies}
              onChange={(next) => set('competencies', next)}
              error={errorFor('competencies')}
            />
            <div className="two-col">
              <FormField
                label={t('job.questions')}
                hint={t('job.questionsHint', JOB_QUESTIONS)}
                error={errorFor('questions')}
                name="questions"
                type="number"
                inputMode="numeric"
                min={JOB_QUESTIONS.min}
                max={JOB_QUESTIONS.max}
                required
                value={values.questions}
                onChange={onInput('questions')}
                data-testid="job-questions"
              />
              <Field label={t('job.voiceMode')} error={errorFor('voice_mode')} testId="job-voice-mode">
                {(props) => (
                  <select {...props} name="voice_mode" value={values.voice_mode} onChange={onInput('voice_mode')}>
                    {VOICE_MODES.map((m) => (
                      <option key={m} value={m}>
                        {t(`voiceMode.${m}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <FormField
                label={t('job.answerLimit')}
                hint={t('job.answerLimitHint', JOB_ANSWER_LIMIT)}
                error={errorFor('answer_time_limit_s')}
                name="answer_time_limit_s"
                type="number"
                inputMode="numeric"
                min={JOB_ANSWER_LIMIT.min}
                max={JOB_ANSWER_LIMIT.max}
                value={values.answer_time_limit_s}
                onChange={onInput('answer_time_limit_s')}
                data-testid="job-answer-limit"
              />
              <FormField
                label={t('job.prepTime')}
                hint={t('job.prepTimeHint', JOB_PREP_TIME)}
                error={errorFor('prep_time_s')}
                name="prep_time_s"
                type="number"
                inputMode="numeric"
                min={JOB_PREP_TIME.min}
                max={JOB_PREP_TIME.max}
                value={values.prep_time_s}
                onChange={onInput('prep_time_s')}
                data-testid="job-prep-time"
              />
            </div>
            <FormField
              label={t('job.deadline')}
              hint={t('job.deadlineHint')}
              error={errorFor('deadline')}
              name="deadline"
              type="datetime-local"
              required
              value={values.deadline}
              onChange={onInput('deadline')}
              data-testid="job-deadline"
            />
            <div className="field">
              <label className="checkbox">
                <input
                  type="checkbox"
                  name="emotion_analysis_offered"
                  checked={values.emotion_analysis_offered}
                  onChange={(e) => set('emotion_analysis_offered', e.target.checked)}
                  data-testid="job-emotion"
                />
                <span>{t('job.emotionOffered')}</span>
              </label>
              <p className="field__hint">{t('job.emotionOfferedHint')}</p>
              {errorFor('emotion_analysis_offered') && (
                <p className="field__error" data-testid="job-emotion-error">
                  {errorFor('emotion_analysis_offered')}
                </p>
              )}
            </div>

            <Alert data-testid="job-form-error">{error}</Alert>

            <div className="actions">
              <button type="submit" className="btn btn--primary" disabled={busy || closed} data-testid="job-submit">
                {busy ? t('job.saving') : editing ? t('job.save') : t('job.create')}
              </button>
              <Link to={backTo} className="btn btn--ghost" data-testid="job-cancel">
                {t('job.cancel')}
              </Link>
            </div>
          </form>
        )}
      </section>
    </div>
  );
}
