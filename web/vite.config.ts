// Vite config of the web app: root is web/, output web/dist, served by the Signalbox server at /.
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import { fileURLToPath } from 'node:url'

const webRoot = fileURLToPath(new URL('.', import.meta.url))

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: {
    // `npx vite --config web/vite.config.ts` during development talks to a running `npm start` on :3000.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
})
