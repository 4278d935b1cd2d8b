import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { listJobs } from '../api.js';
import Alert from '../components/Alert.jsx';
import HiringBadge from '../components/hiring/HiringBadge.jsx';
import { formatDateTime } from '../format.js';
import { describeError, useI18n } from '../i18n.js';

const STATUSES = ['open', 'closed'];
const COUNTS = ['invited', 'opened', 'started', 'completed'];

/** The organisation's jobs, newest first: status, deadline and how far the invitations got. */
export default function JobsPage() {
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status') || '';
  const status = STATUSES.includes(statusParam) ? statusParam : '';
  const [state, setState] = useState({ status: 'loading', jobs: [], error: null });
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const ctrl = new AbortController();
    setState((s) => ({ ...s, status: 'loading', error: null }));
    listJobs({ status: status || undefined, signal: ctrl.signal })
      .then((jobs) => setState({ status: 'ready', jobs, error: null }))
      .catch((err) => {
        if (err?.name === 'AbortError' || err?.status === 401) return;
        setState({ status: 'error', jobs: [], error: describeError(err, t) });
      });
    return () => ctrl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [status, tick]);

  return (
    <div className="recruiter-page" data-testid="jobs-page">
      <section className="card" aria-labelledby="jobs-title">
        <div className="card__header">
          <h1 id="jobs-title" className="card__title card__title--large">
            {t('jobs.title')}
          </h1>
          <div className="actions">
            <button
              type="button"
              className="btn btn--ghost btn--small"
              onClick={() => setTick((n) => n + 1)}
              disabled={state.status === 'loading'}
              data-testid="jobs-refresh"
            >
              {t('sessions.refresh')}
            </button>
            <Link to="/recruiter/jobs/new" className="btn btn--primary btn--small" data-testid="job-new">
              {t('jobs.new')}
            </Link>
          </div>
        </div>

        <form className="filters" onSubmit={(e) => e.preventDefault()}>
          <label className="filter">
            <span>{t('filter.status')}</span>
            <select
              className="field__input"
              value={status}
              onChange={(e) => {
                const value = e.target.value;
                setParams(value ? { status: value } : {}, { replace: true });
              }}
              data-testid="jobs-status-filter"
            >
              <option value="">{t('filter.all')}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`jobStatus.${s}`)}
                </option>
              ))}
            </select>
          </label>
        </form>

        {state.status === 'loading' && (
          <p className="muted" role="status" data-testid="jobs-loading">
            {t('common.loading')}
          </p>
        )}
        {state.status === 'error' && <Alert data-testid="jobs-error">{state.error}</Alert>}
        {state.status === 'ready' && state.jobs.length === 0 && (
          <p className="empty-state" data-testid="jobs-empty">
            {t('jobs.none')}
          </p>
        )}
        {state.status === 'ready' && state.jobs.length > 0 && (
          <div className="table-wrap">
            <table className="table table--hover" data-testid="jobs-table">
              <thead>
                <tr>
                  <th scope="col">{t('jobs.colTitle')}</th>
                  <th scope="col">{t('jobs.colStatus')}</th>
                  <th scope="col">{t('jobs.colDeadline')}</th>
                  {COUNTS.map((c) => (
                    <th scope="col" key={c} className="num">
                      {t(`jobs.count.${c}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {state.jobs.map((job) => (
                  <tr key={job.id} data-testid="job-row" data-job-id={job.id} data-status={job.status}>
                    <td>
                      <Link to={`/recruiter/jobs/${encodeURIComponent(job.id)}`} data-testid="job-link" data-job-id={job.id}>
                        {job.title}
                      </Link>
                    </td>
                    <td>
                      <HiringBadge kind="job" value={job.status} data-testid="job-row-status" />
                    </td>
                    <td className="nowrap">{formatDateTime(job.deadline, lang)}</td>
                    {COUNTS.map((c) => (
                      <td key={c} className="num" data-testid={`job-count-${c}`}>
                        {job.counts?.[c] ?? 0}
                      </td>
                    ))}
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
