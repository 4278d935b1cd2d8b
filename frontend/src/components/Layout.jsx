import { Link, Outlet } from 'react-router-dom';
import { useAuth } from '../auth.jsx';
import { useI18n } from '../i18n.js';

export default function Layout() {
  const { t, toggleLang } = useI18n();
  const { isAuthenticated, user, logout } = useAuth();

  return (
    <div className="app-shell">
      <header className="topbar">
        <div className="topbar__inner">
          <Link to="/" className="brand" data-testid="brand-link">
            <span className="brand__logo" aria-hidden="true">AI</span>
            <span className="brand__name">{t('app.title')}</span>
          </Link>
          <nav className="topbar__actions" aria-label="account">
            {isAuthenticated && user?.role === 'recruiter' && (
              <>
                <Link to="/recruiter/jobs" className="btn btn--ghost btn--small" data-testid="nav-recruiter-jobs">
                  {t('nav.jobs')}
                </Link>
                <Link to="/recruiter/sessions" className="btn btn--ghost btn--small" data-testid="nav-recruiter-sessions">
                  {t('nav.sessions')}
                </Link>
                <Link to="/recruiter/integrations" className="btn btn--ghost btn--small" data-testid="nav-recruiter-integrations">
                  {t('nav.integrations')}
                </Link>
              </>
            )}
            {isAuthenticated && user && (
              <span className="topbar__user" data-testid="current-user">
                {t('nav.userGreeting', { name: user.full_name || user.username })}
                {user.role === 'recruiter' && (
                  <span className="badge badge--role" data-testid="current-role" data-role={user.role}>
                    {t('role.recruiter')}
                  </span>
                )}
              </span>
            )}
            {isAuthenticated && (
              <Link to="/account" className="btn btn--ghost btn--small" data-testid="nav-account">
                {t('nav.account')}
              </Link>
            )}
            <button
              type="button"
              className="btn btn--ghost btn--small"
              onClick={toggleLang}
              aria-label={t('nav.langToggleLabel')}
              data-testid="lang-toggle"
            >
              {t('nav.langToggle')}
            </button>
            {isAuthenticated && (
              <button type="button" className="btn btn--ghost btn--small" onClick={logout} data-testid="logout-button">
                {t('nav.logout')}
              </button>
            )}
          </nav>
        </div>
      </header>
      <main className="content">
        <Outlet />
      </main>
      <footer className="footer">{t('app.tagline')}</footer>
    </div>
  );
}
