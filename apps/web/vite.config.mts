import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const workspace = fileURLToPath(new URL('../..', import.meta.url));
const apiTarget = process.env['PLUMBLINE_API_URL'] ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  plugins: [react()],
  resolve: {
    alias: {
      '@plumbline/api-client': `${workspace}/libs/api-client/src/index.ts`,
    },
  },
  server: {
    port: 4200,
    proxy: { '/api': apiTarget, '/health': apiTarget },
  },
  build: {
    outDir: `${workspace}/dist/apps/web`,
    emptyOutDir: true,
    sourcemap: true,
  },
});
