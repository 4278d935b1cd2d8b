import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, finishSession, getQuestions, getSession, submitAnswer, submitVoiceAnswer } from '../api.js';
import { isSettled, questionClock } from '../hiring.js';
import { describeError, useI18n } from '../i18n.js';
import { connectMedia } from '../media.js';
import { POLL_MS, useSessionEvents } from '../useSessionEvents.js';
import Alert from './Alert.jsx';
import { MicLevel, VideoPreview } from './DeviceCheck.jsx';
import EmotionConsentNote from './EmotionConsentNote.jsx';
import EmotionWithdraw from './EmotionWithdraw.jsx';
import { ClockIcon, MicIcon } from './Icons.jsx';
import { Meter } from './Score.jsx';

export const ANSWER_MAX = 5000;

export function formatClock(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mmss = `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return h ? `${h}:${mmss}` : mmss;
}

/** Seconds left (rounded up) as m:ss, for the countdowns. */
export function formatCountdown(ms) {
  return formatClock(Math.ceil(Math.max(0, ms) / 1000) * 1000);
}

/**
 * The clock of the current question after a fresh list of questions: the server's numbers counted
 * from `receivedAt`. The same question keeps the earlier of the old and new deadlines (time is never
 * extended here); another question starts afresh; no limit, no clock. `receivedAt` is kept: the
 * countdown never counts from a moment before the numbers arrived.
 */
export function nextClock(prev, questions, receivedAt, answerLimit) {
  const current = questions.find((q) => !isSettled(q));
  if (!current) return null;
  const clock = questionClock(current, { receivedAt, answerLimit });
  if (!clock) return null;
  if (!prev || prev.questionId !== current.id) return { questionId: current.id, receivedAt, ...clock };
  const earlier = (a, b) => (a == null ? b : b == null ? a : Math.min(a, b));
  return {
    questionId: current.id,
    receivedAt,
    prepEnd: earlier(prev.prepEnd, clock.prepEnd),
    answerEnd: earlier(prev.answerEnd, clock.answerEnd),
  };
}

function useNow(intervalMs = 1000) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Whether the session's camera video may go to the server (emotion analysis consented and not withdrawn). */
function analysesVideo(session) {
  return !['not_collected', 'disabled'].includes(session?.emotion_analysis) && !session?.emotion_consent_withdrawn_at;
}

const RTC_TONES = {
  connected: 'ok',
  connecting: 'busy',
  new: 'busy',
  signaling: 'busy',
  disconnected: 'warn',
  failed: 'bad',
  error: 'bad',
  closed: 'off',
  off: 'off',
};

/**
 * The interview room: the current question, progress, elapsed time, typed and spoken answers,
 * the WebRTC connection to the media server for the whole interview, and the finish button.
 * Updates come as server-sent events (polling when they fail).
 */
export default function InterviewRoom({ session: initialSession, media }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const sessionId = initialSession.id;
  // The camera's video is used on the server only for emotion analysis: without the candidate's
  // consent (or where the deployment has it disabled) it stays in the browser (preview only).
  // Once the consent is withdrawn the video stops for good (the preview stays).
  const [videoOff, setVideoOff] = useState(() => !analysesVideo(initialSession));
  const videoOffRef = useRef(videoOff);
  const hasStream = Boolean(media?.stream && ((!videoOff && media.hasVideo) || media.hasAudio));

  const [session, setSession] = useState(initialSession);
  const [questions, setQuestions] = useState(null);
  const [loadError, setLoadError] = useState(null);
  const [draft, setDraft] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [answerError, setAnswerError] = useState(null);
  const [voice, setVoice] = useState({ state: 'idle' });
  const [rtc, setRtc] = useState({ state: hasStream ? 'signaling' : 'off', detail: null });
  const [rtcAttempt, setRtcAttempt] = useState(0);
  const [confirmFinish, setConfirmFinish] = useState(false);
  const [finishing, setFinishing] = useState(false);
  const [finishError, setFinishError] = useState(null);
  const [enteredAt] = useState(() => Date.now());
  // The current question's deadlines (a job's timed interview): {questionId, prepEnd, answerEnd} or null.
  const [clock, setClock] = useState(null);
  // The question whose answer time ran out here (the server then records it as timed out).
  const [expiredId, setExpiredId] = useState(null);
  const now = useNow();

  const rtcRef = useRef(null);
  const leftRef = useRef(false);
  // The withdrawal as the server returned it: a reload that was under way before it must not undo it.
  const withdrawalRef = useRef(null);
  const seqRef = useRef({ next: 0, applied: -1 });
  const voiceRef = useRef(voice);
  voiceRef.current = voice;
  // Effects read the translator through a ref: switching the language must not reconnect anything.
  const tRef = useRef(t);
  tRef.current = t;

  const goToResults = useCallback(() => {
    if (leftRef.current) return;
    leftRef.current = true;
    rtcRef.current?.close();
    navigate(`/sessions/${encodeURIComponent(sessionId)}/results`, { replace: true });
  }, [navigate, sessionId]);

  // Reload the questions and the session; a slower, older answer never overwrites a newer one.
  const refresh = useCallback(async () => {
    const seq = seqRef.current.next++;
    try {
      const [qs, s] = await Promise.all([getQuestions(sessionId), getSession(sessionId)]);
      if (seq < seqRef.current.applied) return;
      seqRef.current.applied = seq;
      const receivedAt = Date.now();
      const limit = s?.answer_time_limit_s ?? initialSession.answer_time_limit_s ?? null;
      setClock((prev) => nextClock(prev, qs, receivedAt, limit));
      setQuestions(qs);
      setSession(withdrawalRef.current && s ? { ...s, ...withdrawalRef.current } : s);
      setLoadError(null);
    } catch (err) {
      if (err?.name === 'AbortError' || err?.status === 401) return;
      if (seq >= seqRef.current.applied) setLoadError(describeError(err, tRef.current));
    }
  }, [sessionId]);

  useEffect(() => {
    refresh();
  }, [refresh]);

  useEffect(() => {
    if (session?.status === 'finished') goToResults();
  }, [session?.status, goToResults]);

  // Stop sending the camera (for good): the consent was withdrawn here or elsewhere.
  const stopVideo = useCallback(() => {
    if (videoOffRef.current) return;
    videoOffRef.current = true;
    setVideoOff(true);
    rtcRef.current?.stopVideo?.();
  }, []);

  const videoAllowed = analysesVideo(session);
  useEffect(() => {
    if (!videoAllowed) stopVideo();
  }, [videoAllowed, stopVideo]);

  const onEmotionWithdrawn = useCallback(
    (updated) => {
      const withdrawal = {
        emotion_consent: false,
        emotion_analysis: 'not_collected',
        emotion_consent_withdrawn_at: updated?.emotion_consent_withdrawn_at || new Date().toISOString(),
      };
      withdrawalRef.current = withdrawal;
      stopVideo();
      setSession((s) => ({ ...s, ...(updated || {}), ...withdrawal }));
    },
    [stopVideo],
  );

  // A timed-out question is settled without an answer: the current one is the first still open.
  const current = questions?.find((q) => !isSettled(q)) ?? null;
  const answered = questions?.filter((q) => q.answer_text != null).length ?? 0;
  const settled = questions?.filter(isSettled).length ?? 0;
  const total = session?.total_questions || initialSession.total_questions || 0;
  // A job's rules: 'required' takes spoken answers only, 'off' typed answers only (null: no job, both).
  const voiceMode = session?.voice_mode ?? initialSession.voice_mode ?? null;
  const typedAllowed = voiceMode !== 'required';
  const voiceAllowed = voiceMode !== 'off';
  const waitingNext = questions !== null && !current && session?.status !== 'finished';

  // A new current question: a fresh answer box (a recording of the old question is void).
  const currentId = current?.id ?? null;
  const currentClock = clock && clock.questionId === currentId ? clock : null;
  const expired = currentId != null && expiredId === currentId;
  // The clock on screen ticks once a second: never count from before the server's numbers arrived.
  const clockNow = currentClock ? Math.max(now, currentClock.receivedAt) : now;
  const prepLeftMs = currentClock?.prepEnd != null ? currentClock.prepEnd - clockNow : null;
  const inPrep = prepLeftMs != null && prepLeftMs > 0 && !expired;
  const answerLeftMs = currentClock?.answerEnd != null ? currentClock.answerEnd - clockNow : null;

  // The answer time runs out exactly at its deadline (not at the next tick of the clock on screen).
  const answerEnd = currentClock?.answerEnd ?? null;
  useEffect(() => {
    if (answerEnd == null || currentId == null) return undefined;
    const timer = setTimeout(() => setExpiredId(currentId), Math.max(0, answerEnd - Date.now()));
    return () => clearTimeout(timer);
  }, [answerEnd, currentId]);
  useEffect(() => {
    setDraft('');
    setAnswerError(null);
    setVoice((v) => (v.state === 'recording' || v.state === 'error' ? { state: 'idle' } : v));
  }, [currentId]);

  const onTranscript = useCallback((data) => {
    const v = voiceRef.current;
    if (!data || v.questionId == null || Number(data.question_id) !== Number(v.questionId)) return;
    const text = String(data.text ?? '').trim();
    if (text) {
      setVoice({ state: 'heard', questionId: v.questionId, transcript: text, used: data.used_as_answer !== false });
    } else {
      setVoice({ state: 'empty', questionId: v.questionId });
    }
  }, []);

  // With polling, the transcript shows up on the question itself.
  useEffect(() => {
    if (voice.state !== 'transcribing' || !questions) return;
    const q = questions.find((x) => x.id === voice.questionId);
    if (q && q.transcript != null) {
      onTranscript({ question_id: q.id, text: q.transcript, used_as_answer: q.answer_source === 'voice' });
    }
  }, [questions, voice.state, voice.questionId, onTranscript]);

  const transport = useSessionEvents(sessionId, {
    onEvent: (type, data) => {
      if (type === 'transcript_ready') onTranscript(data);
      if (type === 'evaluation_ready') return; // scores are not shown during the interview
      refresh();
    },
    onPoll: refresh,
    waiting: waitingNext || voice.state === 'transcribing' || expired,
  });

  // Time is up: the server records the question as timed out and the next one follows (an event
  // says so; until the question changes, ask again every few seconds). A recording under way is sent.
  useEffect(() => {
    if (!expired) return undefined;
    if (voiceRef.current.state === 'recording') stopRecordingRef.current?.();
    refresh();
    const timer = setInterval(refresh, POLL_MS);
    return () => clearInterval(timer);
  }, [expired, refresh]);

  // The WebRTC connection: opened once the room opens, kept for the whole interview.
  useEffect(() => {
    if (!hasStream) {
      setRtc({ state: 'off', detail: null });
      return undefined;
    }
    let cancelled = false;
    let connection = null;
    setRtc({ state: 'signaling', detail: null });
    connectMedia({
      sessionId,
      stream: media.stream,
      kinds: videoOffRef.current ? ['audio'] : ['video', 'audio'],
      onState: (state) => {
        if (!cancelled) setRtc((r) => ({ ...r, state }));
      },
    })
      .then((c) => {
        if (cancelled) {
          c.close();
          return;
        }
        connection = c;
        rtcRef.current = c;
        // Withdrawn while this connection was being set up.
        if (videoOffRef.current) c.stopVideo?.();
      })
      .catch((err) => {
        if (cancelled) return;
        console.warn('[RTC] could not connect to the media server', err);
        const tr = tRef.current;
        let detail;
        if (err?.code === 'unsupported') detail = tr('rtc.unsupported');
        else if (err instanceof ApiError) detail = describeError(err, tr);
        else detail = err?.message || tr('errors.unknown');
        setRtc({ state: 'error', detail, status: err?.status ?? null });
        if (err?.status === 409) refresh(); // finished meanwhile
      });
    return () => {
      cancelled = true;
      connection?.close();
      if (rtcRef.current === connection) rtcRef.current = null;
    };
  }, [sessionId, media?.stream, hasStream, rtcAttempt, refresh]);

  async function onSubmitAnswer(e) {
    e.preventDefault();
    if (!current || submitting || expired) return;
    const text = draft.trim();
    if (!text) {
      setAnswerError(t('room.answerRequired'));
      return;
    }
    setSubmitting(true);
    setAnswerError(null);
    try {
      const saved = await submitAnswer(sessionId, { question_id: current.id, answer_text: text });
      setQuestions((qs) => qs?.map((q) => (q.id === saved?.id ? { ...q, ...saved } : q)) ?? qs);
      setDraft('');
      refresh();
    } catch (err) {
      if (err?.status !== 401) {
        setAnswerError(describeError(err, t));
        if (err?.status === 409) refresh();
      }
    } finally {
      setSubmitting(false);
    }
  }

  function startRecording() {
    if (!current || expired) return;
    setVoice({ state: 'recording', questionId: current.id, startedAt: Date.now() });
  }

  const stopRecordingRef = useRef(null);
  stopRecordingRef.current = stopRecording;

  async function stopRecording() {
    const v = voiceRef.current;
    if (v.state !== 'recording') return;
    setVoice({ ...v, state: 'sending' });
    try {
      const accepted = await submitVoiceAnswer({ session_id: Number(sessionId), question_id: v.questionId });
      setVoice((cur) =>
        cur.state === 'sending' ? { state: 'transcribing', questionId: v.questionId, duration: accepted?.duration_s } : cur,
      );
    } catch (err) {
      if (err?.status === 401) return;
      setVoice({ state: 'error', questionId: v.questionId, error: describeError(err, t) });
      if (err?.status === 409) refresh();
    }
  }

  async function finish() {
    setFinishing(true);
    setFinishError(null);
    try {
      await finishSession(sessionId);
    } catch (err) {
      if (err?.status === 401) return;
      if (err?.status !== 409) {
        setFinishError(describeError(err, t));
        setFinishing(false);
        return;
      }
    }
    goToResults();
  }

  const progressCurrent = current ? current.order : Math.min(answered + 1, total || answered + 1);
  const voiceReady = media?.hasAudio && rtc.state === 'connected';
  const voiceBusy = voice.state === 'recording' || voice.state === 'sending';

  return (
    <div className="room" data-testid="interview-room" data-mode={media?.mode || 'text-only'}>
      <section className="card room__main" aria-labelledby="room-question-title">
        <div className="room__meta">
          <div className="room__progress" data-testid="interview-progress" data-current={progressCurrent} data-total={total} data-answered={answered}>
            <span className="room__progress-text">{t('room.progress', { n: progressCurrent, total })}</span>
            <Meter value={answered} max={total || 1} label={t('room.progressLabel')} />
          </div>
          <span className="room__elapsed" data-testid="interview-elapsed" aria-label={t('room.elapsed')}>
            <ClockIcon /> {formatClock(now - enteredAt)}
          </span>
        </div>

        {loadError && <Alert data-testid="room-error">{loadError}</Alert>}

        {questions === null && !loadError && (
          <p className="muted" role="status" data-testid="room-loading">
            {t('room.loading')}
          </p>
        )}

        {current && (
          <div className="question" data-testid="question-current" data-question-id={current.id} data-order={current.order}>
            <span className="question__label" id="room-question-title">
              {t('room.questionN', { n: current.order })}
              {current.kind && current.kind !== 'competency' && <span className={`tag tag--${current.kind}`}>{t(`kind.${current.kind}`)}</span>}
            </span>
            <p className="question__text" data-testid="question-text">
              {current.question_text}
            </p>
          </div>
        )}

        {current && currentClock && (
          <div className="countdowns" data-testid="question-clock">
            {inPrep && (
              <div className="countdown countdown--prep" role="timer" data-testid="prep-countdown" data-seconds={Math.ceil(prepLeftMs / 1000)}>
                <span>{t('room.prepLeft')}</span>
                <strong className="countdown__time">{formatCountdown(prepLeftMs)}</strong>
                {answerLeftMs != null && (
                  <span className="muted small">{t('room.answerAfterPrep', { time: formatCountdown(answerLeftMs - prepLeftMs) })}</span>
                )}
              </div>
            )}
            {!inPrep && answerLeftMs != null && (
              <div
                className={`countdown countdown--answer${expired ? ' countdown--over' : answerLeftMs <= 10_000 ? ' countdown--low' : ''}`}
                role="timer"
                data-testid="answer-countdown"
                data-seconds={expired ? 0 : Math.ceil(Math.max(0, answerLeftMs) / 1000)}
              >
                <span>{t('room.answerLeft')}</span>
                <strong className="countdown__time">{expired ? formatCountdown(0) : formatCountdown(answerLeftMs)}</strong>
              </div>
            )}
          </div>
        )}
        {current && expired && (
          <Alert kind="warning" data-testid="answer-timeout">
            {t('room.timeUp')}
          </Alert>
        )}
        {current && voiceMode === 'required' && (
          <p className="muted small" data-testid="voice-only-note">
            {t('room.voiceOnly')}
          </p>
        )}
        {current && voiceMode === 'required' && !media?.hasAudio && <Alert data-testid="voice-required-no-mic">{t('room.voiceRequiredNoMic')}</Alert>}

        {waitingNext && (
          <div className="pending" role="status" data-testid="next-question-pending">
            <span className="spinner" aria-hidden="true" />
            <span>
              {settled >= total && total
                ? t('room.wrappingUp')
                : questions.length === 0
                  ? t('room.preparingFirst')
                  : t('room.preparingNext')}
            </span>
          </div>
        )}

        {current && typedAllowed && (
          <form className="form answer-form" onSubmit={onSubmitAnswer} noValidate data-testid="answer-form">
            <label className="field__label" htmlFor="answer-input">
              {t('room.typeAnswer')}
            </label>
            <textarea
              id="answer-input"
              className="field__input answer-form__input"
              rows={6}
              maxLength={ANSWER_MAX}
              value={draft}
              placeholder={t('room.answerPlaceholder')}
              onChange={(e) => {
                setDraft(e.target.value);
                setAnswerError(null);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) onSubmitAnswer(e);
              }}
              disabled={submitting || expired}
              data-testid="answer-input"
            />
            <div className="answer-form__footer">
              <span className="muted small" data-testid="answer-count">
                {draft.length} / {ANSWER_MAX}
              </span>
              <button type="submit" className="btn btn--primary" disabled={submitting || voiceBusy || expired} data-testid="answer-submit">
                {submitting ? t('room.submitting') : t('room.submit')}
              </button>
            </div>
            <Alert data-testid="answer-error">{answerError}</Alert>
          </form>
        )}

        {media?.hasAudio && voiceAllowed && (current || voice.state === 'heard' || voice.state === 'transcribing') && (
          <div className="voice" data-testid="voice-panel" data-state={voice.state}>
            <div className="voice__head">
              <span className="field__label">{t('room.voiceAnswer')}</span>
              {!voiceReady && (
                <span className="muted small" data-testid="voice-unavailable">
                  {t('room.voiceNeedsConnection')}
                </span>
              )}
            </div>
            {voice.state === 'recording' && (
              <div className="recording" role="status" data-testid="voice-recording">
                <span className="recording__dot" aria-hidden="true" />
                <span>{t('room.recording')}</span>
                <span className="recording__time" data-testid="voice-recording-time">
                  {formatClock(now - voice.startedAt)}
                </span>
                <MicLevel stream={media.stream} testId="voice-level" />
              </div>
            )}
            {voice.state === 'sending' && (
              <p className="muted" role="status" data-testid="voice-sending">
                {t('room.voiceSending')}
              </p>
            )}
            {voice.state === 'transcribing' && (
              <div className="pending" role="status" data-testid="voice-transcribing">
                <span className="spinner" aria-hidden="true" />
                <span>{t('room.transcribing')}</span>
              </div>
            )}
            {voice.state === 'heard' && (
              <div className="transcript" data-testid="voice-transcript" data-used={voice.used ? 'true' : 'false'}>
                <span className="transcript__label">{t('room.transcript')}</span>
                <p data-testid="voice-transcript-text">{voice.transcript}</p>
                {!voice.used && <p className="muted small">{t('room.transcriptNotUsed')}</p>}
              </div>
            )}
            {voice.state === 'empty' && (
              <Alert kind="warning" data-testid="voice-empty">
                {t('room.transcriptEmpty')}
              </Alert>
            )}
            {voice.state === 'error' && <Alert data-testid="voice-error">{voice.error}</Alert>}
            {current && (
              <div className="actions">
                {voice.state !== 'recording' ? (
                  <button
                    type="button"
                    className="btn btn--ghost"
                    onClick={startRecording}
                    disabled={!voiceReady || voice.state === 'sending' || submitting || expired}
                    data-testid="voice-start"
                  >
                    <MicIcon /> {t('room.voiceStart')}
                  </button>
                ) : (
                  <>
                    <button type="button" className="btn btn--primary" onClick={stopRecording} data-testid="voice-stop">
                      {t('room.voiceStop')}
                    </button>
                    <button type="button" className="btn btn--ghost" onClick={() => setVoice({ state: 'idle' })} data-testid="voice-cancel">
                      {t('room.voiceCancel')}
                    </button>
                  </>
                )}
              </div>
            )}
          </div>
        )}
      </section>

      <aside className="room__side">
        <section className="card card--compact">
          {media?.hasVideo ? (
            <VideoPreview stream={media.stream} className="preview preview--small" data-testid="room-preview" aria-label={t('device.preview')} />
          ) : (
            <div className="preview preview--small preview--empty" data-testid="room-no-camera">
              <span>{media?.hasAudio ? t('mode.audio-only') : t('mode.text-only')}</span>
            </div>
          )}
          <dl className="status-list">
            <div>
              <dt>{t('room.mode')}</dt>
              <dd data-testid="interview-mode" data-mode={media?.mode || 'text-only'}>
                {t(`mode.${media?.mode || 'text-only'}`)}
              </dd>
            </div>
            <div>
              <dt>{t('room.connection')}</dt>
              <dd>
                <span className={`dot dot--${RTC_TONES[rtc.state] || 'busy'}`} aria-hidden="true" />
                <span data-testid="media-connection" data-state={rtc.state}>
                  {t(`rtc.${rtc.state}`) === `rtc.${rtc.state}` ? rtc.state : t(`rtc.${rtc.state}`)}
                </span>
              </dd>
            </div>
            <div>
              <dt>{t('room.updates')}</dt>
              <dd data-testid="events-transport" data-transport={transport}>
                {t(`transport.${transport}`)}
              </dd>
            </div>
          </dl>
          <EmotionConsentNote
            status={session?.emotion_analysis ?? initialSession.emotion_analysis}
            withdrawnAt={session?.emotion_consent_withdrawn_at ?? null}
            className="small"
          />
          {session?.emotion_analysis === 'collected' && !session?.emotion_consent_withdrawn_at && (
            <EmotionWithdraw sessionId={sessionId} context="room" onWithdrawn={onEmotionWithdrawn} onConflict={refresh} />
          )}
          {rtc.detail && (
            <Alert data-testid="media-error">{rtc.detail}</Alert>
          )}
          {hasStream && ['failed', 'error', 'disconnected', 'closed'].includes(rtc.state) && rtc.status !== 409 && (
            <button type="button" className="btn btn--ghost btn--small" onClick={() => setRtcAttempt((n) => n + 1)} data-testid="media-reconnect">
              {t('rtc.reconnect')}
            </button>
          )}
        </section>

        <section className="card card--compact">
          {!confirmFinish ? (
            <button type="button" className="btn btn--danger btn--block" onClick={() => setConfirmFinish(true)} disabled={finishing} data-testid="interview-finish">
              {t('room.finish')}
            </button>
          ) : (
            <div className="confirm" data-testid="finish-confirm-panel">
              <p>{answered < total ? t('room.finishConfirmEarly', { answered, total }) : t('room.finishConfirm')}</p>
              <div className="actions">
                <button type="button" className="btn btn--danger" onClick={finish} disabled={finishing} data-testid="interview-finish-confirm">
                  {finishing ? t('room.finishing') : t('room.finishYes')}
                </button>
                <button type="button" className="btn btn--ghost" onClick={() => setConfirmFinish(false)} disabled={finishing} data-testid="interview-finish-cancel">
                  {t('room.finishNo')}
                </button>
              </div>
            </div>
          )}
          <Alert data-testid="finish-error">{finishError}</Alert>
        </section>
      </aside>
    </div>
  );
}
