import { useEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { getSession } from '../api.js';
import Alert from '../components/Alert.jsx';
import StatusBadge from '../components/StatusBadge.jsx';
import { formatDateTime } from '../format.js';
import { describeError, useI18n } from '../i18n.js';

/**
 * "Session ready": shows the session that was just created (passed in the
 * navigation state) or loads it with GET /api/sessions/{id}.
 * The interview room will grow from here.
 */
export default function SessionReadyPage() {
  const { t, lang } = useI18n();
  const { id } = useParams();
  const location = useLocation();
  const passed = location.state?.session;
  const initial = passed && String(passed.id) === String(id) ? passed : null;

  const [session, setSession] = useState(initial);
  const [error, setError] = useState(null);

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

  return (
    <div className="narrow-page">
      <section className="card" aria-labelledby="ready-title" data-testid="session-ready">
        {error && (
          <>
            <Alert data-testid="session-error">{error}</Alert>
            <Link className="btn btn--ghost" to="/" data-testid="back-to-start">
              {t('ready.back')}
            </Link>
          </>
        )}
        {!error && !session && (
          <p className="muted" role="status" data-testid="session-loading">
            {t('ready.loading')}
          </p>
        )}
        {!error && session && (
          <>
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
            </dl>

            <Alert kind="info" data-testid="session-next">
              {t('ready.next')}
            </Alert>

            <div className="actions">
              <Link className="btn btn--ghost" to="/" data-testid="back-to-start">
                {t('ready.back')}
              </Link>
            </div>
          </>
        )}
      </section>
    </div>
  );
}
