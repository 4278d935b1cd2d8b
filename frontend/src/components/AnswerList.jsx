import { useI18n } from '../i18n.js';
import AnswerCard from './AnswerCard.jsx';

/**
 * A card listing every question with its answer (AnswerCard), or an empty state. Shared by the
 * candidate's results and the recruiter's transcript; each page passes its own title and test ids.
 * `itemProps(item)` adds per-answer props (the recruiter's anchor and search-hit highlight).
 */
export default function AnswerList({ items, title, titleId, listTestId, emptyTestId, itemTestId, showRubric = false, itemProps }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 id={titleId} className="card__title">
        {title}
      </h2>
      {items.length === 0 ? (
        <p className="empty-state" data-testid={emptyTestId}>
          {t('results.noQuestions')}
        </p>
      ) : (
        <ol className="answer-list" data-testid={listTestId}>
          {items.map((item) => (
            <AnswerCard key={item.order} {...item} {...itemProps?.(item)} testId={itemTestId} showRubric={showRubric} />
          ))}
        </ol>
      )}
    </section>
  );
}
