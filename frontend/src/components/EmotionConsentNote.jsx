import { useI18n } from '../i18n.js';

/**
 * One line on the session page and in the interview room saying whether facial expressions are
 * analysed in this session: "collected" (the candidate agreed; advisory only) or "not_collected"
 * (they did not). Nothing where the deployment does no emotion analysis ("disabled") or the
 * server does not say.
 */
export default function EmotionConsentNote({ status, className = '' }) {
  const { t } = useI18n();
  if (status !== 'collected' && status !== 'not_collected') return null;
  return (
    <p className={`consent-note consent-note--${status} ${className}`.trim()} data-testid="emotion-consent-note" data-status={status}>
      {t(`emotionConsent.${status}`)}
    </p>
  );
}
