// Live updates for one interview session: server-sent events, with polling as the fallback.
//
// Events are hints that something changed (the database stays the truth), so every event
// simply makes the page reload what it shows. When the stream cannot be opened or fails,
// the page polls every `pollMs` instead; while the stream is live and the page is waiting
// for something (`waiting`), it still polls now and then in case a hint was lost.
import { useEffect, useRef, useState } from 'react';
import { openSessionEvents } from './api.js';

export const POLL_MS = 2000;
export const SAFETY_POLL_MS = 15000;

/**
 * @param {string|number} sessionId
 * @param {object} options
 * @param {(type: string, data: any) => void} [options.onEvent]  Each server-sent event.
 * @param {() => void} [options.onPoll]  Reload what the page shows (polling).
 * @param {boolean} [options.enabled=true]  Off once nothing more can change.
 * @param {boolean} [options.waiting=false]  Something is expected soon (poll now and then even when live).
 * @returns {'connecting'|'live'|'polling'|'off'} how updates arrive now
 */
export function useSessionEvents(sessionId, { onEvent, onPoll, enabled = true, waiting = false, pollMs = POLL_MS } = {}) {
  const [transport, setTransport] = useState(enabled ? 'connecting' : 'off');
  const handlers = useRef({ onEvent, onPoll });
  handlers.current = { onEvent, onPoll };

  useEffect(() => {
    if (!enabled || sessionId == null) {
      setTransport('off');
      return undefined;
    }
    let stream = null;
    let disposed = false;
    const fallBack = () => {
      if (disposed) return;
      stream?.close();
      stream = null;
      setTransport('polling');
      // Whatever happened while the stream was failing is picked up at once.
      handlers.current.onPoll?.();
    };
    setTransport('connecting');
    stream = openSessionEvents(sessionId, {
      onOpen: () => !disposed && setTransport('live'),
      onEvent: (type, data) => {
        if (disposed) return;
        setTransport('live');
        handlers.current.onEvent?.(type, data);
      },
      onError: fallBack,
    });
    if (!stream) setTransport('polling');
    return () => {
      disposed = true;
      stream?.close();
    };
  }, [sessionId, enabled]);

  const interval = transport === 'polling' ? pollMs : transport === 'live' && waiting ? SAFETY_POLL_MS : null;
  useEffect(() => {
    if (!enabled || interval == null) return undefined;
    const timer = setInterval(() => handlers.current.onPoll?.(), interval);
    return () => clearInterval(timer);
  }, [enabled, interval]);

  return enabled ? transport : 'off';
}
