import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { createSession } from '../api.js';
import { useAuth } from '../auth.jsx';
import Alert from '../components/Alert.jsx';
import ConsentNotice, { offersEmotion, useConsentNotice } from '../components/ConsentNotice.jsx';
import FormField from '../components/FormField.jsx';
import MyInvitations from '../components/MyInvitations.jsx';
import ResumePanel from '../components/ResumePanel.jsx';
import SessionList from '../components/SessionList.jsx';
import { describeError, useI18n } from '../i18n.js';
import { serverFieldErrors, TEXT_MAX, validateSessionStart } from '../validation.js';

const NO_CONSENT = { interview: false, emotion: false };

const POSITION_SUGGESTIONS = ['백엔드 개발자', '프론트엔드 개발자', '풀스택 개발자', '데이터 엔지니어', 'AI 엔지니어', '프로덕트 매니저'];

export default function StartPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();

  const [name, setName] = useState(user?.full_name || '');
  const [position, setPosition] = useState('');
  const [fieldErrors, setFieldErrors] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const nameTouched = useRef(false);
  const inFlight = useRef(false);

  // Consent comes first: the camera and microphone are opened only on the session page,
  // after the session (and so the consent) exists.
  const notice = useConsentNotice();
  const version = notice.notice?.version;
  const [consent, setConsent] = useState(NO_CONSENT);
  const [consentError, setConsentError] = useState(null);
  const [noticeChanged, setNoticeChanged] = useState(false);
  const interviewBox = useRef(null);

  // A new version of the notice is agreed to afresh (and "the notice could not be loaded" is over).
  useEffect(() => {
    setConsent(NO_CONSENT);
    setError(null);
  }, [version]);

  // Pre-fill the name from the profile once it has loaded, unless already typed.
  useEffect(() => {
    if (user?.full_name && !nameTouched.current) setName(user.full_name);
  }, [user]);

  async function onSubmit(e) {
    e.preventDefault();
    const payload = { user_name: name.trim(), position: position.trim() };
    console.log('[CLICK] start interview', payload);
    if (inFlight.current) return;
    setError(null);

    const problems = validateSessionStart(payload);
    setFieldErrors(Object.fromEntries(Object.entries(problems).map(([k, v]) => [k, t(v)])));
    const ready = notice.status === 'ready' && version;
    const missingConsent = ready && !consent.interview;
    setConsentError(missingConsent ? t('consent.interviewMissing') : null);
    if (!ready) setError(t(notice.status === 'error' ? 'consent.loadFailed' : 'consent.stillLoading'));
    if (Object.keys(problems).length || !ready || missingConsent) {
      if (missingConsent && !Object.keys(problems).length) interviewBox.current?.focus();
      return;
    }
    payload.consent = {
      interview: true,
      emotion_analysis: offersEmotion(notice.notice) && consent.emotion === true,
      notice_version: version,
    };

    inFlight.current = true;
    setBusy(true);
    try {
      const session = await createSession(payload);
      console.log('[SESSION] created', session);
      navigate(`/sessions/${encodeURIComponent(session.id)}`, { state: { session } });
    } catch (err) {
      // A 401 has already sent us to the login page.
      if (err?.status === 409) {
        // The notice changed while it was being read: show the new one and ask again.
        setNoticeChanged(true);
        setConsent(NO_CONSENT);
        notice.reload();
      } else if (err?.status !== 401) {
        setError(describeError(err, t));
        setFieldErrors(serverFieldErrors(err?.errors, ['user_name', 'position']));
        if ((err?.errors || []).some((e) => String(e.field).startsWith('consent'))) setConsentError(t('consent.interviewMissing'));
      }
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  return (
    <div className="start-layout">
      <div className="start-main">
        {user?.role === 'candidate' && <MyInvitations />}
        <section className="card" aria-labelledby="start-title">
          <h1 id="start-title" className="card__title card__title--large">
            {t('start.title')}
          </h1>
          <p className="muted">{t('start.subtitle')}</p>

          <form className="form" onSubmit={onSubmit} noValidate data-testid="start-form">
            <FormField
              label={t('start.name')}
              error={fieldErrors.user_name}
              name="user_name"
              autoComplete="name"
              required
              maxLength={TEXT_MAX}
              value={name}
              onChange={(e) => {
                nameTouched.current = true;
                setName(e.target.value);
                setFieldErrors((fe) => ({ ...fe, user_name: undefined }));
              }}
              data-testid="start-name"
            />
            <FormField
              label={t('start.position')}
              error={fieldErrors.position}
              name="position"
              placeholder={t('start.positionPlaceholder')}
              list="position-suggestions"
              required
              maxLength={TEXT_MAX}
              value={position}
              onChange={(e) => {
                setPosition(e.target.value);
                setFieldErrors((fe) => ({ ...fe, position: undefined }));
              }}
              data-testid="start-position"
            />
            <datalist id="position-suggestions">
              {POSITION_SUGGESTIONS.map((p) => (
                <option key={p} value={p} />
              ))}
            </datalist>

            {/* Optional: the interview starts with or without a résumé (candidates only: recruiters never get here). */}
            {user?.role === 'candidate' && <ResumePanel notice={notice} />}

            <ConsentNotice
              notice={notice}
              value={consent}
              onChange={(next) => {
                setConsent(next);
                if (next.interview) setConsentError(null);
              }}
              error={consentError}
              changed={noticeChanged}
              interviewRef={interviewBox}
            />

            <Alert data-testid="start-error">{error}</Alert>

            {notice.status === 'ready' && !consent.interview && (
              <p className="muted small" id="start-consent-hint" data-testid="consent-hint">
                {t('consent.hint')}
              </p>
            )}
            <button
              type="submit"
              className="btn btn--primary btn--block btn--large"
              disabled={busy}
              aria-describedby={notice.status === 'ready' && !consent.interview ? 'start-consent-hint' : undefined}
              data-testid="start-submit"
            >
              {busy ? t('start.submitting') : t('start.submit')}
            </button>
            <p className="muted small">{t('start.tip')}</p>
          </form>
        </section>
      </div>

      <SessionList />
    </div>
  );
}
