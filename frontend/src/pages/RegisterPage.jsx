import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { register } from '../api.js';
import { authLink, returnPathOf } from '../auth.jsx';
import Alert from '../components/Alert.jsx';
import FormField from '../components/FormField.jsx';
import { describeError, useI18n } from '../i18n.js';
import { PASSWORD_MAX, PASSWORD_MIN, serverFieldErrors, validateRegistration } from '../validation.js';

const FIELDS = ['username', 'full_name', 'password'];

export default function RegisterPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  // Where to go once logged in (an invitation link, say): carried on to the login page.
  const returnTo = returnPathOf(location);
  const [values, setValues] = useState({ username: '', full_name: '', password: '' });
  const [fieldErrors, setFieldErrors] = useState({}); // field -> i18n key (client) or text (server)
  const [serverFieldText, setServerFieldText] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  const update = (name) => (e) => {
    const { value } = e.target;
    setValues((v) => ({ ...v, [name]: value }));
    setFieldErrors((fe) => ({ ...fe, [name]: undefined }));
    setServerFieldText((fe) => ({ ...fe, [name]: undefined }));
  };

  async function onSubmit(e) {
    e.preventDefault();
    if (busy) return;
    setError(null);
    setServerFieldText({});
    const payload = { username: values.username.trim(), full_name: values.full_name.trim(), password: values.password };
    const problems = validateRegistration(payload);
    setFieldErrors(problems);
    if (Object.keys(problems).length) return;

    setBusy(true);
    try {
      await register(payload);
      navigate(authLink('/login', returnTo), { replace: true, state: { registered: payload.username, from: returnTo } });
    } catch (err) {
      setError(describeError(err, t));
      setServerFieldText(serverFieldErrors(err?.errors, FIELDS, { hashed_password: 'password' }));
      setBusy(false);
    }
  }

  const errorFor = (name) => serverFieldText[name] || (fieldErrors[name] ? t(fieldErrors[name]) : undefined);

  return (
    <div className="auth-page">
      <section className="card card--narrow" aria-labelledby="register-title">
        <h1 id="register-title" className="card__title card__title--large">
          {t('register.title')}
        </h1>
        <p className="muted">{t('register.subtitle')}</p>

        <form className="form" onSubmit={onSubmit} noValidate data-testid="register-form">
          <FormField
            label={t('register.username')}
            hint={t('register.usernameHint')}
            error={errorFor('username')}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            minLength={3}
            maxLength={32}
            value={values.username}
            onChange={update('username')}
            data-testid="register-username"
          />
          <FormField
            label={t('register.fullName')}
            error={errorFor('full_name')}
            name="full_name"
            autoComplete="name"
            required
            maxLength={100}
            value={values.full_name}
            onChange={update('full_name')}
            data-testid="register-full-name"
          />
          <FormField
            label={t('register.password')}
            hint={t('register.passwordHint')}
            error={errorFor('password')}
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={PASSWORD_MIN}
            maxLength={PASSWORD_MAX}
            value={values.password}
            onChange={update('password')}
            data-testid="register-password"
          />

          <Alert data-testid="register-error">{error}</Alert>

          <button type="submit" className="btn btn--primary btn--block" disabled={busy} data-testid="register-submit">
            {busy ? t('register.submitting') : t('register.submit')}
          </button>
        </form>

        <p className="card__footer">
          {t('register.haveAccount')}{' '}
          <Link to={authLink('/login', returnTo)} data-testid="link-to-login">
            {t('register.toLogin')}
          </Link>
        </p>
      </section>
    </div>
  );
}
