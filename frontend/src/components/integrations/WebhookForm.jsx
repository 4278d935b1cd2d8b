import { useId, useState } from 'react';
import { WEBHOOK_EVENTS, createWebhook } from '../../api.js';
import { describeError, useI18n } from '../../i18n.js';
import { WEBHOOK_FIELDS, WEBHOOK_SECRET, WEBHOOK_URL_MAX, validateWebhook } from '../../validation.js';
import Alert from '../Alert.jsx';
import FormField from '../FormField.jsx';

const EMPTY = { url: '', events: [...WEBHOOK_EVENTS], secret: '' };

/** The server's field errors by form field: `events.0` counts for `events`. */
function serverErrorsOf(errors) {
  const out = {};
  for (const { field, message } of errors || []) {
    const name = String(field || '').split('.')[0];
    if (WEBHOOK_FIELDS.includes(name) && !out[name]) out[name] = message;
  }
  return out;
}

/** The signing secret of a new endpoint: shown here once, with a copy button, until dismissed. */
function SecretOnce({ endpoint, onDismiss }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(endpoint.secret);
      setCopied('done');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <div className="secret-once" data-testid="webhook-secret" data-endpoint-id={endpoint.id}>
      <p className="secret-once__title">{t('integrations.secretTitle', { url: endpoint.url })}</p>
      <div className="secret-once__row">
        <code className="secret-once__value mono" data-testid="webhook-secret-value">
          {endpoint.secret}
        </code>
        <button type="button" className="btn btn--primary btn--small" onClick={copy} data-testid="webhook-secret-copy">
          {t('integrations.copy')}
        </button>
      </div>
      <Alert kind="warning" data-testid="webhook-secret-warning">
        {t('integrations.secretOnce')}
      </Alert>
      {copied === 'done' && (
        <p className="muted small" role="status" data-testid="webhook-secret-copied">
          {t('integrations.copied')}
        </p>
      )}
      {copied === 'failed' && <Alert kind="warning">{t('integrations.copyFailed')}</Alert>}
      <button type="button" className="btn btn--ghost btn--small" onClick={onDismiss} data-testid="webhook-secret-dismiss">
        {t('integrations.secretDismiss')}
      </button>
    </div>
  );
}

/**
 * Add an endpoint: URL, the events it receives, an optional secret. `onCreated(endpoint)` gets the new
 * endpoint without its secret (the list never holds it); the secret is shown once, here.
 */
export default function WebhookForm({ onCreated }) {
  const { t } = useI18n();
  const eventsErrorId = useId();
  const [values, setValues] = useState(EMPTY);
  const [fieldErrors, setFieldErrors] = useState({});
  const [serverErrors, setServerErrors] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState(null);

  const set = (name, value) => {
    setValues((v) => ({ ...v, [name]: value }));
    setFieldErrors((fe) => ({ ...fe, [name]: undefined }));
    setServerErrors((fe) => ({ ...fe, [name]: undefined }));
  };
  const toggleEvent = (type, checked) =>
    set(
      'events',
      WEBHOOK_EVENTS.filter((e) => (e === type ? checked : values.events.includes(e))),
    );

  async function onSubmit(e) {
    e.preventDefault();
    if (busy) return;
    setError(null);
    setServerErrors({});
    const problems = validateWebhook(values);
    setFieldErrors(problems);
    if (Object.keys(problems).length) return;
    setBusy(true);
    try {
      const endpoint = await createWebhook({ url: values.url.trim(), events: values.events, secret: values.secret || undefined });
      const { secret, ...rest } = endpoint || {};
      setCreated(secret ? { id: rest.id, url: rest.url, secret } : null);
      setValues(EMPTY);
      if (rest.id != null) onCreated(rest);
    } catch (err) {
      if (err?.status === 401) return;
      setError(describeError(err, t));
      setServerErrors(serverErrorsOf(err?.errors));
    } finally {
      setBusy(false);
    }
  }

  const errorFor = (name) => serverErrors[name] || (fieldErrors[name] ? t(fieldErrors[name]) : undefined);
  const eventsError = errorFor('events');

  return (
    <section className="card" aria-labelledby="webhook-form-title" data-testid="webhook-new">
      <h2 id="webhook-form-title" className="card__title">
        {t('integrations.addTitle')}
      </h2>
      <p className="muted small">{t('integrations.addIntro')}</p>
      {created && <SecretOnce endpoint={created} onDismiss={() => setCreated(null)} />}
      <form className="form" onSubmit={onSubmit} noValidate data-testid="webhook-form">
        <FormField
          label={t('integrations.url')}
          hint={t('integrations.urlHint')}
          error={errorFor('url')}
          name="url"
          type="url"
          inputMode="url"
          autoComplete="off"
          placeholder="https://ats.example.com/hooks/interview"
          required
          maxLength={WEBHOOK_URL_MAX}
          value={values.url}
          onChange={(e) => set('url', e.target.value)}
          data-testid="webhook-url"
        />
        <fieldset
          className={`field webhook-events${eventsError ? ' field--invalid' : ''}`}
          data-testid="webhook-events"
          aria-describedby={eventsError ? eventsErrorId : undefined}
        >
          <legend className="field__label">{t('integrations.events')}</legend>
          {WEBHOOK_EVENTS.map((type) => (
            <label key={type} className="checkbox webhook-events__choice">
              <input
                type="checkbox"
                name="events"
                value={type}
                checked={values.events.includes(type)}
                onChange={(e) => toggleEvent(type, e.target.checked)}
                data-testid="webhook-event"
                data-event={type}
              />
              <span>
                {t(`webhookEvent.${type}`)} <span className="mono muted small">{type}</span>
                <span className="field__hint webhook-events__hint">{t(`webhookEvent.${type}.hint`)}</span>
              </span>
            </label>
          ))}
          {eventsError && (
            <p className="field__error" id={eventsErrorId} data-testid="webhook-events-error">
              {eventsError}
            </p>
          )}
        </fieldset>
        <FormField
          label={t('integrations.secret')}
          hint={t('integrations.secretHint', { min: WEBHOOK_SECRET.min, max: WEBHOOK_SECRET.max })}
          error={errorFor('secret')}
          name="secret"
          autoComplete="off"
          spellCheck={false}
          className="field__input mono"
          maxLength={WEBHOOK_SECRET.max}
          value={values.secret}
          onChange={(e) => set('secret', e.target.value)}
          data-testid="webhook-secret-input"
        />
        <Alert data-testid="webhook-form-error">{error}</Alert>
        <div className="actions">
          <button type="submit" className="btn btn--primary" disabled={busy} data-testid="webhook-submit">
            {busy ? t('integrations.adding') : t('integrations.add')}
          </button>
        </div>
      </form>
    </section>
  );
}
