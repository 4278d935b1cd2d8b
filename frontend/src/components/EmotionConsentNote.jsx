import { formatDateTime } from '../format.js';
import { useI18n } from '../i18n.js';

/**
 * One line on the session page and in the interview room saying whether facial expressions are
 * analysed in this session: "collected" (the candidate agreed; advisory only), "not_collected"
 * (they did not) or, with `withdrawnAt`, "withdrawn" (they agreed and later withdrew: nothing is
 * collected any more and what was collected has been deleted). Nothing where the deployment does
 * no emotion analysis ("disabled") or the server does not say.
 */
export default function EmotionConsentNote({ status, withdrawnAt = null, className = '' }) {
  const { t, lang } = useI18n();
  if (withdrawnAt) {
    return (
      <p
        className={`consent-note consent-note--withdrawn ${className}`.trim()}
        data-testid="emotion-consent-note"
        data-status="withdrawn"
        data-analysis="not_collected"
      >
        <span data-testid="emotion-withdrawn" data-withdrawn-at={withdrawnAt}>
          {t('emotionConsent.withdrawn', { date: formatDateTime(withdrawnAt, lang) })}
        </span>
      </p>
    );
  }
  if (status !== 'collected' && status !== 'not_collected') return null;
  return (
    <p className={`consent-note consent-note--${status} ${className}`.trim()} data-testid="emotion-consent-note" data-status={status}>
      {t(`emotionConsent.${status}`)}
    </p>
  );
}
