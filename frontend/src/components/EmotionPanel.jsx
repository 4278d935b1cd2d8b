import { lazy, Suspense } from 'react';
import { EMOTIONS, questionLabel, topEmotion } from '../emotions.js';
import { formatDateTime } from '../format.js';
import { pickLang, useI18n } from '../i18n.js';
import Alert from './Alert.jsx';
import EmotionWithdraw from './EmotionWithdraw.jsx';

const EmotionShareChart = lazy(() => import('./EmotionCharts.jsx').then((m) => ({ default: m.EmotionShareChart })));
const EmotionTimelineChart = lazy(() =>
  import('./EmotionCharts.jsx').then((m) => ({ default: m.EmotionTimelineChart })),
);

/**
 * What the emotion data is and is not: shown next to it wherever it appears (and on the consent
 * screen). `text` is the server's caveat ({ko, en}); without one the app's own text is used.
 */
export function EmotionCaveat({ text, ...rest }) {
  const { t, lang } = useI18n();
  return (
    <aside className="caveat" data-testid="emotion-caveat" {...rest}>
      <strong>{t('emotions.caveatTitle')}</strong> {pickLang(text, lang) || t('emotions.caveat')}
    </aside>
  );
}

/**
 * Whether a session's emotion data exists: 'collected', 'not_collected' (the candidate did not
 * consent, or withdrew the consent), 'disabled' (this deployment does no emotion analysis) or null
 * (not known yet / an older server, treated like 'collected'). A withdrawn consent wins over
 * everything (emotions read before it are stale); otherwise the emotions response wins over the
 * session's field.
 */
export function emotionStatus(session, emotions) {
  if (session?.emotion_consent_withdrawn_at) return 'not_collected';
  return emotions?.status || session?.emotion_analysis || null;
}

/** Whether GET /sessions/{id}/emotions is worth asking for (it is logged when a recruiter reads it). */
export function wantsEmotions(session) {
  return !['not_collected', 'disabled'].includes(session?.emotion_analysis) && !session?.emotion_consent_withdrawn_at;
}

function ChartFallback() {
  const { t } = useI18n();
  return (
    <p className="muted chart chart--loading" data-testid="chart-loading">
      {t('common.loading')}
    </p>
  );
}

const pct = (v) => `${Math.round((Number(v) || 0) * 100)}%`;

/**
 * The emotion section of a results page: the caveat, per-question shares as a chart and a table
 * (frames, no-face and multi-face counts), and for recruiters the timeline chart.
 * `emotions` is GET /sessions/{id}/emotions; null while loading. `session` gives the status
 * before (or instead of) the emotions: not collected → says so (no chart), with the date where the
 * candidate withdrew the consent; disabled → nothing.
 * `onWithdrawn(session)`, given only on the candidate's own page, offers to withdraw the consent
 * while it stands (the server deletes what was collected).
 */
