// A signing identity as the signer sees it: the public summary, the chain, and the P12 with its passphrase kept
// in private fields. Built from an opened P12; when an identity is created, loaded or imported is identity.ts's.
import { createHash } from 'node:crypto'
import forge from 'node-forge'
import { failure, ok, type Result } from '../../core/result'
import { certificatesFromPem, issuerDerOf, readCertificate } from './certificate'
import type { IdentityFiles } from './identity-store'
import { certDer, isSelfSigned, type OpenedP12 } from './p12'
import { ExactIssuerP12Signer } from './p12-signer'

/** The public parts of a signing identity, safe to show, log or send to the renderer. */
export interface IdentitySummary {
  name: string
  email: string | undefined
  /** Keychain entry holding the P12 passphrase. */
  credentialName: string
  p12File: string
  /** PEM file of the root certificate users can choose to trust, when the identity has one. */
  rootFile: string | undefined
  certificateFile: string
  /** SHA-256 of the signer certificate, hex. */
  fingerprint: string
  /** SHA-256 of the root certificate, hex, when the identity has one. */
  rootFingerprint: string | undefined
  notAfter: string
}

/**
 * A signing identity ready to sign. The passphrase and P12 stay in private fields so that serialising the
 * identity (JSON, IPC, logs) can only ever show the public summary.
 */
export class SigningIdentity {
  readonly #p12: Buffer
  readonly #passphrase: string

  /** Signer certificate first, then its issuers as bundled. */
  readonly chainPem: string[]

  constructor(
    readonly summary: IdentitySummary,
    chainPem: string[],
    p12: Buffer,
    passphrase: string,
  ) {
    this.chainPem = chainPem
    this.#p12 = p12
    this.#passphrase = passphrase
  }

  /** The signer certificate, PEM. */
  get certificatePem(): string {
    return this.chainPem[0]!
  }

  /** A @signpdf signer over this identity's P12; used only by signPdf. */
  signer(): ExactIssuerP12Signer {
    const cert = readCertificate(certificatesFromPem(this.certificatePem)[0]!)
    if (!cert) throw new Error('the identity holds an unreadable signer certificate')
    return new ExactIssuerP12Signer(this.#p12, this.#passphrase, issuerDerOf(cert))
  }

  toJSON(): IdentitySummary {
    return this.summary
  }
}

/** The identity an opened P12 holds, kept under `name` in `files`. */
export function toIdentity(
  name: string,
  files: IdentityFiles,
  opened: OpenedP12,
  p12: Buffer,
  passphrase: string,
): SigningIdentity {
  const [leaf] = opened.chain
  const top = opened.chain[opened.chain.length - 1]!
  const root = isSelfSigned(top) && top !== leaf ? top : undefined
  const emailField = leaf!.subject.getField({ name: 'emailAddress' }) as { value?: string } | null
  const summary: IdentitySummary = {
    name,
    email: emailField?.value,
    credentialName: files.credential,
    p12File: files.p12,
    rootFile: root ? files.root : undefined,
    certificateFile: files.cert,
    fingerprint: createHash('sha256').update(certDer(leaf!)).digest('hex'),
    rootFingerprint: root ? createHash('sha256').update(certDer(root)).digest('hex') : undefined,
    notAfter: leaf!.validity.notAfter.toISOString(),
  }
  return new SigningIdentity(
    summary,
    opened.chain.map((c) => forge.pki.certificateToPem(c)),
    p12,
    passphrase,
  )
}

/** Refuses a signer certificate that has expired or whose key usage forbids signing. */
export function checkUsable(leaf: forge.pki.Certificate, file: string, now: Date): Result<void> {
  if (leaf.validity.notAfter < now) {
    return failure(
      'IDENTITY_EXPIRED',
      `The signing certificate in ${file} expired on ${leaf.validity.notAfter.toISOString().slice(0, 10)}; import a new one.`,
    )
  }
  const usage = leaf.getExtension('keyUsage') as {
    digitalSignature?: boolean
    nonRepudiation?: boolean
  } | null
  if (usage && !usage.digitalSignature && !usage.nonRepudiation) {
    return failure(
      'IDENTITY_NOT_FOR_SIGNING',
      `The certificate in ${file} is not allowed to sign (key usage).`,
    )
  }
  return ok(undefined)
}
