import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

// The server hosts the built files; `npm run dev` proxies the API to a local `hangar serve`.
const server = process.env.HANGAR_URL ?? 'http://localhost:8080'

export default defineConfig({
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
  server: { proxy: { '/api/': server, '/v1/': server } },
  // `npx vite preview` serves the built files the same way, to measure what users get.
  preview: { proxy: { '/api/': server, '/v1/': server } },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
})
