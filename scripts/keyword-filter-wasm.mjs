// Compiles src/secrets/keyword-filter.wat into src/secrets/keyword-filter-wasm.ts (the bytes as base64), so the
// engine loads it with no file access and any bundler keeps it. Run after editing the .wat:
//   node scripts/keyword-filter-wasm.mjs
import { readFileSync, writeFileSync } from 'node:fs'
import wabtInit from 'wabt'

const root = new URL('..', import.meta.url)
const watPath = new URL('src/secrets/keyword-filter.wat', root)
const wabt = await wabtInit()
const module = wabt.parseWat('keyword-filter.wat', readFileSync(watPath, 'utf8'))
const { buffer } = module.toBinary({})
module.destroy()
const base64 = Buffer.from(buffer).toString('base64')
writeFileSync(
  new URL('src/secrets/keyword-filter-wasm.ts', root),
  `// Generated from keyword-filter.wat by scripts/keyword-filter-wasm.mjs: do not edit.\n/** The keyword pre-filter as WebAssembly bytes, base64. */\nexport const KEYWORD_FILTER_WASM =\n  '${base64}'\n`,
)
console.log(`keyword-filter.wasm: ${buffer.length} bytes`)
