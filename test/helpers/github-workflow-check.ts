// Validates a GitHub Actions workflow with GitHub's own parser (@actions/workflow-parser, the Actions language
// service's schema) and prints the errors as JSON. Run in a child process under tsx: the parser imports its
// schema JSON without an import attribute, which Node refuses and tsx's loader accepts.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser'

const file = process.argv[2]
if (!file) throw new Error('usage: github-workflow-check.ts FILE')
const parsed = parseWorkflow(
  { name: path.basename(file), content: readFileSync(file, 'utf8') },
  new NoOperationTraceWriter(),
)
process.stdout.write(JSON.stringify(parsed.context.errors.getErrors().map((e) => e.message)))
