import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { authLink, homePathFor, returnPathOf, useAuth } from '../auth.jsx';
import Alert from '../components/Alert.jsx';
import FormField from '../components/FormField.jsx';
import { describeError, useI18n } from '../i18n.js';
import { PASSWORD_MAX, validateLogin } from '../validation.js';

export default function LoginPage() {
  const { t } = useI18n();
  const { login, notice } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const registered = location.state?.registered;

  const [values, setValues] = useState({ username: typeof registered === 'string' ? registered : '', password: '' });
  const [fieldErrors, setFieldErrors] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  const update = (name) => (e) => {
    const { value } = e.target;
    setValues((v) => ({ ...v, [name]: value }));
    setFieldErrors((fe) => ({ ...fe, [name]: undefined }));
  };

  async function onSubmit(e) {
    e.preventDefault();
    if (busy) return;
    setError(null);
    const problems = validateLogin(values);
    setFieldErrors(problems);
    if (Object.keys(problems).length) return;

    setBusy(true);
    try {
      const profile = await login(values.username.trim(), values.password);
      // Back to where the user was headed; otherwise by role (recruiters → sessions list).
      navigate(returnPathOf(location) || homePathFor(profile), { replace: true });
    } catch (err) {
      setError(describeError(err, t));
      setBusy(false);
    }
  }

  let info = null;
  if (registered) info = t('login.registered');
  else if (notice === 'expired') info = t('login.expired');
  else if (notice === 'deleted') info = t('login.deleted');

  return (
    <div className="auth-page">
      <section className="card card--narrow" aria-labelledby="login-title">
        <h1 id="login-title" className="card__title card__title--large">
          {t('login.title')}
        </h1>
        <p className="muted">{t('login.subtitle')}</p>

        <Alert kind="info" data-testid="login-notice">
          {info}
        </Alert>

        <form className="form" onSubmit={onSubmit} noValidate data-testid="login-form">
          <FormField
            label={t('login.username')}
            error={fieldErrors.username && t(fieldErrors.username)}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            maxLength={32}
            value={values.username}
            onChange={update('username')}
            data-testid="login-username"
          />
          <FormField
            label={t('login.password')}
            error={fieldErrors.password && t(fieldErrors.password)}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            maxLength={PASSWORD_MAX}
            value={values.password}
            onChange={update('password')}
            data-testid="login-password"
          />

          <Alert data-testid="login-error">{error}</Alert>

          <button type="submit" className="btn btn--primary btn--block" disabled={busy} data-testid="login-submit">
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>

        <p className="card__footer">
          {t('login.noAccount')}{' '}
          <Link to={authLink('/register', returnPathOf(location))} data-testid="link-to-register">
            {t('login.toRegister')}
          </Link>
        </p>
      </section>
    </div>
  );
}
