import { useState } from 'react';
import { withdrawEmotionConsent } from '../api.js';
import { describeError, useI18n } from '../i18n.js';
import Alert from './Alert.jsx';

/**
 * "Withdraw consent to expression analysis" for the candidate who owns the session: a button, then
 * a short confirmation saying what happens (analysis stops now, the expression results so far are
 * deleted, the interview and its evaluation are unaffected). `context` picks the wording: 'room'
 * (during the interview) or 'results' (afterwards). `onWithdrawn(session)` gets the session the
 * server returned; `onConflict()` is called after a 409 (nothing to withdraw: reload the session).
 * A failure shows the server's message.
 */
export default function EmotionWithdraw({ sessionId, context = 'room', onWithdrawn, onConflict, className = '' }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);

  async function confirm() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const updated = await withdrawEmotionConsent(sessionId);
      onWithdrawn?.(updated);
    } catch (err) {
      if (err?.status === 401) return;
      setError(describeError(err, t));
      setBusy(false);
      if (err?.status === 409) onConflict?.();
    }
  }

  return (
    <div className={`emotion-withdraw ${className}`.trim()} data-testid="emotion-withdraw-panel" data-open={open ? 'true' : 'false'}>
      {!open ? (
        <button
          type="button"
          className="btn btn--ghost btn--small"
          onClick={() => {
            setOpen(true);
            setError(null);
          }}
          data-testid="emotion-withdraw"
        >
          {t('emotionWithdraw.action')}
        </button>
      ) : (
        <div className="confirm" role="group" aria-labelledby="emotion-withdraw-title" data-testid="emotion-withdraw-dialog">
          <strong id="emotion-withdraw-title">{t('emotionWithdraw.title')}</strong>
          <p className="small" data-testid="emotion-withdraw-explain">
            {t(`emotionWithdraw.explain.${context === 'results' ? 'results' : 'room'}`)}
          </p>
          <div className="actions">
            <button type="button" className="btn btn--danger btn--small" onClick={confirm} disabled={busy} data-testid="emotion-withdraw-confirm">
              {busy ? t('emotionWithdraw.busy') : t('emotionWithdraw.confirm')}
            </button>
            <button
              type="button"
              className="btn btn--ghost btn--small"
              onClick={() => {
                setOpen(false);
                setError(null);
              }}
              disabled={busy}
              data-testid="emotion-withdraw-cancel"
            >
              {t('emotionWithdraw.cancel')}
            </button>
          </div>
        </div>
      )}
      <Alert data-testid="emotion-withdraw-error">{error}</Alert>
    </div>
  );
}
