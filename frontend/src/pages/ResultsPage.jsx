import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, Navigate, useParams } from 'react-router-dom';
import { getEmotions, getQuestions, getResults, getSession } from '../api.js';
import { useAuth } from '../auth.jsx';
import Alert from '../components/Alert.jsx';
import { mergeItems } from '../components/AnswerCard.jsx';
import AnswerList from '../components/AnswerList.jsx';
import AuditLog from '../components/AuditLog.jsx';
import EmotionPanel, { wantsEmotions } from '../components/EmotionPanel.jsx';
import HumanReview from '../components/HumanReview.jsx';
import ReportPdfButton from '../components/ReportPdfButton.jsx';
import ReportSummary from '../components/ReportSummary.jsx';
import { Meter, ScoreBadge } from '../components/Score.jsx';
import { describeError, useI18n } from '../i18n.js';
import { useSessionEvents } from '../useSessionEvents.js';

const SETTLED = new Set(['ready', 'failed']);

/** Pending / processing: what is done so far, as numbers and a bar (no fixed waits). */
export function ResultsProgress({ results, session }) {
  const { t } = useI18n();
  const progress = results?.progress || { total: 0, asked: 0, answered: 0, evaluated: 0 };
  const status = results?.status || 'pending';
  const interviewRunning = status === 'pending' && session && session.status !== 'finished';
  return (
    <div className="results-pending" role="status" data-testid="results-pending" data-status={status}>
      <div className="pending">
        <span className="spinner" aria-hidden="true" />
        <strong>{interviewRunning ? t('results.interviewRunning') : t(`results.status.${status}`)}</strong>
      </div>
      <Meter
        value={progress.evaluated}
        max={Math.max(progress.answered, 1)}
        label={t('results.progressLabel')}
        data-testid="results-progress"
        data-evaluated={progress.evaluated}
        data-answered={progress.answered}
        data-asked={progress.asked}
        data-total={progress.total}
      />
      <p className="muted small" data-testid="results-progress-text">
        {t('results.progress', { evaluated: progress.evaluated, answered: progress.answered, asked: progress.asked, total: progress.total })}
      </p>
      {interviewRunning && (
        <Link className="btn btn--ghost btn--small" to={`/sessions/${encodeURIComponent(session.id)}`} data-testid="results-back-to-interview">
          {t('results.backToInterview')}
        </Link>
      )}
    </div>
  );
}

/** Loading the results failed: the message and a retry (shared with the recruiter's review; ids by prefix). */
export function ResultsLoadError({ error, onRetry, busy, testIdPrefix }) {
  const { t } = useI18n();
  return (
    <div className="stack">
      <Alert data-testid={`${testIdPrefix}-error`}>{error}</Alert>
      <button type="button" className="btn btn--ghost btn--small" onClick={onRetry} disabled={busy} data-testid={`${testIdPrefix}-retry`}>
        {t('common.retry')}
      </button>
    </div>
  );
}

/** The report could not be made: the server's reason and a retry (shared; `busyLabel` shows "loading" while retrying). */
export function ResultsFailed({ results, onRetry, busy, busyLabel = false }) {
  const { t } = useI18n();
  return (
    <div className="stack" data-testid="results-failed">
      <Alert data-testid="results-failed-reason">{results.reason || t('results.failedNoReason')}</Alert>
      <div className="actions">
        <button type="button" className="btn btn--primary" onClick={onRetry} disabled={busy} data-testid="results-retry">
          {busyLabel && busy ? t('common.loading') : t('common.retry')}
        </button>
      </div>
    </div>
  );
}

