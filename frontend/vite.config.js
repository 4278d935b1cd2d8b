import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Dev-server proxy targets. They mirror nginx.conf: in Docker the gateway strips
// `/api` before forwarding to the FastAPI backend and `/media` before forwarding
// to the media server, so the dev proxy strips the same prefixes.
const API_TARGET = process.env.API_PROXY_TARGET || 'http://localhost:8000';
const MEDIA_TARGET = process.env.MEDIA_PROXY_TARGET || 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 3000,
    strictPort: false,
    proxy: {
      '/api': {
        target: API_TARGET,
        changeOrigin: true,
        rewrite: (path) => path.replace(/^\/api/, ''),
      },
      '/media': {
        target: MEDIA_TARGET,
        changeOrigin: true,
        ws: true,
        rewrite: (path) => path.replace(/^\/media/, ''),
      },
    },
  },
  preview: {
    port: 3000,
  },
  build: {
    outDir: 'dist',
    sourcemap: false,
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.js'],
    include: ['src/**/*.test.{js,jsx}'],
    css: false,
    restoreMocks: true,
    unstubGlobals: true,
  },
});
