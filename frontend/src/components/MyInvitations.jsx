import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { myInvitations } from '../api.js';
import { formatDateTime } from '../format.js';
import { describeError, useI18n } from '../i18n.js';
import Alert from './Alert.jsx';
import HiringBadge from './hiring/HiringBadge.jsx';
import StatusBadge from './StatusBadge.jsx';

/**
 * "My invitations" on the start page: the jobs this candidate accepted an invitation for, each with a
 * link to its interview (or its results once finished). Nothing is shown while there are none.
 */
export default function MyInvitations() {
  const { t, lang } = useI18n();
  const [state, setState] = useState({ status: 'loading', items: [], error: null });

  useEffect(() => {
    const ctrl = new AbortController();
    myInvitations({ signal: ctrl.signal })
      .then((items) => setState({ status: 'ready', items, error: null }))
      .catch((err) => {
        if (err?.name === 'AbortError' || err?.status === 401) return;
        // A backend without invitations (404) is the same as having none.
        if (err?.status === 404) setState({ status: 'ready', items: [], error: null });
        else setState({ status: 'error', items: [], error: describeError(err, t) });
      });
    return () => ctrl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (state.status === 'loading' || (state.status === 'ready' && state.items.length === 0)) return null;

  return (
    <section className="card" aria-labelledby="my-invitations-title" data-testid="my-invitations">
      <h2 id="my-invitations-title" className="card__title">
        {t('myInvitations.title')}
      </h2>
      {state.status === 'error' && (
        <Alert kind="warning" data-testid="my-invitations-error">
          {state.error}
        </Alert>
      )}
      {state.items.length > 0 && (
        <ul className="session-list" data-testid="my-invitations-list">
          {state.items.map((inv) => {
            const finished = inv.session_status === 'finished';
            const sessionLink =
              inv.session_id != null
                ? `/sessions/${encodeURIComponent(inv.session_id)}${finished ? '/results' : ''}`
                : null;
            return (
              <li
                key={inv.invitation_id}
                className="session-list__item my-invitation"
                data-testid="my-invitation"
                data-invitation-id={inv.invitation_id}
                data-session-id={inv.session_id ?? ''}
                data-status={inv.status}
              >
                <span className="session-list__main">
                  <span className="session-list__position" data-testid="my-invitation-title">
                    {inv.job?.title}
                  </span>
                  <span className="session-list__date">
                    {inv.job?.organisation}
                    {inv.job?.deadline && ` · ${t('myInvitations.deadline', { at: formatDateTime(inv.job.deadline, lang) })}`}
                  </span>
                </span>
                <span className="session-list__side">
                  <HiringBadge kind="invitation" value={inv.status} data-testid="my-invitation-status" />
                  {inv.session_status && <StatusBadge status={inv.session_status} />}
                  {sessionLink ? (
                    <Link className="btn btn--primary btn--small" to={sessionLink} data-testid="my-invitation-link">
                      {finished ? t('myInvitations.results') : t('myInvitations.resume')}
                    </Link>
                  ) : (
                    <span className="muted small" data-testid="my-invitation-no-session">
                      {t('myInvitations.noSession')}
                    </span>
                  )}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
