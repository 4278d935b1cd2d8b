import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { listWebhookDeliveries } from '../../api.js';
import { formatTimestamp } from '../../format.js';
import { describeError, useI18n } from '../../i18n.js';
import Alert from '../Alert.jsx';
import HiringBadge from '../hiring/HiringBadge.jsx';

export const DELIVERIES_LIMIT = 50;

/** An event type for people ("리포트 완료"), or as sent when unknown. */
export function EventLabel({ type }) {
  const { t } = useI18n();
  const key = `webhookEvent.${type}`;
  return <>{t(key) === key ? type : t(key)}</>;
}

/** One attempt: when, the HTTP status (or none), the error and how long it took. */
function Attempt({ attempt, n }) {
  const { t, lang } = useI18n();
  const code = attempt?.status_code;
  const ok = code != null && code >= 200 && code < 300;
  return (
    <li className={`attempt${ok ? ' attempt--ok' : ' attempt--failed'}`} data-testid="delivery-attempt" data-status-code={code ?? ''}>
      <span className="attempt__n">{t('delivery.attemptN', { n })}</span>
      <span className="nowrap small" data-testid="delivery-attempt-at">
        {formatTimestamp(attempt?.at, lang)}
      </span>
      <span className={`badge ${ok ? 'badge--delivery-delivered' : 'badge--delivery-failed'}`} data-testid="delivery-attempt-status">
        {code != null ? t('delivery.httpStatus', { code }) : t('delivery.noResponse')}
      </span>
      {attempt?.duration_ms != null && (
        <span className="muted small nowrap" data-testid="delivery-attempt-duration">
          {t('delivery.duration', { ms: Math.round(Number(attempt.duration_ms)) })}
        </span>
      )}
      {attempt?.error && (
        <span className="field__error attempt__error" data-testid="delivery-attempt-error">
          {attempt.error}
        </span>
      )}
    </li>
  );
}

/** One event sent to the endpoint: type, id, status, and every attempt. */
function DeliveryRow({ delivery: d }) {
  const { t, lang } = useI18n();
  const attempts = Array.isArray(d.attempts) ? d.attempts : [];
  const count = d.attempt_count ?? attempts.length;
  return (
    <li className="delivery" data-testid="delivery-row" data-delivery-id={d.id} data-status={d.status} data-attempts={count} data-event-id={d.event_id}>
      <div className="delivery__head">
        <span className="delivery__type" data-testid="delivery-event-type" data-event={d.event_type}>
          <EventLabel type={d.event_type} />
        </span>
        <HiringBadge kind="delivery" value={d.status} data-testid="delivery-status" />
        <span className="muted small" data-testid="delivery-attempt-count">
          {t('delivery.attempts', { count })}
        </span>
        <span className="muted small nowrap">{formatTimestamp(d.created_at, lang)}</span>
      </div>
      <p className="small delivery__meta">
        <span className="muted">{t('delivery.eventId')}</span>{' '}
        <code className="mono" data-testid="delivery-event-id">
          {d.event_id}
        </code>
        {d.session_id != null && (
          <>
            {' · '}
            <Link to={`/recruiter/sessions/${encodeURIComponent(d.session_id)}`} data-testid="delivery-session-link">
              {t('delivery.session', { id: d.session_id })}
            </Link>
          </>
        )}
      </p>
      {d.status === 'pending' && (
        <p className="small" data-testid="delivery-next-attempt">
          {d.next_attempt_at
            ? t('delivery.nextAttempt', { at: formatTimestamp(d.next_attempt_at, lang) })
            : t('delivery.sendingNow')}
        </p>
      )}
      {d.status === 'delivered' && d.delivered_at && (
        <p className="small muted" data-testid="delivery-delivered-at">
          {t('delivery.deliveredAt', { at: formatTimestamp(d.delivered_at, lang) })}
        </p>
      )}
      {d.status === 'failed' && (
        <p className="small field__error" data-testid="delivery-failed-note">
          {t('delivery.failedNote')}
        </p>
      )}
      {d.status === 'cancelled' && (
        <p className="small muted" data-testid="delivery-cancelled-note">
          {t('delivery.cancelledNote')}
        </p>
      )}
      {attempts.length > 0 ? (
        <ol className="attempts" data-testid="delivery-attempts">
          {attempts.map((a, i) => (
            // Attempts are an append-only log without ids; their order is their identity.
            // eslint-disable-next-line react/no-array-index-key
            <Attempt key={i} attempt={a} n={i + 1} />
          ))}
        </ol>
      ) : (
        <p className="muted small" data-testid="delivery-no-attempts">
          {t('delivery.noAttempts')}
        </p>
      )}
    </li>
  );
}

/**
 * The delivery log of one endpoint, newest first (the latest DELIVERIES_LIMIT). `refreshKey` reads it
 * again (after the endpoint was switched off, say).
 */
export default function WebhookDeliveries({ endpointId, refreshKey = 0 }) {
  const { t } = useI18n();
  const [state, setState] = useState({ status: 'loading', items: [], error: null });
  const [tick, setTick] = useState(0);

  const load = useCallback(
    (signal) => {
      setState((s) => ({ ...s, status: 'loading', error: null }));
      return listWebhookDeliveries(endpointId, { limit: DELIVERIES_LIMIT, signal })
        .then((items) => setState({ status: 'ready', items, error: null }))
        .catch((err) => {
          if (err?.name === 'AbortError' || err?.status === 401) return;
          setState((s) => ({ status: 'error', items: s.items, error: describeError(err, t) }));
        });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [endpointId],
  );

  useEffect(() => {
    const ctrl = new AbortController();
    load(ctrl.signal);
    return () => ctrl.abort();
  }, [load, refreshKey, tick]);

  return (
    <div className="deliveries" data-testid="webhook-deliveries" data-endpoint-id={endpointId}>
      <div className="deliveries__head">
        <h3 className="section-title">{t('delivery.title')}</h3>
        <button
          type="button"
          className="btn btn--ghost btn--small"
          onClick={() => setTick((n) => n + 1)}
          disabled={state.status === 'loading'}
          data-testid="deliveries-refresh"
        >
          {t('sessions.refresh')}
        </button>
      </div>
      <p className="muted small">{t('delivery.intro', { limit: DELIVERIES_LIMIT })}</p>
      {state.status === 'loading' && (
        <p className="muted" role="status" data-testid="deliveries-loading">
          {t('common.loading')}
        </p>
      )}
      {state.status === 'error' && <Alert data-testid="deliveries-error">{state.error}</Alert>}
      {state.status === 'ready' && state.items.length === 0 && (
        <p className="empty-state" data-testid="deliveries-empty">
          {t('delivery.none')}
        </p>
      )}
      {state.items.length > 0 && (
        <ul className="deliveries__list" data-testid="deliveries-list">
          {state.items.map((d) => (
            <DeliveryRow key={d.id ?? d.event_id} delivery={d} />
          ))}
        </ul>
      )}
    </div>
  );
}
