// electron-vite with our layout (DESIGN.md §1): main/, main/preload/ (CommonJS for the sandbox), renderer/.
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      lib: { entry: resolve('main/index.ts') },
      // Native and large engine dependencies load from node_modules at run time.
      rollupOptions: { external: ['@napi-rs/keyring', 'pdfkit', 'node-forge', 'dns-packet'] },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      lib: { entry: resolve('main/preload/index.ts'), formats: ['cjs'] },
      rollupOptions: { output: { entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: 'renderer',
    build: { outDir: resolve('out/renderer'), rollupOptions: { input: resolve('renderer/index.html') } },
  },
})
