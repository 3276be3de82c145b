// Lint: TypeScript rules plus the layout boundaries of DESIGN.md §1, enforced rather than hoped for.
import tseslint from 'typescript-eslint'
import handover from './scripts/lint/doc-comments.js'

const uiModules = [
  'electron',
  'electron/*',
  'react',
  'react/*',
  'react-dom',
  'react-dom/*',
  'zustand',
  'zustand/*',
]

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'coverage/**', 'bench/.peers/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // STYLE.md: exported symbols get a one-line doc comment. Enforced for the engine's and the main process's
    // modules; a secret rule's own `description` field documents it, so src/secrets/rules/ is left out.
    files: ['src/**/*.ts', 'main/**/*.ts'],
    ignores: ['src/secrets/rules/**', '**/*.d.ts'],
    plugins: { handover },
    rules: { 'handover/require-export-doc': 'error' },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: uiModules,
              message: 'src/ is the engine: it must not import electron or react (DESIGN.md §1).',
            },
            {
              group: ['**/main/**', '**/renderer/**', '../main', '../renderer'],
              message: 'src/ must not import main/ or renderer/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*', 'node:*'],
              message: 'The renderer talks to the engine through the preload API only.',
            },
            {
              group: ['**/main/**', '**/main', '**/src/**'],
              allowTypeImports: true,
              message: 'The renderer may import only types from main/ and src/ (DESIGN.md §1).',
            },
          ],
        },
      ],
    },
  },
  {
    // Only the two IPC wrappers touch ipcMain / ipcRenderer (STYLE.md, after GitHub Desktop).
    files: ['main/**/*.ts'],
    ignores: ['main/ipc.ts', 'main/preload/index.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportSpecifier[imported.name=/^ipc(Main|Renderer)$/]',
          message: 'Use the typed wrappers in main/ipc.ts and main/preload/.',
        },
      ],
    },
  },
  {
    // The network is touched in one place (STYLE.md): probes and checks go through src/network/.
    files: ['src/**/*.ts'],
    ignores: ['src/network/**', 'src/lab/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: uiModules,
              message: 'src/ is the engine: it must not import electron or react (DESIGN.md §1).',
            },
            {
              group: ['**/main/**', '**/renderer/**', '../main', '../renderer'],
              message: 'src/ must not import main/ or renderer/.',
            },
            {
              group: ['node:tls', 'node:http', 'node:https', 'node:dgram', 'undici', 'playwright-core'],
              message: 'Only src/network/ opens connections (scope, limits, transcripts).',
            },
            {
              group: ['**/network/dns/*'],
              message:
                'The raw DNS client is private to src/network/: ask through Network.dns (budget, rate, transcript).',
            },
          ],
          paths: [
            {
              name: 'node:net',
              importNames: ['default', 'connect', 'createConnection', 'createServer', 'Socket', 'Server'],
              message:
                'Only src/network/ opens connections; import the address helpers by name (isIP, isIPv4, isIPv6, BlockList).',
            },
          ],
        },
      ],
    },
  },
)
