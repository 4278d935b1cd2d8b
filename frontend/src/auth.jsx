// Authentication state for the whole app: the token (kept in storage by api.js),
// the current user, and what to do when the server says 401.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import * as api from './api.js';

const AuthContext = createContext(null);

export function AuthProvider({ children }) {
  const navigate = useNavigate();
  const navigateRef = useRef(navigate);
  navigateRef.current = navigate;

  const [token, setTokenState] = useState(() => api.getToken());
  const [user, setUser] = useState(null);
  // Why the user is on the login page, if not by choice: 'expired' after a 401.
  const [notice, setNotice] = useState(null);

  // Any 401 from the API (other than the login call) lands here: forget the
  // user and go back to the login page.
  useEffect(
    () =>
      api.onUnauthorized(() => {
        setTokenState(null);
        setUser(null);
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
      return undefined;
    }
    const ctrl = new AbortController();
    api
      .me({ signal: ctrl.signal })
      .then((u) => setUser(u))
      .catch((err) => {
        // 401 is handled by the onUnauthorized listener; other failures leave
        // the user unknown, which the pages tolerate.
        if (err?.name !== 'AbortError' && err?.status !== 401) {
          console.warn('[AUTH] could not load the current user', err);
        }
      });
    return () => ctrl.abort();
  }, [token]);

  const login = useCallback(async (username, password) => {
    const data = await api.login(username, password); // stores the token
    setNotice(null);
    setTokenState(data.access_token);
    return data;
  }, []);

  const logout = useCallback(() => {
    api.clearToken();
    setTokenState(null);
    setUser(null);
    setNotice(null);
    navigateRef.current('/login', { replace: true });
  }, []);

  const clearNotice = useCallback(() => setNotice(null), []);

  const value = useMemo(
    () => ({ token, user, isAuthenticated: Boolean(token), notice, clearNotice, login, logout }),
    [token, user, notice, clearNotice, login, logout],
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

/** Login and register pages: a logged-in user goes on to where they were headed. */
export function GuestOnly({ children }) {
  const { isAuthenticated } = useAuth();
  const location = useLocation();
  if (isAuthenticated) {
    const from = location.state?.from;
    return <Navigate to={typeof from === 'string' && from.startsWith('/') ? from : '/'} replace />;
  }
  return children;
}
