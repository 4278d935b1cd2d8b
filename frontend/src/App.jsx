import { Route, Routes } from 'react-router-dom';
import { AuthProvider, GuestOnly, RequireAuth } from './auth.jsx';
import Layout from './components/Layout.jsx';
import { I18nProvider } from './i18n.js';
import LoginPage from './pages/LoginPage.jsx';
import NotFoundPage from './pages/NotFoundPage.jsx';
import RegisterPage from './pages/RegisterPage.jsx';
import SessionReadyPage from './pages/SessionReadyPage.jsx';
import StartPage from './pages/StartPage.jsx';

/**
 * The app without a router: main.jsx wraps it in <BrowserRouter>, the tests in
 * <MemoryRouter>. New pages (the interview room, results) are added here.
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
            <Route
              path="/"
              element={
                <RequireAuth>
                  <StartPage />
                </RequireAuth>
              }
            />
            <Route
              path="/sessions/:id"
              element={
                <RequireAuth>
                  <SessionReadyPage />
                </RequireAuth>
              }
            />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </AuthProvider>
    </I18nProvider>
  );
}
