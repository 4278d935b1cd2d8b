import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { acceptInvitation, viewInvitation } from '../api.js';
import { authLink, useAuth } from '../auth.jsx';
import Alert from '../components/Alert.jsx';
import ConsentNotice, { offersEmotion, useConsentNotice } from '../components/ConsentNotice.jsx';
import HiringBadge from '../components/hiring/HiringBadge.jsx';
import ResumePanel from '../components/ResumePanel.jsx';
import { formatDateTime } from '../format.js';
import { secondsText } from '../hiring.js';
import { describeError, useI18n } from '../i18n.js';

const NO_CONSENT = { interview: false, emotion: false };
// An invitation in one of these states can still be accepted (or resumed by the candidate who started it).
const USABLE = new Set(['sent', 'opened', 'started']);

/** What the invitation is for: the organisation, the job and how its interview runs. */
function InvitationJob({ view }) {
  const { t, lang } = useI18n();
  const { job } = view;
  const rows = [
    ['organisation', t('invitePage.organisation'), job.organisation],
    ['questions', t('job.questions'), job.questions],
    ['answer-limit', t('job.answerLimit'), secondsText(job.answer_time_limit_s, t)],
    ['prep-time', t('job.prepTime'), secondsText(job.prep_time_s, t)],
    ['voice-mode', t('job.voiceMode'), t(`voiceMode.${job.voice_mode}`)],
    ['deadline', t('job.deadline'), formatDateTime(job.deadline, lang)],
    ['expires', t('invitePage.expires'), formatDateTime(view.expires_at, lang)],
  ];
  return (
    <>
      <p className="muted" data-testid="invite-organisation">
        {job.organisation}
      </p>
      <h1 id="invite-title" className="card__title card__title--large" data-testid="invite-job-title">
        {job.title}
      </h1>
      <p className="small">
        <HiringBadge kind="invitation" value={view.status} data-testid="invite-status" />
        {view.email_hint && (
          <span className="muted" data-testid="invite-email-hint">
            {' '}
            · {t('invitePage.emailHint', { email: view.email_hint })}
          </span>
        )}
      </p>
      {job.description && (
        <p className="prewrap" data-testid="invite-description">
          {job.description}
        </p>
      )}
      <dl className="details" data-testid="invite-rules">
        {rows.map(([key, label, value]) => (
          <div className="details__row" key={key}>
            <dt>{label}</dt>
            <dd data-testid={`invite-rule-${key}`}>{value}</dd>
          </div>
        ))}
      </dl>
      {(job.answer_time_limit_s != null || job.prep_time_s != null) && (
        <Alert kind="info" data-testid="invite-timed-note">
          {t('invitePage.timedNote')}
        </Alert>
      )}
      {job.voice_mode === 'required' && (
        <Alert kind="info" data-testid="invite-voice-note">
          {t('invitePage.voiceRequiredNote')}
        </Alert>
      )}
    </>
  );
}

/**
 * A logged-in candidate: an optional résumé, consent (emotion analysis only where the job offers it), then
 * start or resume.
 */
