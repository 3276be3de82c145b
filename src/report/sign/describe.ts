// The verdict in plain words, as `handover verify` prints it: who signed, when, whether the document changed
// since, and whether the signer is trusted on this computer.
import { formatFingerprint } from './certificate'
import type { VerifyReport, VerifyStatus } from './verify'

function when(iso: string): string {
  return `${iso.slice(0, 10)} at ${iso.slice(11, 16)} UTC`
}

/** Plain-words lines for the CLI: who signed, when, whether the document changed, whether the signer is trusted. */
export function describeVerification(report: VerifyReport): string[] {
  if (report.status === 'unsigned') return ['Not signed: ' + report.reasons.map((r) => r.message).join(' ')]
  const lines: string[] = []
  const verdict: Record<Exclude<VerifyStatus, 'unsigned'>, string> = {
    valid: 'Signature valid.',
    invalid: 'Signature NOT valid.',
    tampered: 'Document CHANGED after signing: the signature no longer vouches for what you see.',
  }
  lines.push(verdict[report.status])
  if (report.signer) {
    const who = report.signer.email ? `${report.signer.name} <${report.signer.email}>` : report.signer.name
    lines.push(`Signed by ${who}${report.signer.organization ? ` (${report.signer.organization})` : ''}.`)
  }
  if (report.signedAt)
    lines.push(`Signed on ${when(report.signedAt)}, by the signer's own clock (no timestamp authority).`)
  if (report.status === 'valid')
    lines.push('The document has not changed since it was signed: the signature covers the whole file.')
  for (const reason of report.reasons) lines.push(`- ${reason.message}`)
  const root = report.chain[report.chain.length - 1]
  if (report.trust === 'trusted')
    lines.push(`The signer is trusted: the certificate chains to your trusted root "${root?.subject}".`)
  else if (report.trust === 'known-identity')
    lines.push(`The signer is a known identity on this computer ("${root?.subject}").`)
  else if (root) {
    lines.push(
      `The signer is not trusted on this computer: anyone can make a certificate with any name. Compare the root "${root.subject}" fingerprint with the one the signer gave you:`,
      `  SHA-256 ${formatFingerprint(root.fingerprintSha256)}`,
    )
  }
  if (report.signatures.length > 1)
    lines.push(`The document carries ${report.signatures.length} signatures; the latest is described.`)
  return lines
}
