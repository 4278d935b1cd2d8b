import { useEffect, useId, useState } from 'react';
import { Link } from 'react-router-dom';
import { downloadJobCsv, listJobCandidates, setDecision } from '../../api.js';
import { formatDateTime } from '../../format.js';
import { describeError, useI18n } from '../../i18n.js';
import Alert from '../Alert.jsx';
import { ScoreBadge } from '../Score.jsx';
import StatusBadge from '../StatusBadge.jsx';
import HiringBadge from './HiringBadge.jsx';

export const CANDIDATE_SORTS = ['-score', 'score', 'started', 'name'];
export const DECISION_FILTERS = ['shortlisted', 'rejected', 'undecided'];
export const DECISION_NOTE_MAX = 1000;

/** The decision on one candidate: shown as it stands, and shortlist / reject with a note. */
function DecisionCell({ candidate, onSaved }) {
  const { t, lang } = useI18n();
  const noteId = useId();
  const [note, setNote] = useState(candidate.decision_note || '');
  const [busy, setBusy] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    setNote(candidate.decision_note || '');
  }, [candidate.session_id, candidate.decision_note]);

  async function decide(decision) {
    if (busy) return;
    setBusy(decision);
    setError(null);
    try {
      const updated = await setDecision(candidate.session_id, { decision, note: note.trim() });
      onSaved(updated && typeof updated === 'object' ? updated : { ...candidate, decision, decision_note: note.trim() });
    } catch (err) {
      if (err?.status !== 401) setError(describeError(err, t));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="decision" data-decision={candidate.decision ?? ''}>
      <div className="decision__state">
        <HiringBadge kind="decision" value={candidate.decision ?? 'none'} data-testid="candidate-decision" />
        {candidate.decision && candidate.decided_at && (
          <span className="muted small">
            {' '}
            {t('decision.by', { who: candidate.decided_by || '—', at: formatDateTime(candidate.decided_at, lang) })}
          </span>
        )}
        {candidate.decision_note && (
          <p className="small prewrap" data-testid="candidate-decision-note">
            {candidate.decision_note}
          </p>
        )}
      </div>
      <label className="visually-hidden" htmlFor={noteId}>
        {t('decision.noteLabel', { name: candidate.candidate })}
      </label>
      <input
        id={noteId}
        type="text"
        className="field__input decision__note"
        maxLength={DECISION_NOTE_MAX}
        placeholder={t('decision.notePlaceholder')}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        data-testid="decision-note"
      />
      <div className="actions actions--tight">
        <button
          type="button"
          className={`btn btn--small ${candidate.decision === 'shortlisted' ? 'btn--primary' : 'btn--ghost'}`}
          aria-pressed={candidate.decision === 'shortlisted'}
          onClick={() => decide('shortlisted')}
          disabled={Boolean(busy)}
          data-testid="decision-shortlist"
        >
          {t('decision.shortlist')}
        </button>
        <button
          type="button"
          className={`btn btn--small ${candidate.decision === 'rejected' ? 'btn--danger' : 'btn--ghost'}`}
          aria-pressed={candidate.decision === 'rejected'}
          onClick={() => decide('rejected')}
          disabled={Boolean(busy)}
          data-testid="decision-reject"
        >
          {t('decision.reject')}
        </button>
      </div>
      <Alert data-testid="decision-error">{error}</Alert>
    </div>
  );
}

