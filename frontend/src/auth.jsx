// Authentication state for the whole app: the token (kept in storage by api.js),
// the current user, and what to do when the server says 401.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import * as api from './api.js';
import Alert from './components/Alert.jsx';
import { useI18n } from './i18n.js';

const AuthContext = createContext(null);

export function AuthProvider({ children }) {
  const navigate = useNavigate();
  const navigateRef = useRef(navigate);
  navigateRef.current = navigate;

  const [token, setTokenState] = useState(() => api.getToken());
  const [user, setUser] = useState(null);
  // 'idle' (no token), 'loading', 'ready' or 'error' (the profile could not be loaded).
  const [userStatus, setUserStatus] = useState(() => (api.getToken() ? 'loading' : 'idle'));
  // The token whose profile is already loaded (login() loads it itself, to route by role).
  const loadedFor = useRef(null);
  // Why the user is on the login page, if not by choice: 'expired' after a 401.
  const [notice, setNotice] = useState(null);

  // Any 401 from the API (other than the login call) lands here: forget the
  // user and go back to the login page.
  useEffect(
    () =>
      api.onUnauthorized(() => {
        setTokenState(null);
        setUser(null);
        setUserStatus('idle');
        loadedFor.current = null;
        setNotice('expired');
        navigateRef.current('/login', { replace: true });
      }),
    [],
  );

  // Another tab logged in or out.
  useEffect(() => {
    const onStorage = (e) => {
      if (e.key === api.TOKEN_KEY || e.key === null) setTokenState(api.getToken());
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  // Load the current user whenever there is a token.
  useEffect(() => {
    if (!token) {
      setUser(null);
      setUserStatus('idle');
      loadedFor.current = null;
      return undefined;
    }
    if (loadedFor.current === token) return undefined;
    const ctrl = new AbortController();
    setUserStatus('loading');
    api
      .me({ signal: ctrl.signal })
      .then((u) => {
        loadedFor.current = token;
        setUser(u);
        setUserStatus('ready');
      })
      .catch((err) => {
        // 401 is handled by the onUnauthorized listener; other failures leave
        // the user unknown, which the pages tolerate.
        if (err?.name !== 'AbortError' && err?.status !== 401) {
          console.warn('[AUTH] could not load the current user', err);
          setUserStatus('error');
        }
      });
    return () => ctrl.abort();
  }, [token]);

  /** Log in and load the profile (so the caller can route by role); resolves to the user or null. */
  const login = useCallback(async (username, password) => {
    const data = await api.login(username, password); // stores the token
    let profile = null;
    try {
      profile = await api.me();
    } catch (err) {
      if (err?.status === 401) throw err;
      console.warn('[AUTH] could not load the current user', err);
    }
    loadedFor.current = profile ? data.access_token : null;
    setUser(profile);
    setUserStatus(profile ? 'ready' : 'loading');
    setNotice(null);
    setTokenState(data.access_token);
    return profile;
  }, []);

  /** Forget the token and go to the login page; `reason` (e.g. 'deleted') is shown there. */
  const signOut = useCallback((reason = null) => {
    api.clearToken();
    loadedFor.current = null;
    setTokenState(null);
    setUser(null);
    setUserStatus('idle');
    setNotice(typeof reason === 'string' ? reason : null);
    navigateRef.current('/login', { replace: true });
  }, []);
  const logout = useCallback(() => signOut(null), [signOut]);

  const clearNotice = useCallback(() => setNotice(null), []);

  const value = useMemo(
    () => ({ token, user, userStatus, isAuthenticated: Boolean(token), notice, clearNotice, login, logout, signOut }),
    [token, user, userStatus, notice, clearNotice, login, logout, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth() {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth() must be used inside <AuthProvider>');
  return ctx;
}

/** Renders its children only when logged in; otherwise goes to /login. */
export function RequireAuth({ children }) {
  const { isAuthenticated } = useAuth();
  const location = useLocation();
  if (!isAuthenticated) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  return children;
}

/** A path inside this app to go back to, or null: never another site ("//host", "/\\host") and never `/`. */
export function safeReturnPath(value) {
  if (typeof value !== 'string' || !value.startsWith('/') || value === '/') return null;
  if (value.startsWith('//') || value.startsWith('/\\')) return null;
  return value;
}

/**
 * Where the login and register pages send a user back to: `state.from` (set by RequireAuth), else the
 * `?next=` parameter (links from outside the app, e.g. an invitation page), else null.
 */
export function returnPathOf(location) {
  const fromState = safeReturnPath(location?.state?.from);
  if (fromState) return fromState;
  const next = new URLSearchParams(location?.search || '').get('next');
  return safeReturnPath(next);
}

/** `/login` or `/register` carrying the place to come back to (as `?next=` and as state). */
export function authLink(pathname, returnTo) {
  const back = safeReturnPath(returnTo);
  if (!back) return { pathname };
  return { pathname, search: `?next=${encodeURIComponent(back)}` };
}

/** Login and register pages: a logged-in user goes on to where they were headed. */
export function GuestOnly({ children }) {
  const { isAuthenticated, user } = useAuth();
  const location = useLocation();
  if (isAuthenticated) {
    return <Navigate to={returnPathOf(location) || homePathFor(user)} replace />;
  }
  return children;
}

/** Where a user starts: recruiters at the sessions list, candidates at the start page. */
export function homePathFor(user) {
  return user?.role === 'recruiter' ? '/recruiter/sessions' : '/';
}

/**
 * Renders its children only for a logged-in user with `role`; shows a loading line while
 * the profile loads and a clear message to everyone else.
 */
export function RequireRole({ role, children }) {
  const { user, userStatus } = useAuth();
  const { t } = useI18n();
  if (!user) {
    if (userStatus === 'error') {
      return (
        <div className="narrow-page">
          <Alert data-testid="role-error">{t('role.error')}</Alert>
        </div>
      );
    }
    return (
      <p className="muted" role="status" data-testid="role-loading">
        {t('common.loading')}
      </p>
    );
  }
  if (user.role !== role) {
    return (
      <div className="narrow-page">
        <section className="card" data-testid="forbidden">
          <h1 className="card__title card__title--large">{t('role.forbiddenTitle')}</h1>
          <p className="muted">{t('role.forbidden')}</p>
          <Link className="btn btn--ghost" to={homePathFor(user)} data-testid="forbidden-home">
            {t('notFound.back')}
          </Link>
        </section>
      </div>
    );
  }
  return children;
}
