import { useState } from 'react';
import { deleteAccount, exportMyData } from '../api.js';
import { useAuth } from '../auth.jsx';
import Alert from '../components/Alert.jsx';
import FormField from '../components/FormField.jsx';
import { downloadJson, exportFileName } from '../download.js';
import { formatDateTime } from '../format.js';
import { describeError, useI18n } from '../i18n.js';

function Profile({ user }) {
  const { t, lang } = useI18n();
  return (
    <dl className="details" data-testid="account-profile">
      <div className="details__row">
        <dt>{t('account.username')}</dt>
        <dd data-testid="account-username">{user.username}</dd>
      </div>
      <div className="details__row">
        <dt>{t('account.fullName')}</dt>
        <dd>{user.full_name || '—'}</dd>
      </div>
      <div className="details__row">
        <dt>{t('account.role')}</dt>
        <dd>{t(`role.${user.role}`) === `role.${user.role}` ? user.role : t(`role.${user.role}`)}</dd>
      </div>
      <div className="details__row">
        <dt>{t('account.createdAt')}</dt>
        <dd>{formatDateTime(user.created_at, lang)}</dd>
      </div>
    </dl>
  );
}

/** "Download my data": GET /users/me/export saved as interview-data-<username>.json. */
function ExportData({ user }) {
  const { t } = useI18n();
  const [state, setState] = useState({ status: 'idle', error: null, file: null });

  async function onExport() {
    setState({ status: 'loading', error: null, file: null });
    try {
      const data = await exportMyData();
      const file = exportFileName(user.username);
      downloadJson(file, data);
      setState({ status: 'done', error: null, file });
    } catch (err) {
      if (err?.status === 401) return;
      setState({ status: 'error', error: describeError(err, t), file: null });
    }
  }

  return (
    <section className="card" aria-labelledby="export-title" data-testid="account-export-panel">
      <h2 id="export-title" className="card__title">
        {t('account.exportTitle')}
      </h2>
      <p className="muted">{t('account.exportIntro')}</p>
      <div className="actions">
        <button type="button" className="btn btn--primary" onClick={onExport} disabled={state.status === 'loading'} data-testid="account-export">
          {state.status === 'loading' ? t('account.exporting') : t('account.export')}
        </button>
      </div>
      {state.status === 'done' && (
        <Alert kind="success" data-testid="account-export-done">
          {t('account.exported', { file: state.file })}
        </Alert>
      )}
      <Alert data-testid="account-export-error">{state.error}</Alert>
    </section>
  );
}

/** "Delete my account": DELETE /users/me with the password; on 204 log out. Candidates only. */
function DeleteAccount({ user }) {
  const { t } = useI18n();
  const { signOut } = useAuth();
  const [password, setPassword] = useState('');
  const [fieldError, setFieldError] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e) {
    e.preventDefault();
    if (busy) return;
    setError(null);
    if (!password) {
      setFieldError(t('account.passwordRequired'));
      return;
    }
    setBusy(true);
    try {
      await deleteAccount(password);
      signOut('deleted');
    } catch (err) {
      if (err?.status === 401) return;
      setError(describeError(err, t));
      setBusy(false);
    }
  }

  return (
    <section className="card card--danger" aria-labelledby="delete-title" data-testid="account-delete">
      <h2 id="delete-title" className="card__title">
        {t('account.deleteTitle')}
      </h2>
      {user.role === 'recruiter' ? (
        <p className="muted" data-testid="account-delete-recruiter">
          {t('account.deleteRecruiter')}
        </p>
      ) : (
        <>
          <div className="alert alert--warning" data-testid="account-delete-warning">
            <strong>{t('account.deleteWarningTitle')}</strong>
            <ul className="plain-list">
              <li>{t('account.deleteWhatAccount')}</li>
              <li>{t('account.deleteWhatSessions')}</li>
              <li>{t('account.deleteWhatMedia')}</li>
              <li>{t('account.deleteWhatEmotions')}</li>
            </ul>
            <span>{t('account.deleteIrreversible')}</span>
          </div>
          <form className="form" onSubmit={onSubmit} noValidate data-testid="account-delete-form">
            <FormField
              label={t('account.password')}
              hint={t('account.passwordHint')}
              error={fieldError}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => {
                setPassword(e.target.value);
                setFieldError(null);
              }}
              data-testid="account-delete-password"
            />
            <Alert data-testid="account-delete-error">{error}</Alert>
            <div className="actions">
              <button type="submit" className="btn btn--danger" disabled={busy} data-testid="account-delete-submit">
                {busy ? t('account.deleting') : t('account.delete')}
              </button>
            </div>
          </form>
        </>
      )}
    </section>
  );
}

/** The account page: who I am, download my data, delete my account. */
export default function AccountPage() {
  const { t } = useI18n();
  const { user, userStatus } = useAuth();

  if (!user) {
    return (
      <div className="narrow-page">
        {userStatus === 'error' ? (
          <Alert data-testid="role-error">{t('role.error')}</Alert>
        ) : (
          <p className="muted" role="status" data-testid="account-loading">
            {t('common.loading')}
          </p>
        )}
      </div>
    );
  }

  return (
    <div className="account-page" data-testid="account-page">
      <section className="card" aria-labelledby="account-title">
        <h1 id="account-title" className="card__title card__title--large">
          {t('account.title')}
        </h1>
        <Profile user={user} />
      </section>
      <ExportData user={user} />
      <DeleteAccount user={user} />
    </div>
  );
}
