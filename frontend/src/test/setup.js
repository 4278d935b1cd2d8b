import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';

// recharts' ResponsiveContainer watches its size; jsdom has no ResizeObserver and lays nothing
// out, so every observed element reports a fixed 640 × 260 (charts then render their SVG).
globalThis.ResizeObserver = class {
  constructor(callback) {
    this.callback = callback;
  }

  observe(target) {
    const contentRect = { width: 640, height: 260, top: 0, left: 0, right: 640, bottom: 260, x: 0, y: 0 };
    queueMicrotask(() => this.callback([{ target, contentRect }], this));
  }

  unobserve() {}

  disconnect() {}
};

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
