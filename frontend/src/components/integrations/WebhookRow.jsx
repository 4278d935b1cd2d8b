import { useId, useState } from 'react';
import { WEBHOOK_EVENTS, deactivateWebhook } from '../../api.js';
import { formatDateTime } from '../../format.js';
import { describeError, useI18n } from '../../i18n.js';
import Alert from '../Alert.jsx';
import HiringBadge from '../hiring/HiringBadge.jsx';
import WebhookDeliveries, { EventLabel } from './WebhookDeliveries.jsx';

/**
 * One endpoint: URL, events, the secret's hint, whether it is active; switching it off (after asking),
 * and its delivery log, folded until opened. `onChanged(endpoint)` gets the endpoint as the server
 * answered after a change.
 */
export default function WebhookRow({ endpoint: ep, onChanged }) {
  const { t, lang } = useI18n();
  const logId = useId();
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [logKey, setLogKey] = useState(0);

  async function onDeactivate() {
    setBusy(true);
    setError(null);
    try {
      const updated = await deactivateWebhook(ep.id);
      setConfirming(false);
      onChanged(updated && typeof updated === 'object' ? updated : { ...ep, active: false });
      // Its pending deliveries are cancelled now.
      setLogKey((n) => n + 1);
    } catch (err) {
      if (err?.status !== 401) setError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  }

  // The form's order; types this page does not know go last, as sent.
  const rank = (type) => (WEBHOOK_EVENTS.includes(type) ? WEBHOOK_EVENTS.indexOf(type) : WEBHOOK_EVENTS.length);
  const events = (Array.isArray(ep.events) ? [...ep.events] : []).sort((a, b) => rank(a) - rank(b));
  return (
    <li className="webhook" data-testid="webhook-row" data-endpoint-id={ep.id} data-active={ep.active ? 'true' : 'false'}>
      <div className="webhook__head">
        <span className="webhook__url mono" data-testid="webhook-url-text">
          {ep.url}
        </span>
        <HiringBadge kind="webhook" value={ep.active ? 'active' : 'inactive'} data-testid="webhook-active" />
      </div>
      <dl className="webhook__facts">
        <div>
          <dt>{t('integrations.events')}</dt>
          <dd>
            <ul className="webhook__events" data-testid="webhook-events-list">
              {events.map((type) => (
                <li key={type} className="tag" data-testid="webhook-event-tag" data-event={type}>
                  <EventLabel type={type} />
                </li>
              ))}
            </ul>
          </dd>
        </div>
        <div>
          <dt>{t('integrations.secretHintLabel')}</dt>
          <dd className="mono" data-testid="webhook-secret-hint">
            {ep.secret_hint || '—'}
          </dd>
        </div>
        <div>
          <dt>{t('integrations.createdAt')}</dt>
          <dd className="nowrap">{formatDateTime(ep.created_at, lang)}</dd>
        </div>
      </dl>

      <div className="actions actions--tight">
        <button
          type="button"
          className="btn btn--ghost btn--small"
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          aria-controls={open ? logId : undefined}
          data-testid="webhook-deliveries-toggle"
        >
          {open ? t('integrations.hideLog') : t('integrations.showLog')}
        </button>
        {ep.active && !confirming && (
          <button
            type="button"
            className="btn btn--danger btn--small"
            onClick={() => {
              setConfirming(true);
              setError(null);
            }}
            data-testid="webhook-deactivate"
          >
            {t('integrations.deactivate')}
          </button>
        )}
      </div>
      {ep.active && confirming && (
        <div className="confirm" data-testid="webhook-deactivate-panel">
          <p>{t('integrations.deactivateConfirm', { url: ep.url })}</p>
          <div className="actions">
            <button type="button" className="btn btn--danger" onClick={onDeactivate} disabled={busy} data-testid="webhook-deactivate-confirm">
              {busy ? t('integrations.deactivating') : t('integrations.deactivateYes')}
            </button>
            <button type="button" className="btn btn--ghost" onClick={() => setConfirming(false)} disabled={busy} data-testid="webhook-deactivate-cancel">
              {t('integrations.deactivateNo')}
            </button>
          </div>
        </div>
      )}
      <Alert data-testid="webhook-deactivate-error">{error}</Alert>
      {open && (
        <div id={logId}>
          <WebhookDeliveries endpointId={ep.id} refreshKey={logKey} />
        </div>
      )}
    </li>
  );
}
