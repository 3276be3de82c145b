// A local ESLint rule: every exported declaration carries a `/** … */` doc comment (STYLE.md, "Our conventions").
// Kept local because the rule is ten lines and the jsdoc plugin's releases need a newer Node than ours.

/** Reports an exported declaration without a leading doc comment, naming the symbol. */
export const requireExportDoc = {
  meta: {
    type: 'suggestion',
    docs: { description: 'exported symbols get a one-line doc comment' },
    schema: [],
    messages: { missing: 'Exported {{name}} has no doc comment (/** one line: what it is */).' },
  },
  create(context) {
    const source = context.sourceCode
    const hasDoc = (node) =>
      source.getCommentsBefore(node).some((c) => c.type === 'Block' && c.value.startsWith('*'))
    const nameOf = (d) => {
      if (d.id?.name) return d.id.name
      if (d.type === 'VariableDeclaration') return d.declarations.map((v) => v.id.name ?? '…').join(', ')
      return 'declaration'
    }
    return {
      ExportNamedDeclaration(node) {
        if (!node.declaration) return
        if (hasDoc(node)) return
        context.report({ node, messageId: 'missing', data: { name: nameOf(node.declaration) } })
      },
      ExportDefaultDeclaration(node) {
        if (hasDoc(node)) return
        context.report({ node, messageId: 'missing', data: { name: 'default export' } })
      },
    }
  },
}

/** The plugin object the flat config registers as `handover`. */
export default { rules: { 'require-export-doc': requireExportDoc } }