export default function EmotionPanel({ emotions, session, error, onRetry, showTimeline = false, onWithdrawn, onWithdrawConflict }) {
  const { t, lang } = useI18n();
  const status = emotionStatus(session, emotions);
  const perQuestion = emotions?.per_question ?? [];
  const frames = Number(emotions?.frames) || 0;
  const withdrawnAt = session?.emotion_consent_withdrawn_at || null;
  const canWithdraw = Boolean(onWithdrawn) && session?.emotion_analysis === 'collected' && !withdrawnAt && status === 'collected';

  if (status === 'disabled') return null;
  if (status === 'not_collected') {
    return (
      <section
        className="card"
        aria-labelledby="emotions-title"
        data-testid="emotions-panel"
        data-status={status}
        data-reason={withdrawnAt ? 'withdrawn' : 'no_consent'}
      >
        <h2 id="emotions-title" className="card__title">
          {t('emotions.title')}
        </h2>
        {withdrawnAt ? (
          <p className="empty-state" data-testid="emotions-not-collected" data-reason="withdrawn">
            <strong data-testid="emotion-withdrawn" data-withdrawn-at={withdrawnAt}>
              {t('emotions.withdrawn', { date: formatDateTime(withdrawnAt, lang) })}
            </strong>
            <span className="muted small">{t('emotions.withdrawnHint')}</span>
          </p>
        ) : (
          <p className="empty-state" data-testid="emotions-not-collected" data-reason="no_consent">
            <strong>{t('emotions.notConsented')}</strong>
            <span className="muted small">{t('emotions.notConsentedHint')}</span>
          </p>
        )}
      </section>
    );
  }

  return (
    <section className="card" aria-labelledby="emotions-title" data-testid="emotions-panel" data-status={status || 'collected'}>
      <div className="card__header">
        <h2 id="emotions-title" className="card__title">
          {t('emotions.title')}
        </h2>
        {emotions && (
          <span className="muted small" data-testid="emotions-frames" data-frames={frames}>
            {t('emotions.frames', { frames })}
          </span>
        )}
      </div>
      <EmotionCaveat text={emotions?.caveat} />
      {emotions?.backend && (
        <p className="muted small" data-testid="emotions-backend">
          {t('emotions.backend', { backend: emotions.backend })}
        </p>
      )}

      {error && (
        <div className="stack">
          <Alert data-testid="emotions-error">{error}</Alert>
          {onRetry && (
            <button type="button" className="btn btn--ghost btn--small" onClick={onRetry} data-testid="emotions-retry">
              {t('common.retry')}
            </button>
          )}
        </div>
      )}
      {!error && !emotions && (
        <p className="muted" role="status" data-testid="emotions-loading">
          {t('emotions.loading')}
        </p>
      )}
      {!error && emotions && frames === 0 && (
        <p className="empty-state" data-testid="emotions-empty">
          <strong>{t('emotions.notCollected')}</strong>
          <span className="muted small">{t('emotions.notCollectedHint')}</span>
        </p>
      )}
      {!error && emotions && frames > 0 && (
        <>
          <h3 className="section-title">{t('emotions.shareTitle')}</h3>
          <Suspense fallback={<ChartFallback />}>
            <EmotionShareChart perQuestion={perQuestion} t={t} />
          </Suspense>
          {showTimeline && (
            <>
              <h3 className="section-title">{t('emotions.timelineTitle')}</h3>
              <Suspense fallback={<ChartFallback />}>
                <EmotionTimelineChart timeline={emotions.timeline} perQuestion={perQuestion} t={t} />
              </Suspense>
            </>
          )}
          <div className="table-wrap">
            <table className="table" data-testid="emotion-questions">
              <thead>
                <tr>
                  <th scope="col">{t('emotions.colQuestion')}</th>
                  <th scope="col">{t('emotions.colFrames')}</th>
                  <th scope="col">{t('emotions.colNoFace')}</th>
                  <th scope="col">{t('emotions.colMultiFace')}</th>
                  <th scope="col">{t('emotions.colTop')}</th>
                </tr>
              </thead>
              <tbody>
                {perQuestion.map((q) => {
                  const top = topEmotion(q.share);
                  return (
                    <tr
                      key={q.question_id ?? 'none'}
                      data-testid="emotion-question-row"
                      data-question-id={q.question_id ?? ''}
                      data-question-order={q.order ?? ''}
                    >
                      <th scope="row">{questionLabel(q.order, t)}</th>
                      <td data-testid="emotion-frames">{q.frames}</td>
                      <td data-testid="emotion-no-face">{q.no_face}</td>
                      <td data-testid="emotion-multi-face">{q.multi_face}</td>
                      <td data-testid="emotion-top" title={EMOTIONS.map((e) => `${t(`emotion.${e}`)} ${pct(q.share?.[e])}`).join(', ')}>
                        {top ? `${t(`emotion.${top.emotion}`)} ${pct(top.value)}` : t('emotions.noSingleFace')}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
      {canWithdraw && (
        <EmotionWithdraw
          sessionId={session.id}
          context="results"
          onWithdrawn={onWithdrawn}
          onConflict={onWithdrawConflict}
          className="emotion-withdraw--results"
        />
      )}
    </section>
  );
}
