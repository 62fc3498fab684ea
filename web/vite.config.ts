import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The web console: built by `npm run build:web` (from the project root) into web/dist, which the API server
 * serves under /console/. `npx vite --config web/vite.config.ts` runs a dev server that proxies the API to
 * http://localhost:4000 (or SOILSHARE_API).
 */
export default defineConfig({
  root: here,
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: true,
  },
  server: {
    proxy: Object.fromEntries(['/graphql', '/exports'].map((p) => [p, process.env.SOILSHARE_API ?? 'http://localhost:4000'])),
  },
});