/** The loaded results of a session and everything shown with them, kept fresh by events. */
export function useSessionResults(id) {
  const { t } = useI18n();
  const tRef = useRef(t);
  tRef.current = t;
  const [results, setResults] = useState(null);
  const [session, setSession] = useState(null);
  const [questions, setQuestions] = useState([]);
  const [emotions, setEmotions] = useState(null);
  const [error, setError] = useState(null);
  const [emotionsError, setEmotionsError] = useState(null);
  const [reloading, setReloading] = useState(false);
  const seq = useRef(0);
  // Emotions are asked for once at first and again once the results are settled, and only for
  // sessions that have (or may have) them: a recruiter's read of them is logged.
  const emotionsAsked = useRef(false);
  // The candidate's withdrawal as the server returned it: a reload already under way must not undo it.
  const withdrawalRef = useRef(null);

  const loadEmotions = useCallback(async () => {
    setEmotionsError(null);
    try {
      setEmotions(await getEmotions(id));
    } catch (err) {
      if (err?.status !== 401) setEmotionsError(describeError(err, tRef.current));
    }
  }, [id]);

  const load = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const [r, s, qs] = await Promise.all([getResults(id), getSession(id), getQuestions(id, { answered: true })]);
      if (mine !== seq.current) return;
      const current = withdrawalRef.current && s ? { ...s, ...withdrawalRef.current } : s;
      setResults(r);
      setSession(current);
      setQuestions(qs);
      setError(null);
      if (wantsEmotions(current) && (SETTLED.has(r?.status) || !emotionsAsked.current)) {
        emotionsAsked.current = true;
        loadEmotions();
      }
    } catch (err) {
      if (mine !== seq.current || err?.status === 401) return;
      setError(describeError(err, tRef.current));
    }
  }, [id, loadEmotions]);

  useEffect(() => {
    setResults(null);
    setEmotions(null);
    emotionsAsked.current = false;
    load();
  }, [load]);

  const reload = useCallback(async () => {
    setReloading(true);
    try {
      await load();
    } finally {
      setReloading(false);
    }
  }, [load]);

  /** The candidate withdrew the emotion consent: the server deleted the data, so drop it here too. */
  const emotionWithdrawn = useCallback((updated) => {
    const withdrawal = {
      emotion_consent: false,
      emotion_analysis: 'not_collected',
      emotion_consent_withdrawn_at: updated?.emotion_consent_withdrawn_at || new Date().toISOString(),
    };
    withdrawalRef.current = withdrawal;
    setSession((s) => ({ ...s, ...(updated || {}), ...withdrawal }));
    setEmotions(null);
    setEmotionsError(null);
  }, []);

  const settled = SETTLED.has(results?.status);
  const transport = useSessionEvents(id, {
    onEvent: (type) => {
      if (type !== 'transcript_ready') load();
    },
    onPoll: load,
    enabled: results !== null && !settled && !error,
    waiting: true,
  });

  return {
    results,
    session,
    setSession,
    questions,
    emotions,
    error,
    emotionsError,
    reload,
    reloading,
    loadEmotions,
    emotionWithdrawn,
    transport,
  };
}

/** A candidate's results: progress while pending, then scores and feedback per question and the emotion shares. */
export default function ResultsPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const { user } = useAuth();
  const {
    results,
    session,
    setSession,
    questions,
    emotions,
    error,
    emotionsError,
    reload,
    reloading,
    loadEmotions,
    emotionWithdrawn,
    transport,
  } = useSessionResults(id);

  if (user?.role === 'recruiter') return <Navigate to={`/recruiter/sessions/${encodeURIComponent(id)}`} replace />;

  const report = results?.report;
  const items = mergeItems(report?.items, questions);

  return (
    <div className="results-page" data-testid="results-page" data-status={results?.status || 'loading'}>
      <section className="card" aria-labelledby="results-title">
        <div className="card__header">
          <div>
            <h1 id="results-title" className="card__title card__title--large">
              {t('results.title')}
            </h1>
            {session && (
              <p className="muted" data-testid="results-session">
                {t('results.sessionLine', { id: session.id, name: session.user_name, position: session.position })}
              </p>
            )}
          </div>
          {report && <ScoreBadge score={report.overall_score} large data-testid="results-overall-score" />}
        </div>

        {error && <ResultsLoadError error={error} onRetry={reload} busy={reloading} testIdPrefix="results" />}
        {!error && !results && (
          <p className="muted" role="status" data-testid="results-loading">
            {t('results.loading')}
          </p>
        )}
        {results && !SETTLED.has(results.status) && (
          <>
            <ResultsProgress results={results} session={session} />
            <span className="muted small" data-testid="events-transport" data-transport={transport}>
              {t(`transport.${transport}`)}
            </span>
          </>
        )}
        {results?.status === 'failed' && <ResultsFailed results={results} onRetry={reload} busy={reloading} busyLabel />}
        {results?.status === 'ready' && !report && (
          <Alert kind="warning" data-testid="results-empty">
            {t('results.emptyReport')}
          </Alert>
        )}
        {results?.status === 'ready' && report && <ReportSummary report={report} testIdPrefix="results" testId="results-ready" />}
        {results?.status === 'ready' && <ReportPdfButton sessionId={session?.id ?? id} />}
      </section>

      {results && (
        <AnswerList
          items={items}
          title={t('results.itemsTitle')}
          titleId="results-items-title"
          listTestId="results-items"
          emptyTestId="results-no-answers"
          itemTestId="results-item"
        />
      )}

      {results && (
        <EmotionPanel
          emotions={emotions}
          session={session}
          error={emotionsError}
          onRetry={loadEmotions}
          onWithdrawn={emotionWithdrawn}
          onWithdrawConflict={reload}
        />
      )}

      {session && <HumanReview session={session} role="candidate" onUpdated={setSession} onConflict={reload} />}

      {session && <AuditLog sessionId={session.id} />}

      <div className="actions">
        <Link className="btn btn--ghost" to="/" data-testid="results-home">
          {t('results.home')}
        </Link>
      </div>
    </div>
  );
}
