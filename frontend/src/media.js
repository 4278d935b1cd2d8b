// The browser's camera and microphone, the microphone level meter, and the WebRTC
// connection to the media server. The HTTP part of signaling goes through api.js.
import { sendMediaOffer } from './api.js';

export const VIDEO_CONSTRAINTS = {
  width: { ideal: 640 },
  height: { ideal: 480 },
  frameRate: { ideal: 15, max: 30 },
  facingMode: 'user',
};
export const AUDIO_CONSTRAINTS = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

/** A getUserMedia error as one word: denied, missing, busy, unsupported or error. */
export function deviceProblem(err) {
  if (!err) return null;
  if (err === 'unsupported') return 'unsupported';
  switch (err.name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
    case 'ConstraintNotSatisfiedError':
      return 'missing';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'busy';
    default:
      return 'error';
  }
}

/** How the interview runs with what was granted. */
export function mediaMode(hasVideo, hasAudio) {
  if (hasVideo && hasAudio) return 'full';
  if (hasAudio) return 'audio-only';
  if (hasVideo) return 'video-only';
  return 'text-only';
}

function combine(videoStream, audioStream) {
  const tracks = [...(videoStream?.getVideoTracks?.() ?? []), ...(audioStream?.getAudioTracks?.() ?? [])];
  if (!tracks.length) return null;
  if (typeof globalThis.MediaStream === 'function') return new globalThis.MediaStream(tracks);
  const base = videoStream || audioStream;
  if (videoStream && audioStream) for (const track of audioStream.getAudioTracks()) base.addTrack(track);
  return base;
}

/**
 * Ask for the camera and the microphone. When both cannot be had together, each is tried
 * on its own, so a denied or missing camera still leaves the microphone (audio-only mode).
 * @returns {Promise<{stream: MediaStream|null, hasVideo: boolean, hasAudio: boolean,
 *   videoProblem: string|null, audioProblem: string|null, mode: string}>}
 */
export async function acquireMedia(mediaDevices = globalThis.navigator?.mediaDevices) {
  const result = (stream, videoProblem, audioProblem) => {
    const hasVideo = Boolean(stream?.getVideoTracks?.().length);
    const hasAudio = Boolean(stream?.getAudioTracks?.().length);
    return {
      stream,
      hasVideo,
      hasAudio,
      videoProblem: hasVideo ? null : videoProblem || 'missing',
      audioProblem: hasAudio ? null : audioProblem || 'missing',
      mode: mediaMode(hasVideo, hasAudio),
    };
  };
  if (typeof mediaDevices?.getUserMedia !== 'function') return result(null, 'unsupported', 'unsupported');

  try {
    const both = await mediaDevices.getUserMedia({ video: VIDEO_CONSTRAINTS, audio: AUDIO_CONSTRAINTS });
    console.log('[MEDIA] camera and microphone granted');
    return result(both, null, null);
  } catch (err) {
    console.warn('[MEDIA] camera + microphone request failed; trying each alone', err?.name || err);
  }

  let audio = null;
  let video = null;
  let audioProblem = null;
  let videoProblem = null;
  try {
    audio = await mediaDevices.getUserMedia({ audio: AUDIO_CONSTRAINTS });
  } catch (err) {
    audioProblem = deviceProblem(err);
    console.warn('[MEDIA] microphone unavailable', err?.name || err);
  }
  try {
    video = await mediaDevices.getUserMedia({ video: VIDEO_CONSTRAINTS });
  } catch (err) {
    videoProblem = deviceProblem(err);
    console.warn('[MEDIA] camera unavailable', err?.name || err);
  }
  const out = result(combine(video, audio), videoProblem, audioProblem);
  console.log(`[MEDIA] mode: ${out.mode}`);
  return out;
}

export function stopStream(stream) {
  for (const track of stream?.getTracks?.() ?? []) {
    try {
      track.stop();
    } catch {
      /* already stopped */
    }
  }
}

/**
 * Measure the microphone's level with the Web Audio API (an AnalyserNode).
 * Calls `onLevel(0..1)` about ten times a second; returns a function that stops it.
 */
export function startLevelMeter(stream, onLevel) {
  const Context = globalThis.AudioContext || globalThis.webkitAudioContext;
  if (!Context || !stream?.getAudioTracks?.().length) return () => {};
  let ctx;
  let source;
  try {
    ctx = new Context();
    source = ctx.createMediaStreamSource(stream);
  } catch (err) {
    console.warn('[MEDIA] level meter unavailable', err);
    ctx?.close?.();
    return () => {};
  }
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 1024;
  source.connect(analyser);
  const samples = new Uint8Array(analyser.fftSize);

  // Browsers start an AudioContext suspended until the page has had a user gesture.
  const resume = () => {
    if (ctx.state === 'suspended') ctx.resume?.().catch(() => {});
  };
  resume();
  document.addEventListener('pointerdown', resume);
  document.addEventListener('keydown', resume);

  const frame = globalThis.requestAnimationFrame
    ? (fn) => globalThis.requestAnimationFrame(fn)
    : (fn) => setTimeout(() => fn(Date.now()), 50);
  const cancel = globalThis.cancelAnimationFrame ? (id) => globalThis.cancelAnimationFrame(id) : clearTimeout;
  let handle = null;
  let last = 0;
  let stopped = false;
  const tick = (now) => {
    if (stopped) return;
    if (!last || now - last >= 100) {
      last = now || 1;
      analyser.getByteTimeDomainData(samples);
      let sum = 0;
      for (let i = 0; i < samples.length; i += 1) {
        const v = (samples[i] - 128) / 128;
        sum += v * v;
      }
      const rms = Math.sqrt(sum / samples.length);
      onLevel(Math.min(1, rms * 4));
    }
    handle = frame(tick);
  };
  handle = frame(tick);

  return () => {
    stopped = true;
    if (handle != null) cancel(handle);
    document.removeEventListener('pointerdown', resume);
    document.removeEventListener('keydown', resume);
    try {
      source.disconnect();
    } catch {
      /* ignore */
    }
    ctx.close?.().catch?.(() => {});
  };
}

