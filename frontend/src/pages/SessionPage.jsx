import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, Navigate, useLocation, useParams } from 'react-router-dom';
import { getSession } from '../api.js';
import { useAuth } from '../auth.jsx';
import Alert from '../components/Alert.jsx';
import DeviceCheck from '../components/DeviceCheck.jsx';
import EmotionConsentNote from '../components/EmotionConsentNote.jsx';
import InterviewRoom from '../components/InterviewRoom.jsx';
import StatusBadge from '../components/StatusBadge.jsx';
import { formatDateTime } from '../format.js';
import { describeError, useI18n } from '../i18n.js';
import { acquireMedia, stopStream } from '../media.js';

/** The session that was just created (or loaded): id, status, name, position, created. */
function SessionSummary({ session }) {
  const { t, lang } = useI18n();
  return (
    <section className="card" aria-labelledby="ready-title" data-testid="session-ready">
      <div className="ready-hero">
        <span className="ready-hero__icon" aria-hidden="true">
          ✓
        </span>
        <div>
          <h1 id="ready-title" className="card__title card__title--large">
            {t('ready.title')}
          </h1>
          <p className="muted">{t('ready.subtitle')}</p>
        </div>
      </div>

      <dl className="details">
        <div className="details__row">
          <dt>{t('ready.id')}</dt>
          <dd data-testid="session-id">{session.id}</dd>
        </div>
        <div className="details__row">
          <dt>{t('ready.status')}</dt>
          <dd>
            <StatusBadge status={session.status} data-testid="session-status" />
          </dd>
        </div>
        <div className="details__row">
          <dt>{t('ready.name')}</dt>
          <dd data-testid="session-user-name">{session.user_name}</dd>
        </div>
        <div className="details__row">
          <dt>{t('ready.position')}</dt>
          <dd data-testid="session-position">{session.position}</dd>
        </div>
        <div className="details__row">
          <dt>{t('ready.createdAt')}</dt>
          <dd data-testid="session-created-at">{formatDateTime(session.created_at, lang)}</dd>
        </div>
        {session.total_questions ? (
          <div className="details__row">
            <dt>{t('ready.questions')}</dt>
            <dd data-testid="session-total-questions">{session.total_questions}</dd>
          </div>
        ) : null}
      </dl>

      <EmotionConsentNote status={session.emotion_analysis} withdrawnAt={session.emotion_consent_withdrawn_at ?? null} />

      <Alert kind="info" data-testid="session-next">
        {t('ready.next')}
      </Alert>

      <div className="actions">
        <Link className="btn btn--ghost" to="/" data-testid="back-to-start">
          {t('ready.back')}
        </Link>
      </div>
    </section>
  );
}

/**
 * A candidate's interview session: the session summary and the device check, then the
 * interview room (same page, so the camera stream carries over). Finished sessions go to
 * their results; recruiters go to the session's review page.
 */
export default function SessionPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const { id } = useParams();
  const location = useLocation();
  const passed = location.state?.session;
  const initial = passed && String(passed.id) === String(id) ? passed : null;

  const [session, setSession] = useState(initial);
  const [error, setError] = useState(null);
  const [phase, setPhase] = useState('check'); // 'check' | 'room'
  const [media, setMedia] = useState(null);
  const [checking, setChecking] = useState(false);
  const streamRef = useRef(null);
  const generation = useRef(0);

  useEffect(() => {
    if (initial) {
      setSession(initial);
      return undefined;
    }
    const ctrl = new AbortController();
    setSession(null);
    setError(null);
    getSession(id, { signal: ctrl.signal })
      .then(setSession)
      .catch((err) => {
        if (err?.name !== 'AbortError' && err?.status !== 401) setError(describeError(err, t));
      });
    return () => ctrl.abort();
    // `initial` is derived from the location; re-run when the id or the passed session changes.
  }, [id, initial?.id]);

  // Ask for the camera and microphone; a newer check wins over a slower older one.
  const check = useCallback(async () => {
    const gen = ++generation.current;
    setChecking(true);
    stopStream(streamRef.current);
    streamRef.current = null;
    setMedia(null);
    const result = await acquireMedia();
    if (gen !== generation.current) {
      stopStream(result.stream);
      return;
    }
    streamRef.current = result.stream;
    setMedia(result);
    setChecking(false);
  }, []);

  const isRecruiter = user?.role === 'recruiter';
  const runnable = session && session.status !== 'finished' && !isRecruiter;
  useEffect(() => {
    if (!runnable) return undefined;
    check();
    return () => {
      generation.current += 1;
      stopStream(streamRef.current);
      streamRef.current = null;
    };
  }, [runnable, check]);

  if (isRecruiter) return <Navigate to={`/recruiter/sessions/${encodeURIComponent(id)}`} replace />;
  if (session?.status === 'finished') return <Navigate to={`/sessions/${encodeURIComponent(id)}/results`} replace />;

  if (error) {
    return (
      <div className="narrow-page">
        <section className="card" data-testid="session-ready">
          <Alert data-testid="session-error">{error}</Alert>
          <Link className="btn btn--ghost" to="/" data-testid="back-to-start">
            {t('ready.back')}
          </Link>
        </section>
      </div>
    );
  }
  if (!session) {
    return (
      <div className="narrow-page">
        <section className="card" data-testid="session-ready">
          <p className="muted" role="status" data-testid="session-loading">
            {t('ready.loading')}
          </p>
        </section>
      </div>
    );
  }

  if (phase === 'room' && media) {
    return <InterviewRoom session={session} media={media} />;
  }

  return (
    <div className="check-layout">
      <SessionSummary session={session} />
      <DeviceCheck media={media} checking={checking} onRetry={check} onContinue={() => setPhase('room')} />
    </div>
  );
}
