// electron-vite with our layout (DESIGN.md §1): main/, main/preload/ (CommonJS for the sandbox), renderer/,
// plus the web mode's bridge script. The theme CSS is generated here, at build time, from the PDF's own tokens
// (src/report/pdf/theme.ts): one set of tokens for the app and the pack, and no <style> injected at run time.
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import {
  BAR_BADGE,
  COLOURS,
  DELIVERABLE_BADGE,
  PRIORITY_BADGE,
  SEVERITY_BADGE,
  STATUS_BADGE,
  TARGET_BADGE,
  VERDICT,
  type BadgeStyle,
} from './src/report/pdf/theme'
import { DARK_COLOURS, DARK_OTHER, DARK_SEVERITY, DARK_STATUS, DARK_VERDICT } from './renderer/theme/dark'

const THEME_ID = 'virtual:handover-theme.css'

const slug = (s: string): string => s.replace(/\s+/g, '-')

function badgeRule(name: string, b: Partial<BadgeStyle>): string {
  const border = b.stroke ?? b.fill
  return `.badge--${slug(name)}{background:${b.fill ?? 'transparent'};color:${b.text};border:1px ${b.dashed ? 'dashed' : 'solid'} ${border ?? 'transparent'}}`
}

/** The theme as CSS custom properties and badge classes, light (the PDF's values) and dark. */
export function themeCss(): string {
  const families: [string, Readonly<Record<string, BadgeStyle>>][] = [
    ['severity', SEVERITY_BADGE],
    ['status', STATUS_BADGE],
    ['bar', BAR_BADGE],
    ['target', TARGET_BADGE],
    ['priority', PRIORITY_BADGE],
    ['deliverable', DELIVERABLE_BADGE],
  ]
  const vars = (c: Record<string, string>): string =>
    Object.entries(c)
      .map(([k, v]) => `--${k}:${v}`)
      .join(';')
  const light = families.flatMap(([f, map]) => Object.entries(map).map(([k, b]) => badgeRule(`${f}-${k}`, b)))
  const darkOverrides: Record<string, Partial<BadgeStyle>> = {
    ...Object.fromEntries(Object.entries(DARK_SEVERITY).map(([k, v]) => [`severity-${k}`, v])),
    ...Object.fromEntries(Object.entries(DARK_STATUS).map(([k, v]) => [`status-${k}`, v])),
    ...DARK_OTHER,
  }
  const dark = families.flatMap(([f, map]) =>
    Object.entries(map).map(([k, b]) => {
      const o = darkOverrides[slug(`${f}-${k}`)] ?? {}
      return `[data-theme=dark] ${badgeRule(`${f}-${k}`, { ...b, ...o })}`
    }),
  )
  return [
    `:root{${vars(COLOURS)};--verdict-ready:${VERDICT.ready.fill};--verdict-not-ready:${VERDICT.notReady.fill}}`,
    `[data-theme=dark]{${vars(DARK_COLOURS)};--verdict-ready:${DARK_VERDICT.ready};--verdict-not-ready:${DARK_VERDICT.notReady}}`,
    ...light,
    ...dark,
    // Forced colours drop fills: every badge keeps a real border and its text.
    '@media (forced-colors: active){.badge{border:1px solid CanvasText!important;forced-color-adjust:none;background:Canvas!important;color:CanvasText!important}}',
  ].join('\n')
}

function themePlugin(): Plugin {
  return {
    name: 'handover-theme',
    resolveId: (id: string) => (id === THEME_ID ? `\0${THEME_ID}` : undefined),
    load: (id: string) => (id === `\0${THEME_ID}` ? themeCss() : undefined),
  }
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      lib: { entry: resolve('main/index.ts') },
      // Native and large engine dependencies load from node_modules at run time.
      rollupOptions: { external: ['@napi-rs/keyring', 'pdfkit', 'node-forge', 'dns-packet', 'fontkit'] },
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
    // Relative URLs: the desktop app loads the renderer from file://.
    base: './',
    plugins: [themePlugin()],
    build: {
      outDir: resolve('out/renderer'),
      minify: true,
      rollupOptions: {
        // Ariakit marks its modules "use client" for React Server Components; there is no server here.
        onwarn(warning, warn) {
          if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning)
        },
        input: { index: resolve('renderer/index.html'), bridge: resolve('main/web/client.ts') },
        // The web bridge keeps a fixed name: the web server loads it before the app.
        output: {
          entryFileNames: (chunk) => (chunk.name === 'bridge' ? 'bridge.js' : 'assets/[name]-[hash].js'),
        },
      },
    },
  },
})
