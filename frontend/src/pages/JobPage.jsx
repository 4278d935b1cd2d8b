import { useCallback, useEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { closeJob, getJob, listInvitations, listPositions } from '../api.js';
import Alert from '../components/Alert.jsx';
import HiringBadge from '../components/hiring/HiringBadge.jsx';
import JobCandidates from '../components/hiring/JobCandidates.jsx';
import JobInvitations from '../components/hiring/JobInvitations.jsx';
import JobOutbox from '../components/hiring/JobOutbox.jsx';
import { formatDateTime } from '../format.js';
import { familyLabel, secondsText } from '../hiring.js';
import { describeError, useI18n } from '../i18n.js';

const COUNTS = ['invited', 'opened', 'started', 'completed'];

/** The rules every interview of the job runs under, and its posting text. */
export function JobRules({ job, positions, testIdPrefix = 'job' }) {
  const { t, lang } = useI18n();
  const rows = [
    ['family', t('job.family'), familyLabel(positions, job.family, lang)],
    ['questions', t('job.questions'), job.questions],
    ['answer-limit', t('job.answerLimit'), secondsText(job.answer_time_limit_s, t)],
    ['prep-time', t('job.prepTime'), secondsText(job.prep_time_s, t)],
    ['voice-mode', t('job.voiceMode'), t(`voiceMode.${job.voice_mode}`)],
    ['emotion', t('job.emotionRule'), job.emotion_analysis_offered ? t('job.emotionYes') : t('job.emotionNo')],
    ['deadline', t('job.deadline'), formatDateTime(job.deadline, lang)],
  ];
  return (
    <>
      <dl className="details" data-testid={`${testIdPrefix}-rules`}>
        {rows.map(([key, label, value]) => (
          <div className="details__row" key={key}>
            <dt>{label}</dt>
            <dd data-testid={`${testIdPrefix}-rule-${key}`}>{value}</dd>
          </div>
        ))}
        {job.competencies?.length > 0 && (
          <div className="details__row">
            <dt>{t('job.competencies')}</dt>
            <dd>
              <ol className="plain-list" data-testid={`${testIdPrefix}-rule-competencies`}>
                {job.competencies.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ol>
            </dd>
          </div>
        )}
      </dl>
      {job.description && (
        <details className="job-description" open={job.description.length <= 600}>
          <summary>{t('job.description')}</summary>
          <p className="prewrap" data-testid={`${testIdPrefix}-description`}>
            {job.description}
          </p>
        </details>
      )}
    </>
  );
}

/** A job: its rules, closing it, invitations, the candidates compared, CSV export and the email log. */
export default function JobPage() {
  const { t, lang } = useI18n();
  const { id } = useParams();
  const location = useLocation();
  const passed = location.state?.job && String(location.state.job.id) === String(id) ? location.state.job : null;
  const [job, setJob] = useState({ status: passed ? 'ready' : 'loading', job: passed, error: null });
  const [positions, setPositions] = useState([]);
  const [invitations, setInvitations] = useState([]);
  const [invState, setInvState] = useState({ status: 'loading', error: null });
  const [mailTick, setMailTick] = useState(0);
  const [confirmClose, setConfirmClose] = useState(false);
  const [closing, setClosing] = useState(false);
  const [closeError, setCloseError] = useState(null);

  const loadJob = useCallback(
    (signal) =>
      getJob(id, { signal })
        .then((loaded) => setJob({ status: 'ready', job: loaded, error: null }))
        .catch((err) => {
          if (err?.name === 'AbortError' || err?.status === 401) return;
          setJob((j) => (j.job ? j : { status: 'error', job: null, error: describeError(err, t) }));
        }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [id],
  );

  const loadInvitations = useCallback(
    (signal) => {
      setInvState((s) => ({ ...s, status: 'loading', error: null }));
      return listInvitations(id, { signal })
        .then((items) => {
          setInvitations(items);
          setInvState({ status: 'ready', error: null });
        })
        .catch((err) => {
          if (err?.name === 'AbortError' || err?.status === 401) return;
          setInvState({ status: 'error', error: describeError(err, t) });
        });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [id],
  );

  useEffect(() => {
    const ctrl = new AbortController();
    loadJob(ctrl.signal);
    loadInvitations(ctrl.signal);
    listPositions({ signal: ctrl.signal })
      .then(setPositions)
      .catch(() => {
        // The family's label falls back to its key.
      });
    return () => ctrl.abort();
  }, [loadJob, loadInvitations]);

  async function onClose() {
    setClosing(true);
    setCloseError(null);
    try {
      const closed = await closeJob(id);
      setJob({ status: 'ready', job: closed, error: null });
      setConfirmClose(false);
      loadInvitations();
    } catch (err) {
      if (err?.status === 401) return;
      setCloseError(describeError(err, t));
    } finally {
      setClosing(false);
    }
  }

  // Sent emails change the counts and the email log.
  const onSent = () => {
    setMailTick((n) => n + 1);
    loadJob();
  };

  if (job.status === 'error') {
    return (
      <div className="narrow-page">
        <section className="card" data-testid="job-page">
          <Alert data-testid="job-error">{job.error}</Alert>
          <Link to="/recruiter/jobs" className="btn btn--ghost" data-testid="job-back">
            {t('job.backToJobs')}
          </Link>
        </section>
      </div>
    );
  }
  if (!job.job) {
    return (
      <p className="muted" role="status" data-testid="job-loading">
        {t('common.loading')}
      </p>
    );
  }

  const current = job.job;
  const open = current.status === 'open';
  return (
    <div className="recruiter-page" data-testid="job-page" data-job-id={current.id} data-status={current.status}>
      <div>
        <Link to="/recruiter/jobs" className="back-link" data-testid="job-back">
          ← {t('job.backToJobs')}
        </Link>
      </div>

      <section className="card" aria-labelledby="job-title">
        <div className="card__header">
          <div>
            <h1 id="job-title" className="card__title card__title--large" data-testid="job-heading">
              {current.title}
            </h1>
            <p className="muted small">
              <HiringBadge kind="job" value={current.status} data-testid="job-status" /> ·{' '}
              {t('job.createdAt', { at: formatDateTime(current.created_at, lang) })}
              {current.closed_at && ` · ${t('job.closedAt', { at: formatDateTime(current.closed_at, lang) })}`}
            </p>
          </div>
          {open && (
            <div className="actions">
              <Link to={`/recruiter/jobs/${encodeURIComponent(current.id)}/edit`} className="btn btn--ghost btn--small" data-testid="job-edit">
                {t('job.edit')}
              </Link>
              {!confirmClose && (
                <button type="button" className="btn btn--danger btn--small" onClick={() => setConfirmClose(true)} data-testid="job-close">
                  {t('job.close')}
                </button>
              )}
            </div>
          )}
        </div>
        {confirmClose && open && (
          <div className="confirm" data-testid="job-close-panel">
            <p>{t('job.closeConfirm')}</p>
            <div className="actions">
              <button type="button" className="btn btn--danger" onClick={onClose} disabled={closing} data-testid="job-close-confirm">
                {closing ? t('job.closing') : t('job.closeYes')}
              </button>
              <button type="button" className="btn btn--ghost" onClick={() => setConfirmClose(false)} disabled={closing} data-testid="job-close-cancel">
                {t('job.closeNo')}
              </button>
            </div>
          </div>
        )}
        <Alert data-testid="job-close-error">{closeError}</Alert>

        <dl className="job-counts" data-testid="job-counts">
          {COUNTS.map((c) => (
            <div key={c}>
              <dt>{t(`jobs.count.${c}`)}</dt>
              <dd data-testid={`job-count-${c}`}>{current.counts?.[c] ?? 0}</dd>
            </div>
          ))}
        </dl>

        <JobRules job={current} positions={positions} />
      </section>

      <JobInvitations
        job={current}
        invitations={invitations}
        loadState={invState}
        onInvitations={setInvitations}
        onSent={onSent}
        onReload={() => loadInvitations()}
      />

      <JobCandidates job={current} />

      <JobOutbox invitationIds={invitations.map((i) => i.id)} refreshKey={mailTick} />
    </div>
  );
}