function iceServers() {
  const raw = import.meta.env?.VITE_ICE_SERVERS;
  if (!raw) return [];
  try {
    const parsed = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

/** Resolve when ICE gathering is complete (the media server does not do trickle ICE). */
export function iceGatheringComplete(pc, timeoutMs = 5000) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      pc.removeEventListener('icecandidate', onCandidate);
      resolve();
    };
    const check = () => {
      if (pc.iceGatheringState === 'complete') done();
    };
    // A null candidate also marks the end of gathering in every browser.
    const onCandidate = (e) => {
      if (!e.candidate) done();
    };
    // A safety net only: with host candidates gathering ends within milliseconds.
    const timer = setTimeout(() => {
      console.warn('[RTC] ICE gathering did not complete in time; sending the candidates found so far');
      done();
    }, timeoutMs);
    pc.addEventListener('icegatheringstatechange', check);
    pc.addEventListener('icecandidate', onCandidate);
  });
}

/**
 * Send the stream's camera and microphone tracks to the media server in ONE RTCPeerConnection;
 * `kinds` limits which ('audio' only: no video leaves the browser).
 * `onState(state)` follows the connection: signaling, new, connecting, connected,
 * disconnected, failed, closed. Returns {pc, peerId, close(), stopVideo()}; throws ApiError when
 * the offer is refused (401, 404, 409 finished, 503 at capacity, …).
 * `stopVideo()` stops sending the camera for good (the emotion consent was withdrawn): the video
 * sender's track is replaced by none, without renegotiating, so the microphone (and a voice answer
 * being recorded) carries on untouched. It never throws.
 */
export async function connectMedia({ sessionId, stream, kinds = ['video', 'audio'], onState = () => {} }) {
  const PeerConnection = globalThis.RTCPeerConnection;
  if (typeof PeerConnection !== 'function') {
    const err = new Error('WebRTC is not supported in this browser');
    err.code = 'unsupported';
    throw err;
  }
  const pc = new PeerConnection({ iceServers: iceServers() });
  let closed = false;
  const videoSenders = [];
  let videoStopped = false;
  const stopVideo = async () => {
    if (videoStopped) return;
    videoStopped = true;
    for (const sender of videoSenders.splice(0)) {
      try {
        if (typeof sender.replaceTrack === 'function') await sender.replaceTrack(null);
        else pc.removeTrack(sender);
      } catch (err) {
        // replaceTrack fails on a closed connection: removing the sender stops it as well.
        try {
          pc.removeTrack?.(sender);
        } catch {
          /* closed: nothing is sent anyway */
        }
        if (!closed) console.warn('[RTC] could not stop the video sender', err);
      }
    }
    console.log('[RTC] video no longer sent');
  };
  const close = () => {
    if (closed) return;
    closed = true;
    try {
      pc.close();
    } catch {
      /* ignore */
    }
    onState('closed');
  };
  try {
    pc.addEventListener('connectionstatechange', () => {
      console.log(`[RTC] connection ${pc.connectionState}`);
      if (!closed) onState(pc.connectionState);
    });
    pc.addEventListener('iceconnectionstatechange', () => console.log(`[RTC] ice ${pc.iceConnectionState}`));
    for (const track of stream.getTracks()) {
      if (!kinds.includes(track.kind)) continue;
      const sender = pc.addTrack(track, stream);
      if (track.kind === 'video' && sender) videoSenders.push(sender);
      console.log(`[RTC] sending ${track.kind} track`);
    }
    onState('signaling');
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    await iceGatheringComplete(pc);
    if (closed) return { pc, peerId: null, close, stopVideo };
    const answer = await sendMediaOffer({ sdp: pc.localDescription.sdp, type: 'offer', session_id: Number(sessionId) });
    if (closed) return { pc, peerId: null, close, stopVideo };
    await pc.setRemoteDescription({ type: answer.type, sdp: answer.sdp });
    console.log(`[RTC] answer received, peer ${answer.peer_id}`);
    onState(pc.connectionState || 'connecting');
    return { pc, peerId: answer.peer_id, close, stopVideo };
  } catch (err) {
    close();
    throw err;
  }
}
