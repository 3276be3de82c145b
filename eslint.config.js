// Lint: TypeScript rules plus the layout boundaries of DESIGN.md §1, enforced rather than hoped for.
import tseslint from 'typescript-eslint'

const uiModules = ['electron', 'electron/*', 'react', 'react/*', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*']

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
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: uiModules, message: 'src/ is the engine: it must not import electron or react (DESIGN.md §1).' },
            { group: ['**/main/**', '**/renderer/**', '../main', '../renderer'], message: 'src/ must not import main/ or renderer/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*', 'node:*'], message: 'The renderer talks to the engine through the preload API only.' },
            { group: ['**/main/**'], message: 'The renderer must not import main/.' },
          ],
        },
      ],
    },
  },
)
