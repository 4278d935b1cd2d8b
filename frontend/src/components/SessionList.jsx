import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { listSessions } from '../api.js';
import { describeError, useI18n } from '../i18n.js';
import { formatDateTime } from '../format.js';
import Alert from './Alert.jsx';
import { ScoreBadge } from './Score.jsx';
import StatusBadge from './StatusBadge.jsx';

function newestFirst(a, b) {
  const ta = Date.parse(a?.created_at ?? '') || 0;
  const tb = Date.parse(b?.created_at ?? '') || 0;
  if (tb !== ta) return tb - ta;
  return (Number(b?.id) || 0) - (Number(a?.id) || 0);
}

/** "My sessions": GET /api/sessions, with loading, empty and error states. */
export default function SessionList({ refreshKey = 0 }) {
  const { t, lang } = useI18n();
  const [state, setState] = useState({ status: 'loading', sessions: [], error: null });
  const [reloadTick, setReloadTick] = useState(0);

  useEffect(() => {
    const ctrl = new AbortController();
    setState((s) => ({ ...s, status: 'loading', error: null }));
    listSessions({ signal: ctrl.signal })
      .then((sessions) => setState({ status: 'ready', sessions: [...sessions].sort(newestFirst), error: null }))
      .catch((err) => {
        if (err?.name === 'AbortError') return;
        setState({ status: 'error', sessions: [], error: err });
      });
    return () => ctrl.abort();
  }, [refreshKey, reloadTick]);

  const reload = useCallback(() => setReloadTick((n) => n + 1), []);

  return (
    <section className="card" aria-labelledby="sessions-title" data-testid="sessions-panel">
      <div className="card__header">
        <h2 id="sessions-title" className="card__title">
          {t('sessions.title')}
        </h2>
        <button
          type="button"
          className="btn btn--ghost btn--small"
          onClick={reload}
          disabled={state.status === 'loading'}
          data-testid="sessions-refresh"
        >
          {t('sessions.refresh')}
        </button>
      </div>

      {state.status === 'loading' && (
        <p className="muted" role="status" data-testid="sessions-loading">
          {t('sessions.loading')}
        </p>
      )}
      {state.status === 'error' && <Alert data-testid="sessions-error">{describeError(state.error, t)}</Alert>}
      {state.status === 'ready' && state.sessions.length === 0 && (
        <p className="muted" data-testid="sessions-empty">
          {t('sessions.empty')}
        </p>
      )}
      {state.status === 'ready' && state.sessions.length > 0 && (
        <ul className="session-list" data-testid="sessions-list">
          {state.sessions.map((s) => (
            <li key={s.id} className="session-list__item">
              <Link
                to={`/sessions/${encodeURIComponent(s.id)}`}
                className="session-list__link"
                data-testid="session-item"
                data-session-id={s.id}
              >
                <span className="session-list__main">
                  <span className="session-list__position">{t('sessions.item', { id: s.id, position: s.position })}</span>
                  <span className="session-list__date">{formatDateTime(s.created_at, lang)}</span>
                </span>
                <span className="session-list__side">
                  {s.overall_score != null && <ScoreBadge score={s.overall_score} data-testid="session-item-score" />}
                  <StatusBadge status={s.status} />
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
