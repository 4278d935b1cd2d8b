import { useI18n } from '../i18n.js';

/** A session status as a coloured badge; unknown statuses are shown as sent. */
export default function StatusBadge({ status, ...rest }) {
  const { t } = useI18n();
  const raw = status == null ? '' : String(status);
  const key = `status.${raw.toLowerCase()}`;
  const label = t(key) === key ? raw : t(key);
  const tone = raw.toLowerCase().replace(/[^a-z_]/g, '') || 'unknown';
  return (
    <span className={`badge badge--${tone}`} data-status={raw} {...rest}>
      {label || '—'}
    </span>
  );
}
