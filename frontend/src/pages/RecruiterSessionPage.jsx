import { useEffect } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { mergeItems } from '../components/AnswerCard.jsx';
import AnswerList from '../components/AnswerList.jsx';
import AuditLog from '../components/AuditLog.jsx';
import EmotionPanel from '../components/EmotionPanel.jsx';
import HumanReview, { ReviewFlag, reviewState } from '../components/HumanReview.jsx';
import ReportPdfButton from '../components/ReportPdfButton.jsx';
import ReportSummary from '../components/ReportSummary.jsx';
import { ScoreBadge } from '../components/Score.jsx';
import StatusBadge from '../components/StatusBadge.jsx';
import { formatDateTime } from '../format.js';
import { useI18n } from '../i18n.js';
import { ResultsFailed, ResultsLoadError, ResultsProgress, useSessionResults } from './ResultsPage.jsx';

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

        {error && <ResultsLoadError error={error} onRetry={reload} busy={reloading} testIdPrefix="detail" />}
        {!error && !results && (
          <p className="muted" role="status" data-testid="detail-loading">
            {t('common.loading')}
          </p>
        )}
        {results && !['ready', 'failed'].includes(results.status) && <ResultsProgress results={results} session={session} />}
        {results?.status === 'failed' && <ResultsFailed results={results} onRetry={reload} busy={reloading} />}
        {report && <ReportSummary report={report} testIdPrefix="detail" showRecommendation />}
        {results?.status === 'ready' && <ReportPdfButton sessionId={session?.id ?? id} />}
      </section>

      {results && (
        <AnswerList
          items={items}
          title={t('recruiter.transcript')}
          titleId="transcript-title"
          listTestId="recruiter-transcript"
          emptyTestId="transcript-empty"
          itemTestId="transcript-item"
          showRubric
          // Search hits link to #question-<id>: anchor each answer and mark the one linked to.
          itemProps={(item) => ({
            anchorId: item.id ? `question-${item.id}` : undefined,
            highlight: Boolean(item.id) && hash === `#question-${item.id}`,
          })}
        />
      )}

      {session && <HumanReview session={session} role="recruiter" onUpdated={setSession} onConflict={reload} />}

      {results && <EmotionPanel emotions={emotions} session={session} error={emotionsError} onRetry={loadEmotions} showTimeline />}

      {session && <AuditLog sessionId={session.id} />}
    </div>
  );
}
