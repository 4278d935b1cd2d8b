import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { AuthProvider, GuestOnly, RequireAuth, RequireRole, useAuth } from './auth.jsx';
import Layout from './components/Layout.jsx';
import { I18nProvider, useI18n } from './i18n.js';
import AccountPage from './pages/AccountPage.jsx';
import InvitePage from './pages/InvitePage.jsx';
import JobFormPage from './pages/JobFormPage.jsx';
import JobPage from './pages/JobPage.jsx';
import JobsPage from './pages/JobsPage.jsx';
import LoginPage from './pages/LoginPage.jsx';
import NotFoundPage from './pages/NotFoundPage.jsx';
import RecruiterSessionPage from './pages/RecruiterSessionPage.jsx';
import RecruiterSessionsPage from './pages/RecruiterSessionsPage.jsx';
import RegisterPage from './pages/RegisterPage.jsx';
import ResultsPage from './pages/ResultsPage.jsx';
import SessionPage from './pages/SessionPage.jsx';
import StartPage from './pages/StartPage.jsx';

/** `/` by role: recruiters go to the sessions list, candidates (and a profile still loading) see the start page. */
function Home() {
  const { user } = useAuth();
  if (user?.role === 'recruiter') return <Navigate to="/recruiter/sessions" replace />;
  return <StartPage />;
}

// Opened by few recruiters, rarely: loaded on first visit, outside the main bundle.
const IntegrationsPage = lazy(() => import('./pages/IntegrationsPage.jsx'));

function PageLoading() {
  const { t } = useI18n();
  return (
    <p className="muted" role="status" data-testid="page-loading">
      {t('common.loading')}
    </p>
  );
}

const later = (element) => <Suspense fallback={<PageLoading />}>{element}</Suspense>;

const auth = (element) => <RequireAuth>{element}</RequireAuth>;
const recruiter = (element) => (
  <RequireAuth>
    <RequireRole role="recruiter">{element}</RequireRole>
  </RequireAuth>
);

/**
 * The app without a router: main.jsx wraps it in <BrowserRouter>, the tests in <MemoryRouter>.
 *   /login, /register                 guests
 *   /                                 candidates: start page (recruiters → /recruiter/sessions)
 *   /sessions/:id                     candidates: session, device check, interview room
 *   /sessions/:id/results             candidates: results
 *   /recruiter/sessions               recruiters: all sessions (filters, sorting) and answer search
 *   /recruiter/sessions/:id           recruiters: one session's review
 *   /recruiter/jobs                   recruiters: the organisation's jobs
 *   /recruiter/jobs/new, /:id/edit    recruiters: a job's rules (create, edit)
 *   /recruiter/jobs/:id               recruiters: a job: invitations, candidates compared, decisions, CSV, emails
 *   /recruiter/integrations           recruiters: ATS integration (webhook endpoints, delivery log, signature)
 *   /invite/:token                    anyone (logged out too): an invitation; candidates accept it and start
 *   /account                          everyone logged in: download my data, delete my account
 */
export default function App() {
  return (
    <I18nProvider>
      <AuthProvider>
        <Routes>
          <Route element={<Layout />}>
            <Route
              path="/login"
              element={
                <GuestOnly>
                  <LoginPage />
                </GuestOnly>
              }
            />
            <Route
              path="/register"
              element={
                <GuestOnly>
                  <RegisterPage />
                </GuestOnly>
              }
            />
            <Route path="/" element={auth(<Home />)} />
            <Route path="/sessions/:id" element={auth(<SessionPage />)} />
            <Route path="/sessions/:id/results" element={auth(<ResultsPage />)} />
            <Route path="/recruiter" element={<Navigate to="/recruiter/sessions" replace />} />
            <Route path="/recruiter/sessions" element={recruiter(<RecruiterSessionsPage />)} />
            <Route path="/recruiter/sessions/:id" element={recruiter(<RecruiterSessionPage />)} />
            <Route path="/recruiter/jobs" element={recruiter(<JobsPage />)} />
            <Route path="/recruiter/jobs/new" element={recruiter(<JobFormPage />)} />
            <Route path="/recruiter/jobs/:id" element={recruiter(<JobPage />)} />
            <Route path="/recruiter/jobs/:id/edit" element={recruiter(<JobFormPage />)} />
            <Route path="/recruiter/integrations" element={recruiter(later(<IntegrationsPage />))} />
            <Route path="/invite/:token" element={<InvitePage />} />
            <Route path="/account" element={auth(<AccountPage />)} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </AuthProvider>
    </I18nProvider>
  );
}