/** The job's candidates side by side: overall and per-competency scores, review, decisions; CSV export. */
export default function JobCandidates({ job, refreshKey = 0 }) {
  const { t } = useI18n();
  const [sort, setSort] = useState('-score');
  const [decision, setDecisionFilter] = useState('');
  const [minScore, setMinScore] = useState('');
  const [state, setState] = useState({ status: 'loading', items: [], error: null });
  const [tick, setTick] = useState(0);
  const [exporting, setExporting] = useState({ status: 'idle', file: null, error: null });

  const minText = minScore.trim();
  const minValid = minText === '' || (/^\d+$/.test(minText) && Number(minText) <= 100);
  useEffect(() => {
    if (!minValid) return undefined;
    const ctrl = new AbortController();
    setState((s) => ({ ...s, status: 'loading', error: null }));
    listJobCandidates(job.id, { sort, decision: decision || undefined, min_score: minText || undefined, signal: ctrl.signal })
      .then((items) => setState({ status: 'ready', items, error: null }))
      .catch((err) => {
        if (err?.name === 'AbortError' || err?.status === 401) return;
        setState({ status: 'error', items: [], error: describeError(err, t) });
      });
    return () => ctrl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [job.id, sort, decision, minText, minValid, tick, refreshKey]);

  // One column per competency of the job, in the job's order (then any other the server scored).
  const competencies = [...(job.competencies || [])];
  for (const c of state.items) {
    for (const name of Object.keys(c.competency_scores || {})) if (!competencies.includes(name)) competencies.push(name);
  }

  async function onExport() {
    setExporting({ status: 'loading', file: null, error: null });
    try {
      const file = await downloadJobCsv(job.id);
      setExporting({ status: 'done', file, error: null });
    } catch (err) {
      if (err?.status === 401) return;
      setExporting({ status: 'error', file: null, error: describeError(err, t) });
    }
  }

  const onSaved = (updated) =>
    setState((s) => ({ ...s, items: s.items.map((c) => (c.session_id === updated.session_id ? { ...c, ...updated } : c)) }));

  return (
    <section className="card" aria-labelledby="candidates-title" data-testid="job-candidates">
      <div className="card__header">
        <h2 id="candidates-title" className="card__title">
          {t('candidates.title')}
        </h2>
        <div className="actions">
          <button
            type="button"
            className="btn btn--ghost btn--small"
            onClick={() => setTick((n) => n + 1)}
            disabled={state.status === 'loading'}
            data-testid="candidates-refresh"
          >
            {t('sessions.refresh')}
          </button>
          <button
            type="button"
            className="btn btn--primary btn--small"
            onClick={onExport}
            disabled={exporting.status === 'loading'}
            data-testid="export-csv"
          >
            {exporting.status === 'loading' ? t('candidates.exporting') : t('candidates.export')}
          </button>
        </div>
      </div>
      {exporting.status === 'done' && (
        <Alert kind="success" data-testid="export-done">
          {t('candidates.exported', { file: exporting.file })}
        </Alert>
      )}
      <Alert data-testid="export-error">{exporting.error}</Alert>
      <p className="muted small">{t('recruiter.recommendationNote')}</p>

      <form className="filters" onSubmit={(e) => e.preventDefault()} data-testid="candidates-filters">
        <label className="filter">
          <span>{t('filter.sort')}</span>
          <select className="field__input" value={sort} onChange={(e) => setSort(e.target.value)} data-testid="candidates-sort">
            {CANDIDATE_SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`candidates.sort.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>{t('candidates.decisionFilter')}</span>
          <select
            className="field__input"
            value={decision}
            onChange={(e) => setDecisionFilter(e.target.value)}
            data-testid="candidates-decision"
          >
            <option value="">{t('filter.all')}</option>
            {DECISION_FILTERS.map((d) => (
              <option key={d} value={d}>
                {t(`decisionStatus.${d === 'undecided' ? 'none' : d}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>{t('filter.scoreMin')}</span>
          <input
            className="field__input"
            type="number"
            min={0}
            max={100}
            inputMode="numeric"
            placeholder="0"
            value={minScore}
            onChange={(e) => setMinScore(e.target.value)}
            aria-invalid={minValid ? undefined : 'true'}
            data-testid="candidates-min-score"
          />
        </label>
      </form>
      {!minValid && (
        <p className="field__error" data-testid="candidates-min-score-error">
          {t('candidates.minScoreInvalid')}
        </p>
      )}

      {state.status === 'loading' && (
        <p className="muted" role="status" data-testid="candidates-loading">
          {t('common.loading')}
        </p>
      )}
      {state.status === 'error' && <Alert data-testid="candidates-error">{state.error}</Alert>}
      {state.status === 'ready' && state.items.length === 0 && (
        <p className="empty-state" data-testid="candidates-empty">
          {decision || minText ? t('candidates.noMatch') : t('candidates.none')}
        </p>
      )}
      {state.items.length > 0 && (
        <div className="table-wrap">
          <table className="table candidates-table" data-testid="candidates-table">
            <thead>
              <tr>
                <th scope="col">{t('recruiter.colCandidate')}</th>
                <th scope="col">{t('recruiter.colStatus')}</th>
                <th scope="col" className="num">
                  {t('candidates.colOverall')}
                </th>
                {competencies.map((name) => (
                  <th scope="col" className="num" key={name} data-testid="competency-column" data-competency={name}>
                    {name}
                  </th>
                ))}
                <th scope="col">{t('candidates.colAnswers')}</th>
                <th scope="col">{t('candidates.colRecommendation')}</th>
                <th scope="col">{t('candidates.colReview')}</th>
                <th scope="col">{t('candidates.colDecision')}</th>
              </tr>
            </thead>
            <tbody>
              {state.items.map((c) => (
                <tr
                  key={c.session_id}
                  data-testid="candidate-row"
                  data-session-id={c.session_id}
                  data-score={c.overall_score ?? ''}
                  data-decision={c.decision ?? ''}
                >
                  <td>
                    <Link
                      to={`/recruiter/sessions/${encodeURIComponent(c.session_id)}`}
                      data-testid="candidate-review-link"
                      data-session-id={c.session_id}
                    >
                      {c.candidate}
                    </Link>
                    <div className="muted small">#{c.session_id}</div>
                  </td>
                  <td>
                    <StatusBadge status={c.status} data-testid="candidate-status" />
                    {c.status === 'finished' && c.results_status && c.results_status !== 'ready' && (
                      <div className="muted small">{t(`results.status.${c.results_status}`)}</div>
                    )}
                  </td>
                  <td className="num">
                    <ScoreBadge score={c.overall_score} data-testid="candidate-overall-score" />
                  </td>
                  {competencies.map((name) => (
                    <td key={name} className="num">
                      <ScoreBadge
                        score={c.competency_scores?.[name] ?? null}
                        data-testid="candidate-competency-score"
                        data-competency={name}
                      />
                    </td>
                  ))}
                  <td className="small nowrap" data-testid="candidate-answers">
                    {t('candidates.answers', { answered: c.answered ?? 0, total: c.total_questions ?? 0 })}
                    {c.timed_out > 0 && (
                      <div className="muted" data-testid="candidate-timed-out">
                        {t('candidates.timedOut', { count: c.timed_out })}
                      </div>
                    )}
                  </td>
                  <td className="small">
                    {c.recommendation ? (
                      <span className={`badge badge--recommendation-${c.recommendation}`} data-testid="candidate-recommendation" data-recommendation={c.recommendation}>
                        {t(`recommendation.${c.recommendation}`)}
                      </span>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    <HiringBadge kind="review" value={c.review_status || 'none'} data-testid="candidate-review-status" />
                  </td>
                  <td>
                    <DecisionCell candidate={c} onSaved={onSaved} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
