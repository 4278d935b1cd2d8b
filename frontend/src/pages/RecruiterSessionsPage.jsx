import { Fragment, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { listSessions, searchAnswers } from '../api.js';
import Alert from '../components/Alert.jsx';
import { ReviewFlag, reviewState } from '../components/HumanReview.jsx';
import { ScoreBadge } from '../components/Score.jsx';
import StatusBadge from '../components/StatusBadge.jsx';
import { formatDateTime } from '../format.js';
import { describeError, useI18n } from '../i18n.js';

export const LIST_LIMIT = 200;
const STATUSES = ['created', 'in_progress', 'finished'];
export const SORTS = ['created_desc', 'created_asc', 'score_desc', 'score_asc', 'name_asc', 'position_asc'];
export const REVIEW_FILTERS = ['open', 'resolved'];
const FILTER_KEYS = ['position', 'status', 'review', 'min', 'max', 'from', 'to', 'sort'];
// The "all or one" filters, each a <select> (label `filter.<key>`); spelled out once, rendered by a loop.
const CHOICE_FILTERS = [
  { key: 'status', testId: 'filter-status', options: STATUSES, optionLabel: (s) => `status.${s}` },
  { key: 'review', testId: 'filter-review', options: REVIEW_FILTERS, optionLabel: (r) => `filter.review.${r}` },
];
// The "from – to" filters: one fieldset each with a lower and an upper bound of the same input type.
const RANGE_FILTERS = [
  {
    legend: 'filter.score',
    input: { type: 'number', min: 0, max: 100, inputMode: 'numeric' },
    bounds: [
      { key: 'min', label: 'filter.scoreMin', placeholder: '0', testId: 'filter-score-min' },
      { key: 'max', label: 'filter.scoreMax', placeholder: '100', testId: 'filter-score-max' },
    ],
  },
  {
    legend: 'filter.date',
    input: { type: 'date' },
    bounds: [
      { key: 'from', label: 'filter.dateFrom', testId: 'filter-date-from' },
      { key: 'to', label: 'filter.dateTo', testId: 'filter-date-to' },
    ],
  },
];

/** yyyy-mm-dd of a timestamp in the browser's time zone (what a date input shows). */
export function localDay(value) {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const byCreated = (a, b) => (Date.parse(a.created_at) || 0) - (Date.parse(b.created_at) || 0) || a.id - b.id;
const scoreOf = (s) => (s.overall_score == null ? null : Number(s.overall_score));

/**
 * Filter and sort the sessions (client-side). Sessions without a score never match a score bound.
 * `review` ('open' | 'resolved') is asked of the server as well; here it only keeps the list consistent.
 */
export function filterSessions(sessions, { position = '', status = '', review = '', min = '', max = '', from = '', to = '', sort = 'created_desc' }) {
  const needle = position.trim().toLowerCase();
  const lo = min === '' ? null : Number(min);
  const hi = max === '' ? null : Number(max);
  const out = sessions.filter((s) => {
    if (needle && !String(s.position ?? '').toLowerCase().includes(needle)) return false;
    if (status && s.status !== status) return false;
    if (review && reviewState(s) !== review) return false;
    if (lo !== null || hi !== null) {
      const score = scoreOf(s);
      if (score === null) return false;
      if (lo !== null && Number.isFinite(lo) && score < lo) return false;
      if (hi !== null && Number.isFinite(hi) && score > hi) return false;
    }
    if (from || to) {
      const day = localDay(s.created_at);
      if (from && day < from) return false;
      if (to && day > to) return false;
    }
    return true;
  });
  const nullsLast = (fn) => (a, b) => {
    const sa = scoreOf(a);
    const sb = scoreOf(b);
    if (sa === null && sb === null) return byCreated(b, a);
    if (sa === null) return 1;
    if (sb === null) return -1;
    return fn(sa, sb) || byCreated(b, a);
  };
  const sorters = {
    created_desc: (a, b) => byCreated(b, a),
    created_asc: byCreated,
    score_desc: nullsLast((x, y) => y - x),
    score_asc: nullsLast((x, y) => x - y),
    name_asc: (a, b) => String(a.user_name).localeCompare(String(b.user_name), 'ko') || byCreated(b, a),
    position_asc: (a, b) => String(a.position).localeCompare(String(b.position), 'ko') || byCreated(b, a),
  };
  return out.sort(sorters[sort] || sorters.created_desc);
}

/** Recruiters' search across every candidate's answers; each hit links to its session. */
function AnswerSearch() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') || '');
  const [state, setState] = useState({ status: 'idle', hits: [], error: null, query: '' });
  const ctrlRef = useRef(null);

  const run = useCallback(
    async (q) => {
      ctrlRef.current?.abort();
      const query = q.trim();
      if (!query) {
        setState({ status: 'idle', hits: [], error: null, query: '' });
        return;
      }
      const ctrl = new AbortController();
      ctrlRef.current = ctrl;
      setState((s) => ({ ...s, status: 'loading', error: null, query }));
      try {
        const hits = await searchAnswers(query, { limit: 20, signal: ctrl.signal });
        if (!ctrl.signal.aborted) setState({ status: 'ready', hits, error: null, query });
      } catch (err) {
        if (err?.name === 'AbortError' || err?.status === 401) return;
        setState({ status: 'error', hits: [], error: describeError(err, t), query });
      }
    },
    [t],
  );

  // The query lives in the URL, so the back button returns to the same hits.
  const urlQuery = params.get('q') || '';
  useEffect(() => {
    setText(urlQuery);
    run(urlQuery);
    return () => ctrlRef.current?.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [urlQuery]);

  function onSubmit(e) {
    e.preventDefault();
    const q = text.trim();
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (q) next.set('q', q);
        else next.delete('q');
        return next;
      },
      { replace: false },
    );
    if (q === urlQuery) run(q);
  }

  return (
    <section className="card" aria-labelledby="search-title" data-testid="search-panel">
      <h2 id="search-title" className="card__title">
        {t('search.title')}
      </h2>
      <form className="search-form" onSubmit={onSubmit} role="search" data-testid="search-form">
        <label className="visually-hidden" htmlFor="search-input">
          {t('search.label')}
        </label>
        <input
          id="search-input"
          type="search"
          className="field__input"
          placeholder={t('search.placeholder')}
          maxLength={200}
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="search-input"
        />
        <button type="submit" className="btn btn--primary" disabled={state.status === 'loading'} data-testid="search-submit">
          {t('search.submit')}
        </button>
      </form>
      {state.status === 'loading' && (
        <p className="muted" role="status" data-testid="search-loading">
          {t('search.loading')}
        </p>
      )}
      {state.status === 'error' && <Alert data-testid="search-error">{state.error}</Alert>}
      {state.status === 'ready' && state.hits.length === 0 && (
        <p className="muted" data-testid="search-empty">
          {t('search.empty', { q: state.query })}
        </p>
      )}
      {state.status === 'ready' && state.hits.length > 0 && (
        <ol className="search-results" data-testid="search-results">
          {state.hits.map((hit) => (
            <li key={`${hit.session_id}-${hit.question_id}`}>
              <Link
                className="search-hit"
                to={`/recruiter/sessions/${encodeURIComponent(hit.session_id)}#question-${hit.question_id}`}
                data-testid="search-hit"
                data-session-id={hit.session_id}
                data-question-id={hit.question_id}
              >
                <span className="search-hit__head">
                  <strong>{hit.candidate}</strong>
                  <span className="muted small">
                    {' '}
                    · {hit.position} · #{hit.session_id}
                  </span>
                  <span className="badge" title={t('search.similarity')}>
                    {Math.round((Number(hit.score) || 0) * 100)}%
                  </span>
                </span>
                <span className="search-hit__question">{hit.question_text}</span>
                <span className="search-hit__snippet" data-testid="search-hit-snippet">
                  {hit.snippet}
                </span>
              </Link>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** All interview sessions with filters (position, status, score range, date) and sorting. */
export default function RecruiterSessionsPage() {
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const [state, setState] = useState({ status: 'loading', sessions: [], error: null });
  const [tick, setTick] = useState(0);
  // Review requests are filtered by the server (GET /sessions?review=open|resolved).
  const reviewParam = params.get('review') || '';
  const review = REVIEW_FILTERS.includes(reviewParam) ? reviewParam : '';

  useEffect(() => {
    const ctrl = new AbortController();
    setState((s) => ({ ...s, status: 'loading', error: null }));
    listSessions({ limit: LIST_LIMIT, review: review || undefined, signal: ctrl.signal })
      .then((sessions) => setState({ status: 'ready', sessions, error: null }))
      .catch((err) => {
        if (err?.name === 'AbortError' || err?.status === 401) return;
        setState({ status: 'error', sessions: [], error: describeError(err, t) });
      });
    return () => ctrl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tick, review]);

  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) || '']));
  if (!SORTS.includes(filters.sort)) filters.sort = 'created_desc';
  filters.review = review;
  const setFilter = (key) => (e) => {
    const value = e.target.value;
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === '' || (key === 'sort' && value === 'created_desc')) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );
  };
  const resetFilters = () =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const k of FILTER_KEYS) next.delete(k);
        return next;
      },
      { replace: true },
    );

  const shown = useMemo(
    () => filterSessions(state.sessions, filters),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [state.sessions, ...FILTER_KEYS.map((k) => filters[k])],
  );
  const positions = useMemo(() => [...new Set(state.sessions.map((s) => s.position))].sort(), [state.sessions]);
  const active = FILTER_KEYS.some((k) => k !== 'sort' && filters[k]);

  return (
    <div className="recruiter-page" data-testid="recruiter-sessions">
      <AnswerSearch />

      <section className="card" aria-labelledby="recruiter-sessions-title">
        <div className="card__header">
          <h1 id="recruiter-sessions-title" className="card__title card__title--large">
            {t('recruiter.title')}
          </h1>
          <button
            type="button"
            className="btn btn--ghost btn--small"
            onClick={() => setTick((n) => n + 1)}
            disabled={state.status === 'loading'}
            data-testid="recruiter-sessions-refresh"
          >
            {t('sessions.refresh')}
          </button>
        </div>

        <form className="filters" onSubmit={(e) => e.preventDefault()} data-testid="filters">
          <label className="filter">
            <span>{t('filter.position')}</span>
            <input
              className="field__input"
              type="search"
              list="recruiter-positions"
              value={filters.position}
              onChange={setFilter('position')}
              placeholder={t('filter.positionPlaceholder')}
              data-testid="filter-position"
            />
            <datalist id="recruiter-positions">
              {positions.map((p) => (
                <option key={p} value={p} />
              ))}
            </datalist>
          </label>
          {CHOICE_FILTERS.map(({ key, testId, options, optionLabel }) => (
            <label key={key} className="filter">
              <span>{t(`filter.${key}`)}</span>
              <select className="field__input" value={filters[key]} onChange={setFilter(key)} data-testid={testId}>
                <option value="">{t('filter.all')}</option>
                {options.map((o) => (
                  <option key={o} value={o}>
                    {t(optionLabel(o))}
                  </option>
                ))}
              </select>
            </label>
          ))}
          {RANGE_FILTERS.map(({ legend, input, bounds }) => (
            <fieldset key={legend} className="filter filter--range">
              <legend>{t(legend)}</legend>
              {bounds.map(({ key, label, placeholder, testId }, i) => (
                <Fragment key={key}>
                  {i > 0 && <span aria-hidden="true">–</span>}
                  <input
                    className="field__input"
                    {...input}
                    value={filters[key]}
                    onChange={setFilter(key)}
                    aria-label={t(label)}
                    placeholder={placeholder}
                    data-testid={testId}
                  />
                </Fragment>
              ))}
            </fieldset>
          ))}
          <label className="filter">
            <span>{t('filter.sort')}</span>
            <select className="field__input" value={filters.sort} onChange={setFilter('sort')} data-testid="sort-by">
              {SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(`sort.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="btn btn--ghost btn--small filter__reset" onClick={resetFilters} disabled={!active} data-testid="filter-reset">
            {t('filter.reset')}
          </button>
        </form>

        {state.status === 'loading' && (
          <p className="muted" role="status" data-testid="recruiter-sessions-loading">
            {t('sessions.loading')}
          </p>
        )}
        {state.status === 'error' && <Alert data-testid="recruiter-sessions-error">{state.error}</Alert>}
        {state.status === 'ready' && (
          <p className="muted small" data-testid="recruiter-sessions-count" data-shown={shown.length} data-total={state.sessions.length}>
            {t('recruiter.count', { shown: shown.length, total: state.sessions.length })}
            {state.sessions.length >= LIST_LIMIT && ` ${t('recruiter.limited', { limit: LIST_LIMIT })}`}
          </p>
        )}
        {state.status === 'ready' && shown.length === 0 && (
          <p className="empty-state" data-testid="recruiter-sessions-empty">
            {state.sessions.length ? t('recruiter.noMatch') : t('recruiter.none')}
          </p>
        )}
        {state.status === 'ready' && shown.length > 0 && (
          <div className="table-wrap">
            <table className="table table--hover" data-testid="recruiter-sessions-table">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t('recruiter.colCandidate')}</th>
                  <th scope="col">{t('recruiter.colPosition')}</th>
                  <th scope="col">{t('recruiter.colStatus')}</th>
                  <th scope="col">{t('recruiter.colScore')}</th>
                  <th scope="col">{t('recruiter.colCreated')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((s) => (
                  <tr
                    key={s.id}
                    data-testid="recruiter-session-row"
                    data-session-id={s.id}
                    data-status={s.status}
                    data-score={s.overall_score ?? ''}
                    data-review={reviewState(s)}
                  >
                    <td>{s.id}</td>
                    <td>
                      <Link to={`/recruiter/sessions/${encodeURIComponent(s.id)}`} data-testid="recruiter-session-link" data-session-id={s.id}>
                        {s.user_name}
                      </Link>
                      {reviewState(s) === 'open' && (
                        <>
                          {' '}
                          <ReviewFlag />
                        </>
                      )}
                    </td>
                    <td>{s.position}</td>
                    <td>
                      <StatusBadge status={s.status} />
                      {s.status === 'finished' && s.results_status && s.results_status !== 'ready' && (
                        <span className="muted small"> · {t(`results.status.${s.results_status}`)}</span>
                      )}
                    </td>
                    <td>
                      <ScoreBadge score={s.overall_score} />
                    </td>
                    <td className="nowrap">{formatDateTime(s.created_at, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
