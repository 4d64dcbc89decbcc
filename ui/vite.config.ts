// Vite builds the UI into ui/dist, which the Tauri shell serves (tauri.conf.json: frontendDist).
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  // Relative asset URLs: the page is served from tauri://localhost (or a file server in tests).
  base: './',
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WebKitGTK 2.4x (Linux), WKWebView (macOS) and WebView2 (Windows) all handle ES2022.
    target: 'es2022',
    sourcemap: false,
  },
});
