import { useI18n } from '../i18n.js';

export function scoreTone(score) {
  if (score == null || Number.isNaN(Number(score))) return 'none';
  const n = Number(score);
  if (n >= 80) return 'high';
  if (n >= 60) return 'mid';
  return 'low';
}

/** A 0–100 score as a coloured number; "—" when there is none yet. */
export function ScoreBadge({ score, large = false, ...rest }) {
  const { t } = useI18n();
  const has = score != null && !Number.isNaN(Number(score));
  return (
    <span
      className={`score score--${scoreTone(score)}${large ? ' score--large' : ''}`}
      data-score={has ? Math.round(Number(score)) : ''}
      aria-label={has ? t('score.label', { score: Math.round(Number(score)) }) : t('score.none')}
      {...rest}
    >
      {has ? Math.round(Number(score)) : '—'}
    </span>
  );
}

/** A horizontal bar for a value between 0 and `max`. */
export function Meter({ value, max = 100, label, tone, ...rest }) {
  const ratio = max > 0 ? Math.max(0, Math.min(1, (Number(value) || 0) / max)) : 0;
  return (
    <div
      className={`meter${tone ? ` meter--${tone}` : ''}`}
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={Number(value) || 0}
      aria-label={label}
      {...rest}
    >
      <div className="meter__fill" style={{ width: `${Math.round(ratio * 100)}%` }} />
    </div>
  );
}

const RUBRIC = ['relevance', 'specificity', 'clarity', 'depth'];

/** The four rubric dimensions (0–100 each) as labelled bars. */
export function RubricBars({ rubric, testIdPrefix = 'rubric' }) {
  const { t } = useI18n();
  if (!rubric) return null;
  return (
    <dl className="rubric">
      {RUBRIC.map((key) => (
        <div className="rubric__row" key={key} data-testid={`${testIdPrefix}-${key}`} data-value={rubric[key] ?? ''}>
          <dt>{t(`rubric.${key}`)}</dt>
          <dd>
            <Meter value={rubric[key]} label={t(`rubric.${key}`)} tone={scoreTone(rubric[key])} />
            <span className="rubric__value">{rubric[key] ?? '—'}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** A titled bullet list; nothing when empty. */
export function BulletList({ title, items, ...rest }) {
  if (!items?.length) return null;
  return (
    <div className="bullets" {...rest}>
      <h4 className="bullets__title">{title}</h4>
      <ul>
        {items.map((text, i) => (
          // eslint-disable-next-line react/no-array-index-key
          <li key={i}>{text}</li>
        ))}
      </ul>
    </div>
  );
}
