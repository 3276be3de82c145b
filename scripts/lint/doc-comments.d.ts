// Types for the local ESLint rule (doc-comments.js stays JavaScript: eslint.config.js loads it without a build).
import type { ESLint, Rule } from 'eslint'

/** Reports an exported declaration without a leading doc comment. */
export declare const requireExportDoc: Rule.RuleModule
/** The plugin object the flat config registers as `handover`. */
declare const plugin: ESLint.Plugin
export default plugin
