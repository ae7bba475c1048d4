// The console's build: Vue single-file components in TypeScript, bundled by
// Vite into index.html and hashed files under assets/ (served immutable).
// Nothing is inlined into index.html as a script or a style: the server's
// Content-Security-Policy allows neither (connectors/http/console_routes.cc).
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
  base: '/',
  build: {
    target: 'es2020',
    // No data: URIs for fonts or images beyond what the CSP allows (img-src data:).
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
    modulePreload: { polyfill: false },
    rollupOptions: {
      output: {
        manualChunks: {
          vue: ['vue', 'vue-router'],
          'element-plus': ['element-plus'],
        },
      },
    },
  },
})
