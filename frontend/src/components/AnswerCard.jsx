import { useI18n } from '../i18n.js';
import ResumePassage from './ResumePassage.jsx';
import { BulletList, RubricBars, ScoreBadge } from './Score.jsx';

/**
 * One question with its answer, score and feedback.
 * `item` combines a report item ({order, question, answer, score, summary}) with the question's
 * own record (QuestionPublic: kind, answer_source, transcript, evaluation, timed_out, resume_passage), either may
 * be missing. A question grounded in the candidate's résumé shows that passage ("이력서 근거").
 * A question whose time ran out unanswered (`timedOut`) says so instead of "not answered".
 */
export default function AnswerCard({ order, questionText, kind, answerText, answerSource, transcript, score, evaluation, summary, timedOut = false, resumePassage = null, testId = 'answer-card', showRubric = false, anchorId, highlight = false }) {
  const { t } = useI18n();
  const feedback = summary || evaluation?.summary || null;
  const pendingEvaluation = answerText && score == null && !evaluation;
  return (
    <li id={anchorId} className={`answer-card${highlight ? ' answer-card--highlight' : ''}`} data-testid={testId} data-order={order}>
      <div className="answer-card__head">
        <span className="answer-card__order">{t('room.questionShort', { n: order })}</span>
        {kind && (
          <span className={`tag tag--${kind}`} data-testid="item-kind">
            {t(`kind.${kind}`) === `kind.${kind}` ? kind : t(`kind.${kind}`)}
          </span>
        )}
        <ScoreBadge score={score ?? evaluation?.score} data-testid="item-score" />
      </div>
      <p className="answer-card__question" data-testid="item-question">
        {questionText}
      </p>
      <ResumePassage passage={resumePassage} />
      <div className="answer-card__answer">
        <span className="answer-card__label">
          {t('results.answer')}
          {answerSource && (
            <span className="muted small" data-testid="item-source" data-source={answerSource}>
              {' '}
              · {t(`answerSource.${answerSource}`)}
            </span>
          )}
        </span>
        {answerText ? (
          <p data-testid="item-answer">{answerText}</p>
        ) : timedOut ? (
          <p className="muted" data-testid="item-timed-out">
            {t('results.timedOut')}
          </p>
        ) : (
          <p className="muted" data-testid="item-no-answer">
            {t('results.noAnswer')}
          </p>
        )}
        {transcript && transcript !== answerText && (
          <p className="muted small" data-testid="item-transcript">
            {t('results.transcript')}: {transcript}
          </p>
        )}
      </div>
      {feedback && (
        <p className="answer-card__feedback" data-testid="item-feedback">
          {feedback}
        </p>
      )}
      {pendingEvaluation && (
        <p className="muted small" data-testid="item-evaluating">
          {t('results.evaluating')}
        </p>
      )}
      {evaluation && (
        <div className="answer-card__details">
          <BulletList title={t('results.strengths')} items={evaluation.strengths} data-testid="item-strengths" />
          <BulletList title={t('results.improvements')} items={evaluation.improvements} data-testid="item-improvements" />
          {showRubric && <RubricBars rubric={evaluation.rubric} testIdPrefix="item-rubric" />}
        </div>
      )}
    </li>
  );
}

/** Merge the report's items with the questions (by order): every asked question appears once. */
export function mergeItems(reportItems, questions) {
  const byOrder = new Map();
  for (const q of questions || []) byOrder.set(q.order, { question: q });
  for (const item of reportItems || []) byOrder.set(item.order, { ...(byOrder.get(item.order) || {}), item });
  return [...byOrder.entries()]
    .sort(([a], [b]) => a - b)
    .map(([order, { item, question }]) => ({
      order,
      questionText: item?.question ?? question?.question_text ?? '',
      kind: question?.kind ?? null,
      answerText: item?.answer ?? question?.answer_text ?? null,
      answerSource: question?.answer_source ?? null,
      transcript: question?.transcript ?? null,
      score: item?.score ?? question?.score ?? null,
      summary: item?.summary ?? null,
      evaluation: question?.evaluation ?? null,
      timedOut: question?.timed_out === true,
      resumePassage: question?.resume_passage ?? null,
    }));
}
