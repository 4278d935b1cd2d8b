import { useEffect, useState } from 'react';
import { listOutbox } from '../../api.js';
import { formatDateTime } from '../../format.js';
import { describeError, useI18n } from '../../i18n.js';
import Alert from '../Alert.jsx';
import HiringBadge from './HiringBadge.jsx';

export const OUTBOX_LIMIT = 200;

/**
 * The emails sent (or kept in the outbox without SMTP) for the organisation, newest first: by default
 * only those of this job's invitations (`invitationIds`), or all of them.
 */
export default function JobOutbox({ invitationIds, refreshKey = 0 }) {
  const { t, lang } = useI18n();
  const [state, setState] = useState({ status: 'loading', items: [], error: null });
  const [showAll, setShowAll] = useState(false);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const ctrl = new AbortController();
    setState((s) => ({ ...s, status: 'loading', error: null }));
    listOutbox({ limit: OUTBOX_LIMIT, signal: ctrl.signal })
      .then((items) => setState({ status: 'ready', items, error: null }))
      .catch((err) => {
        if (err?.name === 'AbortError' || err?.status === 401) return;
        setState({ status: 'error', items: [], error: describeError(err, t) });
      });
    return () => ctrl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [refreshKey, tick]);

  const ids = new Set(invitationIds);
  const shown = showAll ? state.items : state.items.filter((m) => m.invitation_id != null && ids.has(m.invitation_id));

  return (
    <section className="card" aria-labelledby="outbox-title" data-testid="job-outbox">
      <div className="card__header">
        <h2 id="outbox-title" className="card__title">
          {t('outbox.title')}
        </h2>
        <button
          type="button"
          className="btn btn--ghost btn--small"
          onClick={() => setTick((n) => n + 1)}
          disabled={state.status === 'loading'}
          data-testid="outbox-refresh"
        >
          {t('sessions.refresh')}
        </button>
      </div>
      <p className="muted small">{t('outbox.intro')}</p>
      <label className="checkbox">
        <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} data-testid="outbox-all" />
        <span>{t('outbox.showAll')}</span>
      </label>
      {state.status === 'loading' && (
        <p className="muted" role="status" data-testid="outbox-loading">
          {t('common.loading')}
        </p>
      )}
      {state.status === 'error' && <Alert data-testid="outbox-error">{state.error}</Alert>}
      {state.status === 'ready' && shown.length === 0 && (
        <p className="empty-state" data-testid="outbox-empty">
          {t('outbox.none')}
        </p>
      )}
      {shown.length > 0 && (
        <ul className="outbox" data-testid="outbox-list">
          {shown.map((m) => (
            <li key={m.id} className="outbox__item" data-testid="outbox-row" data-status={m.status} data-to={m.to} data-invitation-id={m.invitation_id ?? ''}>
              <div className="outbox__head">
                <span className="mono" data-testid="outbox-to">
                  {m.to}
                </span>
                <HiringBadge kind="mail" value={m.status} data-testid="outbox-status" />
                <span className="tag">{t(`outbox.kind.${m.kind}`) === `outbox.kind.${m.kind}` ? m.kind : t(`outbox.kind.${m.kind}`)}</span>
                <span className="muted small nowrap">{formatDateTime(m.created_at, lang)}</span>
              </div>
              <p className="outbox__subject" data-testid="outbox-subject">
                {m.subject}
              </p>
              {m.error && (
                <p className="field__error" data-testid="outbox-error-text">
                  {m.error}
                </p>
              )}
              <details className="outbox__body">
                <summary>{t('outbox.body')}</summary>
                <pre className="prewrap" data-testid="outbox-body">
                  {m.body}
                </pre>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
