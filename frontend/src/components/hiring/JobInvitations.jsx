import { useId, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { createShareLink, inviteByCsv, inviteByEmail, resendInvitation, revokeInvitation } from '../../api.js';
import { formatDateTime } from '../../format.js';
import { splitEmails } from '../../hiring.js';
import { describeError, useI18n } from '../../i18n.js';
import { INVITE_EMAILS_MAX } from '../../validation.js';
import Alert from '../Alert.jsx';
import HiringBadge from './HiringBadge.jsx';

const SETTLED = new Set(['revoked', 'completed', 'expired']);

/** What one invitation batch did: how many were invited, and every skipped address with its reason. */
function BatchResult({ batch }) {
  const { t } = useI18n();
  if (!batch) return null;
  const created = batch.created?.length ?? 0;
  const skipped = batch.skipped || [];
  return (
    <div className="stack" data-testid="invite-result" data-created={created} data-skipped={skipped.length}>
      <Alert kind={created ? 'success' : 'info'} data-testid="invite-created">
        {t('invite.created', { count: created })}
      </Alert>
      {skipped.length > 0 && (
        <div className="alert alert--warning" data-testid="invite-skipped">
          <strong>{t('invite.skippedTitle', { count: skipped.length })}</strong>
          <ul className="plain-list">
            {skipped.map((s, i) => (
              // The same address can be skipped twice (a duplicate in the pasted list).
              // eslint-disable-next-line react/no-array-index-key
              <li key={`${s.email}-${i}`} data-testid="invite-skipped-row" data-email={s.email}>
                <span className="mono">{s.email || t('invite.emptyAddress')}</span> — <span data-testid="invite-skipped-reason">{s.reason}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** Paste addresses (commas, spaces or new lines between them) or upload a CSV. */
function InviteForms({ jobId, disabled, onBatch }) {
  const { t } = useI18n();
  const textId = useId();
  const fileId = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [file, setFile] = useState(null);
  const [csvError, setCsvError] = useState(null);
  const [csvBusy, setCsvBusy] = useState(false);
  const fileInput = useRef(null);
  const emails = splitEmails(text);

  async function onPaste(e) {
    e.preventDefault();
    if (busy || disabled) return;
    if (!emails.length) {
      setError(t('invite.emailsRequired'));
      return;
    }
    if (emails.length > INVITE_EMAILS_MAX) {
      setError(t('invite.emailsTooMany', { max: INVITE_EMAILS_MAX }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const batch = await inviteByEmail(jobId, { emails });
      setText('');
      onBatch(batch);
    } catch (err) {
      if (err?.status !== 401) setError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  }

  async function onCsv(e) {
    e.preventDefault();
    if (csvBusy || disabled) return;
    if (!file) {
      setCsvError(t('invite.csvRequired'));
      return;
    }
    setCsvBusy(true);
    setCsvError(null);
    try {
      const batch = await inviteByCsv(jobId, file);
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
      onBatch(batch);
    } catch (err) {
      if (err?.status !== 401) setCsvError(describeError(err, t));
    } finally {
      setCsvBusy(false);
    }
  }

  return (
    <div className="two-col">
      <form className="form" onSubmit={onPaste} noValidate data-testid="invite-form">
        <div className={`field${error ? ' field--invalid' : ''}`}>
          <label className="field__label" htmlFor={textId}>
            {t('invite.emails')}
          </label>
          <textarea
            id={textId}
            className="field__input"
            rows={5}
            value={text}
            placeholder="kim@example.com, lee@example.com"
            onChange={(e) => {
              setText(e.target.value);
              setError(null);
            }}
            aria-describedby={`${textId}-hint`}
            aria-invalid={error ? 'true' : undefined}
            disabled={disabled}
            data-testid="invite-emails"
          />
          <p className="field__hint" id={`${textId}-hint`} data-testid="invite-emails-count" data-count={emails.length}>
            {t('invite.emailsHint', { count: emails.length })}
          </p>
        </div>
        <Alert data-testid="invite-error">{error}</Alert>
        <div className="actions">
          <button type="submit" className="btn btn--primary" disabled={busy || disabled} data-testid="invite-submit">
            {busy ? t('invite.sending') : t('invite.send')}
          </button>
        </div>
      </form>

      <form className="form" onSubmit={onCsv} noValidate data-testid="invite-csv-form">
        <div className="field">
          <label className="field__label" htmlFor={fileId}>
            {t('invite.csv')}
          </label>
          <input
            id={fileId}
            ref={fileInput}
            type="file"
            className="field__input"
            accept=".csv,text/csv,text/plain"
            onChange={(e) => {
              setFile(e.target.files?.[0] || null);
              setCsvError(null);
            }}
            aria-describedby={`${fileId}-hint`}
            disabled={disabled}
            data-testid="invite-csv-file"
          />
          <p className="field__hint" id={`${fileId}-hint`}>
            {t('invite.csvHint')}
          </p>
        </div>
        <Alert data-testid="invite-csv-error">{csvError}</Alert>
        <div className="actions">
          <button type="submit" className="btn btn--ghost" disabled={csvBusy || disabled} data-testid="invite-csv-submit">
            {csvBusy ? t('invite.sending') : t('invite.csvSend')}
          </button>
        </div>
      </form>
    </div>
  );
}

/** A multi-use link: its URL is shown once, here, with a copy button. */
function ShareLink({ jobId, disabled, onCreated }) {
  const { t } = useI18n();
  const maxId = useId();
  const [maxUses, setMaxUses] = useState('');
  const [link, setLink] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(null);

  async function create() {
    if (busy || disabled) return;
    const text = maxUses.trim();
    if (text && (!/^\d+$/.test(text) || Number(text) < 1)) {
      setError(t('invite.maxUsesInvalid'));
      return;
    }
    setBusy(true);
    setError(null);
    setCopied(null);
    try {
      const created = await createShareLink(jobId, { max_uses: text ? Number(text) : null });
      setLink(created);
      setMaxUses('');
      onCreated(created);
    } catch (err) {
      if (err?.status !== 401) setError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(link.url);
      setCopied('done');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <div className="stack" data-testid="share-link">
      <div className="share-link__create">
        <label className="filter" htmlFor={maxId}>
          <span>{t('invite.maxUses')}</span>
          <input
            id={maxId}
            type="number"
            min={1}
            inputMode="numeric"
            className="field__input"
            placeholder={t('invite.maxUsesPlaceholder')}
            value={maxUses}
            onChange={(e) => {
              setMaxUses(e.target.value);
              setError(null);
            }}
            disabled={disabled}
            data-testid="share-link-max-uses"
          />
        </label>
        <button type="button" className="btn btn--ghost" onClick={create} disabled={busy || disabled} data-testid="share-link-create">
          {busy ? t('invite.linkCreating') : t('invite.linkCreate')}
        </button>
      </div>
      <Alert data-testid="share-link-error">{error}</Alert>
      {link?.url && (
        <div className="share-link__result">
          <label className="field__label" htmlFor={`${maxId}-url`}>
            {t('invite.linkUrl')}
          </label>
          <div className="share-link__row">
            <input
              id={`${maxId}-url`}
              className="field__input mono"
              readOnly
              value={link.url}
              onFocus={(e) => e.target.select()}
              data-testid="share-link-url"
            />
            <button type="button" className="btn btn--primary" onClick={copy} data-testid="share-link-copy">
              {t('invite.copy')}
            </button>
          </div>
          <p className="muted small">{t('invite.linkOnce')}</p>
          {copied === 'done' && (
            <p className="muted small" role="status" data-testid="share-link-copied">
              {t('invite.copied')}
            </p>
          )}
          {copied === 'failed' && <Alert kind="warning">{t('invite.copyFailed')}</Alert>}
        </div>
      )}
    </div>
  );
}

/** One invitation: who, status, dates, its session, and revoke / resend. */
function InvitationRow({ invitation: inv, onChanged, onError, disabled }) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(null);
  const canRevoke = !SETTLED.has(inv.status) && (inv.multi_use || inv.status !== 'started');
  const canResend = !inv.multi_use && Boolean(inv.email) && (inv.status === 'sent' || inv.status === 'opened');

  async function act(kind) {
    setBusy(kind);
    onError(null);
    try {
      const updated = kind === 'revoke' ? await revokeInvitation(inv.id) : await resendInvitation(inv.id);
      onChanged(updated, kind);
    } catch (err) {
      if (err?.status !== 401) onError(describeError(err, t));
    } finally {
      setBusy(null);
    }
  }

  const lastEvent = inv.completed_at || inv.started_at || inv.opened_at;
  return (
    <tr data-testid="invitation-row" data-invitation-id={inv.id} data-status={inv.status} data-email={inv.email ?? ''}>
      <td>
        {inv.email ? (
          <span className="mono">{inv.email}</span>
        ) : (
          <span data-testid="invitation-link-label">
            {t('invite.linkLabel')}{' '}
            <span className="muted small">
              {t('invite.uses', { uses: inv.uses ?? 0, max: inv.max_uses == null ? '∞' : inv.max_uses })}
            </span>
          </span>
        )}
      </td>
      <td>
        <HiringBadge kind="invitation" value={inv.status} data-testid="invitation-status" />
      </td>
      <td className="nowrap small">{formatDateTime(inv.created_at, lang)}</td>
      <td className="nowrap small">{lastEvent ? formatDateTime(lastEvent, lang) : '—'}</td>
      <td className="nowrap small">{formatDateTime(inv.expires_at, lang)}</td>
      <td>
        {inv.session_id != null ? (
          <Link to={`/recruiter/sessions/${encodeURIComponent(inv.session_id)}`} data-testid="invitation-session-link">
            #{inv.session_id}
          </Link>
        ) : (
          '—'
        )}
      </td>
      <td>
        <div className="actions actions--tight">
          {canResend && (
            <button
              type="button"
              className="btn btn--ghost btn--small"
              onClick={() => act('resend')}
              disabled={Boolean(busy) || disabled}
              data-testid="invitation-resend"
            >
              {busy === 'resend' ? t('invite.resending') : t('invite.resend')}
            </button>
          )}
          {canRevoke && (
            <button
              type="button"
              className="btn btn--danger btn--small"
              onClick={() => act('revoke')}
              disabled={Boolean(busy) || disabled}
              data-testid="invitation-revoke"
            >
              {busy === 'revoke' ? t('invite.revoking') : t('invite.revoke')}
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}

/**
 * A job's invitations: send by email (pasted or CSV), create a shareable link, and the list with
 * revoke and resend. `invitations` is owned by the page (the email log is filtered by it);
 * `onInvitations(updater)` changes it, `onSent()` says emails went out.
 */
export default function JobInvitations({ job, invitations, loadState, onInvitations, onSent, onReload }) {
  const { t } = useI18n();
  const [batch, setBatch] = useState(null);
  const [actionError, setActionError] = useState(null);
  const closed = job.status === 'closed';

  const onBatch = (b) => {
    setBatch(b);
    const created = b?.created || [];
    if (created.length) onInvitations((list) => [...created, ...list.filter((i) => !created.some((c) => c.id === i.id))]);
    onSent();
  };

  return (
    <section className="card" aria-labelledby="invitations-title" data-testid="job-invitations">
      <div className="card__header">
        <h2 id="invitations-title" className="card__title">
          {t('invite.title')}
        </h2>
        <button type="button" className="btn btn--ghost btn--small" onClick={onReload} data-testid="invitations-refresh">
          {t('sessions.refresh')}
        </button>
      </div>
      {closed && (
        <Alert kind="info" data-testid="invite-closed">
          {t('invite.jobClosed')}
        </Alert>
      )}
      <InviteForms jobId={job.id} disabled={closed} onBatch={onBatch} />
      <BatchResult batch={batch} />

      <h3 className="section-title">{t('invite.linkTitle')}</h3>
      <ShareLink
        jobId={job.id}
        disabled={closed}
        onCreated={(link) => {
          // The list never holds the URL: it is shown once, above.
          const { url: _url, ...rest } = link;
          onInvitations((list) => [rest, ...list.filter((i) => i.id !== rest.id)]);
        }}
      />

      <h3 className="section-title">{t('invite.listTitle')}</h3>
      <Alert data-testid="invitations-action-error">{actionError}</Alert>
      {loadState.status === 'loading' && (
        <p className="muted" role="status" data-testid="invitations-loading">
          {t('common.loading')}
        </p>
      )}
      {loadState.status === 'error' && <Alert data-testid="invitations-error">{loadState.error}</Alert>}
      {loadState.status === 'ready' && invitations.length === 0 && (
        <p className="empty-state" data-testid="invitations-empty">
          {t('invite.none')}
        </p>
      )}
      {invitations.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="invitations-table">
            <thead>
              <tr>
                <th scope="col">{t('invite.colRecipient')}</th>
                <th scope="col">{t('invite.colStatus')}</th>
                <th scope="col">{t('invite.colCreated')}</th>
                <th scope="col">{t('invite.colActivity')}</th>
                <th scope="col">{t('invite.colExpires')}</th>
                <th scope="col">{t('invite.colSession')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('invite.colActions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((inv) => (
                <InvitationRow
                  key={inv.id}
                  invitation={inv}
                  disabled={false}
                  onError={setActionError}
                  onChanged={(updated, kind) => {
                    if (updated) onInvitations((list) => list.map((i) => (i.id === updated.id ? { ...i, ...updated } : i)));
                    if (kind === 'resend') onSent();
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
