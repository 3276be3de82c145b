// A command that works on the workspace in DIR: its arguments are read and DIR opened before it runs.
import path from 'node:path'
import { Workspace } from '../store/workspace'
import { fail, parse, type Command, type Io, type OptionTable, type Parsed } from './io'

/** What a workspace command declares: its usage, as any command's, and what it does on the open workspace. */
interface WorkspaceCommandSpec<T extends OptionTable> extends Omit<Command, 'options' | 'run'> {
  options: T
  run(args: Parsed<T>, ws: Workspace, io: Io): Promise<number>
}

/** A command on the workspace in DIR (its first positional, default this folder); bad options or DIR are bad input. */
export function workspaceCommand<const T extends OptionTable>(spec: WorkspaceCommandSpec<T>): Command {
  const { run, ...usage } = spec
  return {
    ...usage,
    async run(argv, io) {
      const args = parse(spec.name, argv, spec.options)
      if (!args.ok) return fail(io, args.error.message)
      const ws = await Workspace.open(path.resolve(io.cwd, args.value.positionals[0] ?? '.'))
      if (!ws.ok) return fail(io, ws.error.message)
      return run(args.value, ws.value, io)
    },
  }
}
