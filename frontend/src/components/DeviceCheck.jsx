import { useEffect, useRef, useState } from 'react';
import { startLevelMeter } from '../media.js';
import { useI18n } from '../i18n.js';
import Alert from './Alert.jsx';
import { MicIcon } from './Icons.jsx';

/** The camera's picture (muted: the candidate must not hear themselves). */
export function VideoPreview({ stream, className = 'preview', ...rest }) {
  const ref = useRef(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return undefined;
    try {
      video.srcObject = stream || null;
    } catch {
      /* very old browsers */
    }
    return () => {
      try {
        video.srcObject = null;
      } catch {
        /* ignore */
      }
    };
  }, [stream]);
  return <video ref={ref} className={className} autoPlay muted playsInline {...rest} />;
}

/** The microphone's level from a Web Audio AnalyserNode, as a bar. */
export function MicLevel({ stream, testId = 'mic-level' }) {
  const { t } = useI18n();
  const [level, setLevel] = useState(0);
  const [heard, setHeard] = useState(false);
  useEffect(() => {
    setLevel(0);
    setHeard(false);
    return startLevelMeter(stream, (value) => {
      setLevel(value);
      if (value > 0.02) setHeard(true);
    });
  }, [stream]);
  const shown = Math.round(level * 100);
  return (
    <div className="mic-level">
      <div
        className="mic-level__bar"
        role="meter"
        aria-label={t('device.micLevel')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={shown}
        data-testid={testId}
        data-level={level.toFixed(2)}
        data-heard={heard ? 'true' : 'false'}
      >
        <div className="mic-level__fill" style={{ width: `${Math.max(2, shown)}%` }} />
      </div>
    </div>
  );
}

function DeviceStatus({ label, ok, problem, testId }) {
  const { t } = useI18n();
  const state = ok ? 'ok' : problem || 'missing';
  return (
    <li className={`device-status device-status--${ok ? 'ok' : 'off'}`} data-testid={testId} data-state={state}>
      <span className="device-status__icon" aria-hidden="true">
        {ok ? '✓' : '✕'}
      </span>
      <span className="device-status__label">{label}</span>
      <span className="device-status__text">{ok ? t('device.ok') : t(`device.problem.${state}`)}</span>
    </li>
  );
}

/**
 * The device check before the interview: camera preview, microphone level, and what mode the
 * interview will run in. `media` is the result of acquireMedia() (null while checking).
 */
export default function DeviceCheck({ media, checking, onRetry, onContinue }) {
  const { t } = useI18n();
  const mode = media?.mode;

  return (
    <section className="card" aria-labelledby="device-title" data-testid="device-check" data-mode={mode || 'checking'}>
      <div className="card__header">
        <h2 id="device-title" className="card__title">
          {t('device.title')}
        </h2>
        {mode && (
          <span className={`badge badge--mode-${mode}`} data-testid="device-mode" data-mode={mode}>
            {t(`mode.${mode}`)}
          </span>
        )}
      </div>
      <p className="muted">{t('device.subtitle')}</p>

      {checking && (
        <p className="muted" role="status" data-testid="device-checking">
          {t('device.checking')}
        </p>
      )}

      {media && (
        <>
          <div className="device-grid">
            <div className="device-preview">
              {media.hasVideo ? (
                <VideoPreview stream={media.stream} data-testid="device-preview" aria-label={t('device.preview')} />
              ) : (
                <div className="preview preview--empty" data-testid="device-no-camera">
                  <MicIcon className="preview__icon" />
                  <span>{media.hasAudio ? t('device.noCameraAudio') : t('device.noDevices')}</span>
                </div>
              )}
            </div>
            <div className="device-side">
              <ul className="device-statuses">
                <DeviceStatus
                  label={t('device.camera')}
                  ok={media.hasVideo}
                  problem={media.videoProblem}
                  testId="device-camera-status"
                />
                <DeviceStatus
                  label={t('device.microphone')}
                  ok={media.hasAudio}
                  problem={media.audioProblem}
                  testId="device-mic-status"
                />
              </ul>
              {media.hasAudio && (
                <div className="field">
                  <span className="field__label">{t('device.micLevel')}</span>
                  <MicLevel stream={media.stream} />
                  <p className="field__hint">{t('device.micHint')}</p>
                </div>
              )}
            </div>
          </div>

          {mode === 'audio-only' && (
            <Alert kind="warning" data-testid="device-audio-only">
              <strong>{t('device.audioOnlyTitle')}</strong> {t('device.audioOnly')}
            </Alert>
          )}
          {mode === 'video-only' && (
            <Alert kind="warning" data-testid="device-no-mic">
              {t('device.noMic')}
            </Alert>
          )}
          {mode === 'text-only' && (
            <Alert kind="warning" data-testid="device-text-only">
              <strong>{t('device.textOnlyTitle')}</strong> {t('device.textOnly')}
            </Alert>
          )}
          {mode === 'full' && (
            <Alert kind="success" data-testid="device-all-ok">
              {t('device.allOk')}
            </Alert>
          )}
        </>
      )}

      <div className="actions">
        <button
          type="button"
          className="btn btn--primary btn--large"
          onClick={onContinue}
          disabled={checking || !media}
          data-testid="device-continue"
        >
          {t('device.continue')}
        </button>
        <button type="button" className="btn btn--ghost" onClick={onRetry} disabled={checking} data-testid="device-retry">
          {t('device.retry')}
        </button>
      </div>
    </section>
  );
}
