import { useCallback, useEffect, useState } from 'react';
import { listWebhooks } from '../api.js';
import Alert from '../components/Alert.jsx';
import SignatureHelp from '../components/integrations/SignatureHelp.jsx';
import WebhookForm from '../components/integrations/WebhookForm.jsx';
import WebhookRow from '../components/integrations/WebhookRow.jsx';
import { describeError, useI18n } from '../i18n.js';

/**
 * ATS integration: the organisation's webhook endpoints (add one, its secret shown once; switch one
 * off), each endpoint's delivery log, and how a receiver verifies the signature (docs/webhooks.md).
 */
export default function IntegrationsPage() {
  const { t } = useI18n();
  const [state, setState] = useState({ status: 'loading', items: [], error: null });
  const [tick, setTick] = useState(0);

  const load = useCallback(
    (signal) => {
      setState((s) => ({ ...s, status: 'loading', error: null }));
      return listWebhooks({ signal })
        .then((items) => setState({ status: 'ready', items, error: null }))
        .catch((err) => {
          if (err?.name === 'AbortError' || err?.status === 401) return;
          setState((s) => ({ status: 'error', items: s.items, error: describeError(err, t) }));
        });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  useEffect(() => {
    const ctrl = new AbortController();
    load(ctrl.signal);
    return () => ctrl.abort();
  }, [load, tick]);

  const upsert = (endpoint) =>
    setState((s) => ({
      ...s,
      items: s.items.some((e) => e.id === endpoint.id)
        ? s.items.map((e) => (e.id === endpoint.id ? { ...e, ...endpoint } : e))
        : [endpoint, ...s.items],
    }));

  return (
    <div className="recruiter-page" data-testid="integrations-page">
      <section className="card" aria-labelledby="integrations-title">
        <h1 id="integrations-title" className="card__title card__title--large">
          {t('integrations.title')}
        </h1>
        <p className="muted">{t('integrations.intro')}</p>
      </section>

      <WebhookForm onCreated={upsert} />

      <section className="card" aria-labelledby="webhooks-title" data-testid="webhooks">
        <div className="card__header">
          <h2 id="webhooks-title" className="card__title">
            {t('integrations.listTitle')}
          </h2>
          <button
            type="button"
            className="btn btn--ghost btn--small"
            onClick={() => setTick((n) => n + 1)}
            disabled={state.status === 'loading'}
            data-testid="webhooks-refresh"
          >
            {t('sessions.refresh')}
          </button>
        </div>
        {state.status === 'loading' && (
          <p className="muted" role="status" data-testid="webhooks-loading">
            {t('common.loading')}
          </p>
        )}
        {state.status === 'error' && <Alert data-testid="webhooks-error">{state.error}</Alert>}
        {state.status === 'ready' && state.items.length === 0 && (
          <p className="empty-state" data-testid="webhooks-empty">
            {t('integrations.none')}
          </p>
        )}
        {state.items.length > 0 && (
          <ul className="webhooks" data-testid="webhooks-list">
            {state.items.map((ep) => (
              <WebhookRow key={ep.id} endpoint={ep} onChanged={upsert} />
            ))}
          </ul>
        )}
      </section>

      <SignatureHelp />
    </div>
  );
}
