// The pre-deploy gate as a CI file (`handover ci init`): one job per engagement folder through the CI's own
// matrix; install, audit (passive + the engagement's ci.active families), export, fail on a regression.
import { envNameFor, type EnvMapping } from '../keychain/env-credentials'
import { toYaml, type YamlValue } from './yaml'

/** The CI systems the gate is written for. */
export type CiProvider = 'github' | 'gitlab'

/** Every CI system the gate can be written for. */
export const CI_PROVIDERS: readonly CiProvider[] = ['github', 'gitlab']

/** One engagement folder the gate audits. */
export interface GateTarget {
  /** Folder relative to the repository root, with forward slashes (`.` for the root itself). */
  dir: string
  /** Short unique name: the matrix label, the output folder, the CI environment holding its secrets. */
  slug: string
  /** The keychain names its engagement references, each read from one environment variable. */
  credentials: EnvMapping[]
}

/** What the written gate needs: how to install handover, the Node.js version, and the engagements it audits. */
export interface GateOptions {
  /** What `npm install --global` installs: a registry spec, a git URL or a tarball URL. */
  install: string
  /** Node.js major version for the job. */
  node: string
  /** Handover's own version, named in the header. */
  version: string
  targets: readonly GateTarget[]
}

/** Where each provider reads its file, relative to the repository root. */
export const WORKFLOW_FILE: Record<CiProvider, string> = {
  github: '.github/workflows/handover.yml',
  gitlab: '.gitlab-ci.yml',
}

/** The mapping for one engagement's keychain names: `HANDOVER_ACME_ALICE=acme-alice`. */
export function credentialMapping(names: readonly string[]): EnvMapping[] {
  return [...new Set(names)].sort().map((name) => ({ env: envNameFor(name), name }))
}

const mappingText = (m: readonly EnvMapping[]): string => m.map((p) => `${p.env}=${p.name}`).join(',')

/** The commands of one job, in order, reading only shell variables the job sets. */
export const GATE_COMMANDS = {
  install: 'npm install --global --no-audit --no-fund "$HANDOVER_PACKAGE"',
  audit: [
    'mkdir -p "$HANDOVER_OUT"',
    'handover audit "$HANDOVER_DIR" --ci --quiet --fail-on none \\',
    '  --credentials-from-env "$HANDOVER_CREDENTIALS" \\',
    '  --sarif "$HANDOVER_OUT/handover.sarif" --junit "$HANDOVER_OUT/junit.xml" --json "$HANDOVER_OUT/run.json"',
  ].join('\n'),
  diff: 'handover diff "$HANDOVER_DIR" --from baseline --to latest --json "$HANDOVER_OUT/diff.json"',
} as const

function header(provider: CiProvider, options: GateOptions): string[] {
  const secrets = [...new Set(options.targets.flatMap((t) => t.credentials.map((c) => c.env)))]
  return [
    `Handover pre-deploy gate, written by \`handover ci init --provider ${provider}\` (Handover ${options.version}).`,
    'One job per engagement folder. Each job installs Handover, audits the committed engagement (passive',
    "checks, plus active families only when the engagement's ci.active lists them), keeps the reports and",
    'fails when `handover diff` finds a regression against the committed baseline.',
    '',
    'Credentials: every keychain:NAME an engagement references is read from the environment variable',
    'HANDOVER_<NAME> by --credentials-from-env; values stay in memory and are never written to disk.',
    provider === 'github'
      ? 'Store them as secrets of the environment handover-<folder> (Settings > Environments).'
      : 'Store them as masked CI/CD variables scoped to the environment handover/<folder>.',
    secrets.length > 0 ? `Variables used: ${secrets.join(', ')}.` : 'No engagement references a credential.',
  ]
}

