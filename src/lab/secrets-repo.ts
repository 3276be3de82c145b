// Builds the lab's source repository at lab start: real git history, made fresh, never committed anywhere.
import { execFile } from 'node:child_process'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** One commit: who made it and the files it writes (an empty string deletes nothing; files are whole). */
export interface RepoCommit {
  message: string
  author: string
  files: Record<string, string>
}

/** Creates `dir` as a git repository holding exactly these commits, a day apart, on branch main. */
export async function buildLabRepo(dir: string, commits: readonly RepoCommit[]): Promise<void> {
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  const base = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
  }
  const git = (args: string[], env: NodeJS.ProcessEnv = base): Promise<unknown> =>
    run('git', ['-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd: dir, env })
  await git(['init', '-q'])
  let day = Date.UTC(2026, 9, 1, 10, 0, 0) / 1000
  for (const commit of commits) {
    for (const [file, text] of Object.entries(commit.files)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true })
      await writeFile(path.join(dir, file), text)
    }
    await git(['add', '-A'])
    const [, name = 'Lab', email = 'lab@acme.test'] = /^(.*) <(.*)>$/.exec(commit.author) ?? []
    const when = `@${day} +0000`
    await git(['commit', '-q', '-m', commit.message], {
      ...base,
      GIT_AUTHOR_NAME: name,
      GIT_AUTHOR_EMAIL: email,
      GIT_COMMITTER_NAME: name,
      GIT_COMMITTER_EMAIL: email,
      GIT_AUTHOR_DATE: when,
      GIT_COMMITTER_DATE: when,
    })
    day += 86_400
  }
}
