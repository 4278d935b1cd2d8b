import { useEffect } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import Alert from '../components/Alert.jsx';
import AnswerCard, { mergeItems } from '../components/AnswerCard.jsx';
import AuditLog from '../components/AuditLog.jsx';
import EmotionPanel from '../components/EmotionPanel.jsx';
import HumanReview, { ReviewFlag, reviewState } from '../components/HumanReview.jsx';
import { BulletList, RubricBars, ScoreBadge } from '../components/Score.jsx';
import StatusBadge from '../components/StatusBadge.jsx';
import { formatDateTime } from '../format.js';
import { useI18n } from '../i18n.js';
import { ResultsProgress, useSessionResults } from './ResultsPage.jsx';

/**
 * A recruiter's review of one session: the report (score, rubric, recommendation), the transcript
 * with each answer's score and feedback, the emotion timeline with its caveat (or why there is
 * none), the candidate's request for a human review with the form to resolve it, and the access log.
 */
export default function RecruiterSessionPage() {
  const { t, lang } = useI18n();
  const { id } = useParams();
  const location = useLocation();
  const { results, session, setSession, questions, emotions, error, emotionsError, reload, reloading, loadEmotions } =
    useSessionResults(id);
  const report = results?.report;
  const items = mergeItems(report?.items, questions).map((item) => ({
    ...item,
    id: questions.find((q) => q.order === item.order)?.id,
  }));

  // A search hit links to #question-<id>: bring that answer into view once it is there.
  const hash = location.hash;
  const loaded = questions.length > 0;
  useEffect(() => {
    if (!hash || !loaded) return;
    const el = document.getElementById(hash.slice(1));
    el?.scrollIntoView?.({ block: 'center' });
  }, [hash, loaded]);

  return (
    <div className="results-page" data-testid="recruiter-session" data-status={results?.status || 'loading'}>
      <div>
        <Link to="/recruiter/sessions" className="back-link" data-testid="back-to-sessions">
          ← {t('recruiter.back')}
        </Link>
      </div>

      <section className="card" aria-labelledby="detail-title">
        <div className="card__header">
          <div>
            <h1 id="detail-title" className="card__title card__title--large" data-testid="detail-candidate">
              {session ? `${session.user_name} · ${session.position}` : t('common.loading')}
            </h1>
            {session && (
              <p className="muted small">
                #{session.id} · <StatusBadge status={session.status} data-testid="detail-status" /> ·{' '}
                <span data-testid="detail-created-at">{formatDateTime(session.created_at, lang)}</span>
                {session.finished_at && ` → ${formatDateTime(session.finished_at, lang)}`}
                {reviewState(session) === 'open' && (
                  <>
                    {' '}
                    · <ReviewFlag />
                  </>
                )}
              </p>
            )}
          </div>
          {report && <ScoreBadge score={report.overall_score} large data-testid="detail-overall-score" />}
        </div>

        {error && (
          <div className="stack">
            <Alert data-testid="detail-error">{error}</Alert>
            <button type="button" className="btn btn--ghost btn--small" onClick={reload} disabled={reloading} data-testid="detail-retry">
              {t('common.retry')}
            </button>
          </div>
        )}
        {!error && !results && (
          <p className="muted" role="status" data-testid="detail-loading">
            {t('common.loading')}
          </p>
        )}
        {results && !['ready', 'failed'].includes(results.status) && <ResultsProgress results={results} session={session} />}
        {results?.status === 'failed' && (
          <div className="stack" data-testid="results-failed">
            <Alert data-testid="results-failed-reason">{results.reason || t('results.failedNoReason')}</Alert>
            <div className="actions">
              <button type="button" className="btn btn--primary" onClick={reload} disabled={reloading} data-testid="results-retry">
                {t('common.retry')}
              </button>
            </div>
          </div>
        )}
        {report && (
          <div className="report" data-testid="detail-report">
            <div className={`recommendation recommendation--${report.recommendation}`} data-testid="detail-recommendation" data-recommendation={report.recommendation}>
              <strong>{t(`recommendation.${report.recommendation}`)}</strong>
              <span>{report.recommendation_reason}</span>
            </div>
            <p className="muted small">{t('recruiter.recommendationNote')}</p>
            <p className="muted" data-testid="results-answered">
              {t('results.answeredOf', { answered: report.answered, asked: report.asked })}
            </p>
            <RubricBars rubric={report.rubric} testIdPrefix="detail-rubric" />
            <div className="two-col">
              <BulletList title={t('results.strengths')} items={report.strengths} data-testid="detail-strengths" />
              <BulletList title={t('results.improvements')} items={report.improvements} data-testid="detail-improvements" />
            </div>
          </div>
        )}
      </section>

      {results && (
        <section className="card" aria-labelledby="transcript-title">
          <h2 id="transcript-title" className="card__title">
            {t('recruiter.transcript')}
          </h2>
          {items.length === 0 ? (
            <p className="empty-state" data-testid="transcript-empty">
              {t('results.noQuestions')}
            </p>
          ) : (
            <ol className="answer-list" data-testid="recruiter-transcript">
              {items.map((item) => (
                <AnswerCard
                  key={item.order}
                  {...item}
                  anchorId={item.id ? `question-${item.id}` : undefined}
                  highlight={Boolean(item.id) && hash === `#question-${item.id}`}
                  testId="transcript-item"
                  showRubric
                />
              ))}
            </ol>
          )}
        </section>
      )}

      {session && <HumanReview session={session} role="recruiter" onUpdated={setSession} onConflict={reload} />}

      {results && <EmotionPanel emotions={emotions} session={session} error={emotionsError} onRetry={loadEmotions} showTimeline />}

      {session && <AuditLog sessionId={session.id} />}
    </div>
  );
}
