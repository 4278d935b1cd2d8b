// Fakes for the browser media APIs the interview uses (jsdom has none of them):
// getUserMedia, MediaStream, AudioContext (AnalyserNode), RTCPeerConnection and EventSource.
import { act } from '@testing-library/react';
import { vi } from 'vitest';

let trackIds = 0;

export class FakeTrack {
  constructor(kind) {
    this.kind = kind;
    this.id = `${kind}-${(trackIds += 1)}`;
    this.readyState = 'live';
    this.enabled = true;
  }

  stop() {
    this.readyState = 'ended';
  }
}

export class FakeMediaStream {
  constructor(tracks = []) {
    this.tracks = [...tracks];
    this.id = `stream-${(trackIds += 1)}`;
  }

  getTracks() {
    return [...this.tracks];
  }

  getVideoTracks() {
    return this.tracks.filter((t) => t.kind === 'video');
  }

  getAudioTracks() {
    return this.tracks.filter((t) => t.kind === 'audio');
  }

  addTrack(track) {
    this.tracks.push(track);
  }
}

function domError(name) {
  const err = new Error(name);
  err.name = name;
  return err;
}

/**
 * Install navigator.mediaDevices.getUserMedia. `video` / `audio`: true (granted), or the
 * DOMException name it fails with ('NotAllowedError', 'NotFoundError', …).
 * Returns the vi.fn, with `.streams` (every stream handed out).
 */
export function fakeDevices({ video = true, audio = true } = {}) {
  const streams = [];
  const getUserMedia = vi.fn(async (constraints) => {
    const wants = { video: Boolean(constraints?.video), audio: Boolean(constraints?.audio) };
    const answers = { video, audio };
    for (const kind of ['video', 'audio']) {
      if (wants[kind] && answers[kind] !== true) throw domError(answers[kind]);
    }
    const stream = new FakeMediaStream(['video', 'audio'].filter((k) => wants[k]).map((k) => new FakeTrack(k)));
    streams.push(stream);
    return stream;
  });
  getUserMedia.streams = streams;
  Object.defineProperty(window.navigator, 'mediaDevices', {
    value: { getUserMedia },
    configurable: true,
    writable: true,
  });
  vi.stubGlobal('MediaStream', FakeMediaStream);
  return getUserMedia;
}

/** AudioContext whose AnalyserNode hears a steady tone (so the level meter moves). */
export function fakeAudio({ amplitude = 40 } = {}) {
  const contexts = [];
  class FakeAudioContext {
    constructor() {
      this.state = 'running';
      this.closed = false;
      contexts.push(this);
    }

    createMediaStreamSource(stream) {
      return { stream, connect: vi.fn(), disconnect: vi.fn() };
    }

    createAnalyser() {
      return {
        fftSize: 2048,
        getByteTimeDomainData(arr) {
          for (let i = 0; i < arr.length; i += 1) arr[i] = 128 + (i % 2 ? amplitude : -amplitude);
        },
      };
    }

    resume() {
      this.state = 'running';
      return Promise.resolve();
    }

    close() {
      this.closed = true;
      this.state = 'closed';
      return Promise.resolve();
    }
  }
  vi.stubGlobal('AudioContext', FakeAudioContext);
  return contexts;
}

/**
 * RTCPeerConnection: ICE gathering completes right after setLocalDescription; the connection
 * becomes `connected` after setRemoteDescription (unless `connect: false`).
 * Returns the list of created connections.
 */
export function fakePeerConnection({ connect = true } = {}) {
  const peers = [];
  class FakeRTCPeerConnection extends EventTarget {
    constructor(config) {
      super();
      this.config = config;
      this.senders = [];
      this.iceGatheringState = 'new';
      this.connectionState = 'new';
      this.iceConnectionState = 'new';
      this.localDescription = null;
      this.remoteDescription = null;
      this.closed = false;
      peers.push(this);
    }

    addTrack(track, stream) {
      const sender = {
        track,
        stream,
        // RTCRtpSender.replaceTrack: no renegotiation; `null` stops sending that track.
        replaceTrack: vi.fn(async (next) => {
          if (this.closed) throw domError('InvalidStateError');
          sender.track = next;
        }),
      };
      this.senders.push(sender);
      return sender;
    }

    getSenders() {
      return [...this.senders];
    }

    removeTrack(sender) {
      sender.track = null;
      sender.removed = true;
    }

    async createOffer() {
      return { type: 'offer', sdp: `v=0\r\nm=${this.senders.map((s) => s.track.kind).join(',')}\r\n` };
    }

    async setLocalDescription(desc) {
      this.localDescription = { ...desc };
      this.iceGatheringState = 'gathering';
      setTimeout(() => {
        this.localDescription = { ...desc, sdp: `${desc.sdp}a=candidate:1 1 udp 1 127.0.0.1 9 typ host\r\n` };
        this.iceGatheringState = 'complete';
        this.dispatchEvent(new Event('icegatheringstatechange'));
      }, 0);
    }

    async setRemoteDescription(desc) {
      this.remoteDescription = desc;
      this.setConnectionState('connecting');
      if (connect) setTimeout(() => this.setConnectionState('connected'), 0);
    }

    setConnectionState(state) {
      if (this.closed && state !== 'closed') return;
      this.connectionState = state;
      this.dispatchEvent(new Event('connectionstatechange'));
    }

    close() {
      this.closed = true;
      this.connectionState = 'closed';
    }
  }
  vi.stubGlobal('RTCPeerConnection', FakeRTCPeerConnection);
  return peers;
}

/** EventSource: tests open, emit to and fail the streams the app opened. */
export function fakeEventSource() {
  const instances = [];
  class FakeEventSource {
    constructor(url) {
      this.url = url;
      this.readyState = 0;
      this.closed = false;
      this.listeners = {};
      this.onopen = null;
      this.onerror = null;
      instances.push(this);
    }

    addEventListener(type, fn) {
      (this.listeners[type] ||= new Set()).add(fn);
    }

    removeEventListener(type, fn) {
      this.listeners[type]?.delete(fn);
    }

    close() {
      this.readyState = 2;
      this.closed = true;
    }

    open() {
      act(() => {
        this.readyState = 1;
        this.onopen?.({});
      });
    }

    emit(type, data) {
      act(() => {
        for (const fn of this.listeners[type] || []) fn({ type, data: JSON.stringify(data) });
      });
    }

    fail() {
      act(() => {
        this.onerror?.({});
      });
    }
  }
  vi.stubGlobal('EventSource', FakeEventSource);
  instances.latest = () => instances.filter((i) => !i.closed).at(-1);
  return instances;
}

/** Everything at once: a browser with a camera, a microphone, WebRTC and EventSource. */
export function fakeBrowser({ video = true, audio = true, connect = true } = {}) {
  return {
    getUserMedia: fakeDevices({ video, audio }),
    audioContexts: fakeAudio(),
    peers: fakePeerConnection({ connect }),
    sources: fakeEventSource(),
  };
}
