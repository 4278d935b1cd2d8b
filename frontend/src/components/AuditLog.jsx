import { useEffect, useState } from 'react';
import { getAudit } from '../api.js';
import { formatDateTime } from '../format.js';
import { describeError, useI18n } from '../i18n.js';
import Alert from './Alert.jsx';

/** A logged action for people ("emotions" → "표정 분석"); unknown actions are shown as sent. */
export function auditActionLabel(action, t) {
  const key = `audit.action.${action}`;
  const label = t(key);
  return label === key ? String(action ?? '—') : label;
}

/**
 * The access log of one session (GET /sessions/{id}/audit): every time a recruiter read the
 * candidate's data, newest first. Shown to recruiters and to the candidate who owns the session.
 */
export default function AuditLog({ sessionId }) {
  const { t, lang } = useI18n();
  const [state, setState] = useState({ status: 'loading', entries: [], error: null });
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const ctrl = new AbortController();
    setState((s) => ({ ...s, status: 'loading', error: null }));
    getAudit(sessionId, { signal: ctrl.signal })
      .then((entries) => setState({ status: 'ready', entries, error: null }))
      .catch((err) => {
        if (err?.name === 'AbortError' || err?.status === 401) return;
        setState({ status: 'error', entries: [], error: err });
      });
    return () => ctrl.abort();
  }, [sessionId, tick]);

  return (
    <section className="card" aria-labelledby="audit-title" data-testid="audit-log">
      <div className="card__header">
        <h2 id="audit-title" className="card__title">
          {t('audit.title')}
        </h2>
        <button
          type="button"
          className="btn btn--ghost btn--small"
          onClick={() => setTick((n) => n + 1)}
          disabled={state.status === 'loading'}
          data-testid="audit-refresh"
        >
          {t('sessions.refresh')}
        </button>
      </div>
      <p className="muted small">{t('audit.intro')}</p>

      {state.status === 'loading' && (
        <p className="muted" role="status" data-testid="audit-loading">
          {t('common.loading')}
        </p>
      )}
      {state.status === 'error' && <Alert data-testid="audit-error">{describeError(state.error, t)}</Alert>}
      {state.status === 'ready' && state.entries.length === 0 && (
        <p className="empty-state" data-testid="audit-empty">
          {t('audit.empty')}
        </p>
      )}
      {state.status === 'ready' && state.entries.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">{t('audit.colAt')}</th>
                <th scope="col">{t('audit.colActor')}</th>
                <th scope="col">{t('audit.colAction')}</th>
                <th scope="col">{t('audit.colRequest')}</th>
              </tr>
            </thead>
            <tbody>
              {state.entries.map((entry) => (
                <tr key={entry.id} data-testid="audit-row" data-action={entry.action} data-actor={entry.actor_username ?? ''}>
                  <td className="nowrap">{formatDateTime(entry.at, lang)}</td>
                  <td data-testid="audit-actor">{entry.actor_username ?? `#${entry.actor_id}`}</td>
                  <td data-testid="audit-action">{auditActionLabel(entry.action, t)}</td>
                  <td className="muted small mono">{entry.request_id || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