/** The GitHub Actions workflow. */
export function githubWorkflow(options: GateOptions): string {
  const secrets = [...new Set(options.targets.flatMap((t) => t.credentials.map((c) => c.env)))].sort()
  const workflow: YamlValue = {
    name: 'Handover pre-deploy gate',
    on: {
      pull_request: {},
      push: { branches: ['main'] },
      workflow_dispatch: {},
    },
    permissions: { contents: 'read', 'security-events': 'write' },
    jobs: {
      audit: {
        name: 'Handover audit (${{ matrix.slug }})',
        'runs-on': 'ubuntu-latest',
        'timeout-minutes': 30,
        strategy: {
          'fail-fast': false,
          matrix: {
            include: options.targets.map((t) => ({
              slug: t.slug,
              dir: t.dir,
              credentials: mappingText(t.credentials),
            })),
          },
        },
        // Each engagement's secrets live in its own environment: a job sees only its own client's values.
        environment: 'handover-${{ matrix.slug }}',
        env: {
          HANDOVER_PACKAGE: options.install,
          HANDOVER_DIR: '${{ matrix.dir }}',
          HANDOVER_CREDENTIALS: '${{ matrix.credentials }}',
          HANDOVER_OUT: 'handover-out/${{ matrix.slug }}',
          // The runner image ships Google Chrome rather than Debian's chromium.
          HANDOVER_CHROMIUM: '/usr/bin/google-chrome',
          ...Object.fromEntries(secrets.map((s) => [s, `\${{ secrets.${s} }}`])),
        },
        steps: [
          { uses: 'actions/checkout@v4' },
          { uses: 'actions/setup-node@v4', with: { 'node-version': options.node } },
          { name: 'Install Handover', run: GATE_COMMANDS.install },
          { name: 'Audit the engagement', run: `${GATE_COMMANDS.audit}\n` },
          { name: 'Fail on a regression against the baseline', run: GATE_COMMANDS.diff },
          {
            name: 'Upload SARIF to code scanning',
            if: "${{ !cancelled() && hashFiles(format('{0}/handover.sarif', env.HANDOVER_OUT)) != '' }}",
            uses: 'github/codeql-action/upload-sarif@v3',
            with: {
              sarif_file: '${{ env.HANDOVER_OUT }}/handover.sarif',
              category: 'handover-${{ matrix.slug }}',
            },
          },
          {
            name: 'Keep the reports',
            if: '${{ !cancelled() }}',
            uses: 'actions/upload-artifact@v4',
            with: {
              name: 'handover-${{ matrix.slug }}',
              path: '${{ env.HANDOVER_OUT }}',
              'if-no-files-found': 'ignore',
            },
          },
        ],
      },
    },
  }
  return toYaml(workflow, header('github', options))
}

/** The GitLab CI pipeline. */
export function gitlabPipeline(options: GateOptions): string {
  const pipeline: YamlValue = {
    stages: ['audit'],
    'handover-audit': {
      stage: 'audit',
      image: `node:${options.node}-bookworm`,
      rules: [
        { if: '$CI_PIPELINE_SOURCE == "merge_request_event"' },
        { if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' },
        { if: '$CI_PIPELINE_SOURCE == "web"' },
      ],
      parallel: {
        matrix: options.targets.map((t) => ({
          HANDOVER_SLUG: t.slug,
          HANDOVER_DIR: t.dir,
          HANDOVER_CREDENTIALS: mappingText(t.credentials),
        })),
      },
      // Environment-scoped variables: a job sees only its own client's values. `verify` is not a deployment.
      environment: { name: 'handover/$HANDOVER_SLUG', action: 'verify' },
      variables: { HANDOVER_PACKAGE: options.install },
      before_script: ['export HANDOVER_OUT="handover-out/$HANDOVER_SLUG"', GATE_COMMANDS.install],
      script: [GATE_COMMANDS.audit, GATE_COMMANDS.diff],
      artifacts: {
        when: 'always',
        expire_in: '30 days',
        paths: ['handover-out/'],
        reports: { junit: 'handover-out/*/junit.xml' },
      },
    },
  }
  return toYaml(pipeline, header('gitlab', options))
}

/** The file for a provider. */
export function gateFile(provider: CiProvider, options: GateOptions): string {
  return provider === 'github' ? githubWorkflow(options) : gitlabPipeline(options)
}
