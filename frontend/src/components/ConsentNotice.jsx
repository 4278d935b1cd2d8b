import { useCallback, useEffect, useRef, useState } from 'react';
import { getConsentNotice } from '../api.js';
import { describeError, pickLang, useI18n } from '../i18n.js';
import Alert from './Alert.jsx';
import { EmotionCaveat } from './EmotionPanel.jsx';

export const INTERVIEW_ITEM = 'interview';
export const EMOTION_ITEM = 'emotion_analysis';

/** The checkbox test id of each item the candidate can agree to (other items are information only). */
const CHECKBOX_IDS = { [INTERVIEW_ITEM]: 'consent-interview', [EMOTION_ITEM]: 'consent-emotion' };
const VALUE_KEYS = { [INTERVIEW_ITEM]: 'interview', [EMOTION_ITEM]: 'emotion' };

/** The items to show: the emotion item only where the deployment analyses emotions at all. */
export function noticeItems(notice) {
  const items = Array.isArray(notice?.items) ? notice.items : [];
  return items.filter((item) => item && (item.key !== EMOTION_ITEM || notice.emotion_analysis_enabled === true));
}

/** Whether the candidate is offered emotion analysis under this notice. */
export function offersEmotion(notice) {
  return noticeItems(notice).some((item) => item.key === EMOTION_ITEM);
}

/**
 * GET /consent/notice with loading and error states. `reload()` fetches it again (after a 409:
 * the notice changed while the candidate read it). Nothing here touches the camera or microphone.
 */
export function useConsentNotice() {
  const [state, setState] = useState({ status: 'loading', notice: null, error: null });
  const ctrlRef = useRef(null);

  const reload = useCallback(async () => {
    ctrlRef.current?.abort();
    const ctrl = new AbortController();
    ctrlRef.current = ctrl;
    setState({ status: 'loading', notice: null, error: null });
    try {
      const notice = await getConsentNotice({ signal: ctrl.signal });
      if (ctrl.signal.aborted) return null;
      setState({ status: 'ready', notice, error: null });
      return notice;
    } catch (err) {
      if (err?.name === 'AbortError' || ctrl.signal.aborted) return null;
      setState({ status: 'error', notice: null, error: err });
      return null;
    }
  }, []);

  useEffect(() => {
    reload();
    return () => ctrlRef.current?.abort();
  }, [reload]);

  return { ...state, reload };
}

/**
 * One notice item's title (with its required/optional badge) and its facts: what is collected, why,
 * and for how long. Shared by the interview's items and the résumé's; `testId` prefixes the facts' ids.
 */
export function NoticeFacts({ item, testId, fallbackTitle }) {
  const { t, lang } = useI18n();
  const facts = [
    ['data', t('consent.data')],
    ['purpose', t('consent.purpose')],
    ['retention', t('consent.retention')],
  ];
  return (
    <>
      <h3 className="consent-item__title">
        <span data-testid={`${testId}-title`}>{pickLang(item.title, lang) || fallbackTitle || item.key}</span>
        <span className={`badge badge--${item.required ? 'required' : 'optional'}`}>
          {item.required ? t('consent.required') : t('consent.optional')}
        </span>
      </h3>
      <dl className="consent-item__facts">
        {facts.map(([field, label]) => (
          <div key={field}>
            <dt>{label}</dt>
            <dd data-testid={`${testId}-${field}`}>{pickLang(item[field], lang) || '—'}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

function ConsentItem({ item, checked, onToggle, error, caveat, checkboxRef }) {
  const { t, lang } = useI18n();
  const title = pickLang(item.title, lang) || item.key;
  const checkboxId = CHECKBOX_IDS[item.key];
  const errorId = error ? `${checkboxId}-error` : undefined;

  return (
    <section className="consent-item" data-testid={`consent-item-${item.key}`} data-required={item.required ? 'true' : 'false'}>
      <NoticeFacts item={item} testId={`consent-item-${item.key}`} />
      {caveat && <EmotionCaveat text={caveat} data-testid="consent-emotion-caveat" />}
      {checkboxId && (
        <label className={`checkbox${error ? ' checkbox--invalid' : ''}`}>
          <input
            ref={checkboxRef}
            type="checkbox"
            checked={checked}
            onChange={(e) => onToggle(e.target.checked)}
            required={Boolean(item.required)}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={errorId}
            data-testid={checkboxId}
          />
          <span>{t(item.required ? 'consent.agreeRequired' : 'consent.agreeOptional', { title })}</span>
        </label>
      )}
      {item.key === EMOTION_ITEM && <p className="muted small">{t('consent.emotionVoluntary')}</p>}
      {error && (
        <p className="field__error" id={errorId} role="alert" data-testid={`${checkboxId}-error`}>
          {error}
        </p>
      )}
    </section>
  );
}

/**
 * The consent notice on the start page: for each item what is collected, why and for how long,
 * a required box for the interview and an optional one (unticked) for emotion analysis with its
 * caveat. `value` is {interview, emotion}; `onChange(next)`. `error` is shown under the
 * interview box; `changed` says the notice was replaced and consent is asked again.
 */
export default function ConsentNotice({ notice: state, value, onChange, error, changed, interviewRef }) {
  const { t } = useI18n();
  const { notice } = state;
  const items = state.status === 'ready' ? noticeItems(notice) : [];

  return (
    <fieldset
      className="consent"
      data-testid="consent-notice"
      data-state={state.status}
      data-version={notice?.version ?? ''}
      data-emotion={state.status === 'ready' ? String(offersEmotion(notice)) : ''}
    >
      <legend className="consent__title">{t('consent.title')}</legend>
      <p className="muted small">{t('consent.intro')}</p>

      {changed && (
        <Alert kind="warning" data-testid="consent-changed">
          {t('consent.changed')}
        </Alert>
      )}
      {state.status === 'loading' && (
        <p className="muted" role="status" data-testid="consent-loading">
          {t('consent.loading')}
        </p>
      )}
      {state.status === 'error' && (
        <div className="stack">
          <Alert data-testid="consent-error">
            {t('consent.loadFailed')} {describeError(state.error, t)}
          </Alert>
          <button type="button" className="btn btn--ghost btn--small" onClick={state.reload} data-testid="consent-retry">
            {t('common.retry')}
          </button>
        </div>
      )}
      {items.map((item) => {
        const valueKey = VALUE_KEYS[item.key];
        return (
          <ConsentItem
            key={item.key}
            item={item}
            checked={valueKey ? Boolean(value[valueKey]) : false}
            onToggle={(checked) => valueKey && onChange({ ...value, [valueKey]: checked })}
            error={item.key === INTERVIEW_ITEM ? error : null}
            caveat={item.key === EMOTION_ITEM ? notice.emotion_caveat || {} : null}
            checkboxRef={item.key === INTERVIEW_ITEM ? interviewRef : undefined}
          />
        );
      })}
      {state.status === 'ready' && (
        <p className="muted small" data-testid="consent-version">
          {t('consent.version', { version: notice?.version ?? '—', days: notice?.retention_days ?? '—' })}
        </p>
      )}
    </fieldset>
  );
}