function AcceptForm({ token, view }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const notice = useConsentNotice();
  const version = notice.notice?.version;
  const emotionOffered = view.job.emotion_analysis_offered === true;
  // The job decides whether emotion analysis is offered at all: without it, the notice has no such item.
  const shownNotice =
    emotionOffered || !notice.notice ? notice : { ...notice, notice: { ...notice.notice, emotion_analysis_enabled: false } };
  const [consent, setConsent] = useState(NO_CONSENT);
  const [consentError, setConsentError] = useState(null);
  const [noticeChanged, setNoticeChanged] = useState(false);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const interviewBox = useRef(null);
  const inFlight = useRef(false);

  useEffect(() => {
    setConsent(NO_CONSENT);
    setError(null);
  }, [version]);

  async function onSubmit(e) {
    e.preventDefault();
    if (inFlight.current) return;
    setError(null);
    const ready = notice.status === 'ready' && version;
    if (!ready) {
      setError(t(notice.status === 'error' ? 'consent.loadFailed' : 'consent.stillLoading'));
      return;
    }
    if (!consent.interview) {
      setConsentError(t('consent.interviewMissing'));
      interviewBox.current?.focus();
      return;
    }
    const payload = {
      consent: {
        interview: true,
        emotion_analysis: emotionOffered && offersEmotion(notice.notice) && consent.emotion === true,
        notice_version: version,
      },
    };
    inFlight.current = true;
    setBusy(true);
    try {
      // 201: a new session; 200: the session this candidate already started from this invitation.
      const session = await acceptInvitation(token, payload);
      navigate(`/sessions/${encodeURIComponent(session.id)}`, { state: { session } });
    } catch (err) {
      if (err?.status === 409) {
        setNoticeChanged(true);
        setConsent(NO_CONSENT);
        notice.reload();
      } else if (err?.status !== 401) {
        setError(describeError(err, t));
        if ((err?.errors || []).some((x) => String(x.field).startsWith('consent'))) setConsentError(t('consent.interviewMissing'));
      }
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  const resuming = view.status === 'started';
  return (
    <form className="form" onSubmit={onSubmit} noValidate data-testid="invite-accept-form">
      {/* Optional, before the invited interview starts: its questions may draw on the résumé. */}
      <ResumePanel notice={notice} />
      <ConsentNotice
        notice={shownNotice}
        value={consent}
        onChange={(next) => {
          setConsent(next);
          if (next.interview) setConsentError(null);
        }}
        error={consentError}
        changed={noticeChanged}
        interviewRef={interviewBox}
      />
      <Alert data-testid="invite-accept-error">{error}</Alert>
      <button type="submit" className="btn btn--primary btn--block btn--large" disabled={busy} data-testid="invite-accept">
        {busy ? t('invitePage.starting') : resuming ? t('invitePage.resume') : t('invitePage.start')}
      </button>
    </form>
  );
}

/**
 * /invite/:token — open to everyone. Shows the invitation's job and status (GET marks it opened);
 * a logged-out visitor logs in or signs up and comes back here; a candidate agrees and starts.
 */
export default function InvitePage() {
  const { t } = useI18n();
  const { token } = useParams();
  const { isAuthenticated, user, userStatus } = useAuth();
  const [state, setState] = useState({ status: 'loading', view: null, error: null, code: null });

  useEffect(() => {
    const ctrl = new AbortController();
    setState({ status: 'loading', view: null, error: null, code: null });
    viewInvitation(token, { signal: ctrl.signal })
      .then((view) => setState({ status: 'ready', view, error: null, code: null }))
      .catch((err) => {
        if (err?.name === 'AbortError') return;
        setState({ status: 'error', view: null, error: describeError(err, t), code: err?.status ?? null });
      });
    return () => ctrl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [token]);

  const here = `/invite/${encodeURIComponent(token)}`;
  const { view } = state;
  const usable = view && USABLE.has(view.status);

  return (
    <div className="narrow-page invite-page" data-testid="invite-page" data-state={state.status}>
      <section className="card" aria-labelledby="invite-title">
        {state.status === 'loading' && (
          <p className="muted" role="status" data-testid="invite-loading">
            {t('common.loading')}
          </p>
        )}
        {state.status === 'error' && (
          <div className="stack" data-testid="invite-unavailable" data-code={state.code ?? ''}>
            <h1 id="invite-title" className="card__title card__title--large">
              {state.code === 404 ? t('invitePage.notFoundTitle') : t('invitePage.unavailableTitle')}
            </h1>
            <Alert data-testid="invite-error">{state.error}</Alert>
            <Link to="/" className="btn btn--ghost" data-testid="invite-home">
              {t('notFound.back')}
            </Link>
          </div>
        )}
        {view && <InvitationJob view={view} />}

        {view && !usable && (
          <Alert kind="warning" data-testid="invite-not-usable">
            {t(`invitePage.notUsable.${view.status}`) === `invitePage.notUsable.${view.status}`
              ? t('invitePage.notUsable.other')
              : t(`invitePage.notUsable.${view.status}`)}
          </Alert>
        )}

        {view && usable && !isAuthenticated && (
          <div className="stack" data-testid="invite-guest">
            <p>{t('invitePage.loginFirst')}</p>
            <div className="actions">
              <Link to={authLink('/login', here)} state={{ from: here }} className="btn btn--primary" data-testid="invite-login">
                {t('invitePage.login')}
              </Link>
              <Link to={authLink('/register', here)} state={{ from: here }} className="btn btn--ghost" data-testid="invite-register">
                {t('invitePage.register')}
              </Link>
            </div>
          </div>
        )}

        {view && usable && isAuthenticated && !user && (
          <p className="muted" role="status" data-testid="invite-user-loading">
            {userStatus === 'error' ? t('role.error') : t('common.loading')}
          </p>
        )}
        {view && usable && user?.role === 'recruiter' && (
          <Alert kind="info" data-testid="invite-candidates-only">
            {t('invitePage.candidatesOnly')}
          </Alert>
        )}
        {view && usable && user && user.role !== 'recruiter' && <AcceptForm token={token} view={view} />}
      </section>
    </div>
  );
}
