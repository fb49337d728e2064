import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { henanGeo } from './henan-geo';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

// Run from the repository root: `npx vite build --config web/vite.config.ts` → web/dist.
export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react(), henanGeo()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    sourcemap: false,
    // two pages: the platform (index.html) and the light public verification page (verify.html)
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('index.html', import.meta.url)),
        verify: fileURLToPath(new URL('verify.html', import.meta.url)),
      },
    },
  },
  server: {
    port: 5173,
    // contract/ lives beside web/
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
  preview: { proxy: { '/api': { target: 'http://localhost:3000' } } },
});
