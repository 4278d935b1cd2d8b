import { requestReview, resolveReview } from '../api.js';
import { formatDateTime } from '../format.js';
import { useI18n } from '../i18n.js';
import NoteForm from './NoteForm.jsx';

/** 'none', 'open' (requested, not yet resolved) or 'resolved'. */
export function reviewState(session) {
  if (!session?.review_requested_at) return 'none';
  return session.review_resolved_at ? 'resolved' : 'open';
}

/** "Review requested": marks a session whose candidate is waiting for a human review. */
export function ReviewFlag(props) {
  const { t } = useI18n();
  return (
    <span className="badge badge--review-open" data-testid="review-flag" title={t('review.flagTitle')} {...props}>
      {t('review.flag')}
    </span>
  );
}

/** The request and its answer, as they stand. */
function ReviewStatus({ session, state }) {
  const { t, lang } = useI18n();
  return (
    <dl className="details" data-testid="review-status">
      <div className="details__row">
        <dt>{t('review.state')}</dt>
        <dd>
          <span className={`badge badge--review-${state}`} data-testid="review-state" data-state={state}>
            {t(`review.state.${state}`)}
          </span>
        </dd>
      </div>
      <div className="details__row">
        <dt>{t('review.requestedAt')}</dt>
        <dd data-testid="review-requested-at">{formatDateTime(session.review_requested_at, lang)}</dd>
      </div>
      <div className="details__row">
        <dt>{t('review.reason')}</dt>
        <dd className="prewrap" data-testid="review-reason-text">
          {session.review_reason || '—'}
        </dd>
      </div>
      {state === 'resolved' && (
        <>
          <div className="details__row">
            <dt>{t('review.resolvedAt')}</dt>
            <dd data-testid="review-resolved-at">{formatDateTime(session.review_resolved_at, lang)}</dd>
          </div>
          <div className="details__row">
            <dt>{t('review.note')}</dt>
            <dd className="prewrap" data-testid="review-note-text">
              {session.review_note || '—'}
            </dd>
          </div>
        </>
      )}
    </dl>
  );
}

/**
 * A human review of the AI evaluation. The candidate who owns a finished session can ask for one
 * (once); a recruiter answers an open request with a note. `onUpdated(session)` gets the session
 * the server returned; `onConflict()` reloads after a 409.
 */
export default function HumanReview({ session, role, onUpdated, onConflict }) {
  const { t } = useI18n();
  const state = reviewState(session);
  const canRequest = role === 'candidate' && state === 'none' && session.status === 'finished';
  const canResolve = role === 'recruiter' && state === 'open';
  if (state === 'none' && !canRequest) return null;

  return (
    <section className="card" aria-labelledby="review-title" data-testid="review-panel" data-state={state}>
      <h2 id="review-title" className="card__title">
        {t('review.title')}
      </h2>
      {canRequest && <p className="muted">{t('review.intro')}</p>}
      {state !== 'none' && <ReviewStatus session={session} state={state} />}
      {role === 'candidate' && state === 'open' && (
        <p className="muted small" data-testid="review-waiting">
          {t('review.waiting')}
        </p>
      )}
      {canRequest && (
        <NoteForm
          testId="review-request"
          label={t('review.reasonLabel')}
          hint={t('review.reasonHint')}
          submitLabel={t('review.request')}
          busyLabel={t('review.requesting')}
          onSubmit={(reason) => requestReview(session.id, reason)}
          onDone={(updated) => updated && onUpdated?.(updated)}
          onConflict={onConflict}
        />
      )}
      {canResolve && (
        <NoteForm
          testId="review-resolve"
          label={t('review.noteLabel')}
          hint={t('review.noteHint')}
          submitLabel={t('review.resolve')}
          busyLabel={t('review.resolving')}
          onSubmit={(note) => resolveReview(session.id, note)}
          onDone={(updated) => updated && onUpdated?.(updated)}
          onConflict={onConflict}
        />
      )}
    </section>
  );
}
