import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';

// recharts' ResponsiveContainer watches its size; jsdom has no ResizeObserver.
if (!globalThis.ResizeObserver) {
  globalThis.ResizeObserver = class {
    observe() {}

    unobserve() {}

    disconnect() {}
  };
}

beforeEach(() => {
  window.localStorage.clear();
  // Keep the test output readable; tests that check logs inspect these spies.
  vi.spyOn(console, 'log').mockImplementation(() => {});
  vi.spyOn(console, 'debug').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

afterEach(() => {
  cleanup();
  window.localStorage.clear();
  // test/media.js may have given jsdom a camera and a microphone.
  delete window.navigator.mediaDevices;
});
