import { useI18n } from '../../i18n.js';

/**
 * A hiring status as a coloured badge: `kind` is 'job', 'invitation', 'decision', 'mail' or 'review';
 * the label is `<kind>Status.<value>` (unknown values are shown as sent).
 */
export default function HiringBadge({ kind, value, ...rest }) {
  const { t } = useI18n();
  const raw = value == null ? '' : String(value);
  const key = `${kind}Status.${raw}`;
  const label = t(key) === key ? raw : t(key);
  const tone = raw.toLowerCase().replace(/[^a-z_]/g, '') || 'unknown';
  return (
    <span className={`badge badge--${kind}-${tone}`} data-status={raw} {...rest}>
      {label || '—'}
    </span>
  );
}
