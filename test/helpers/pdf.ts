// Helpers for signed-PDF tests: poppler's pdfsig, a fresh NSS database, byte ranges, incremental updates, and
// foreign signatures made by the openssl command line.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { SignPdf, Signer } from '@signpdf/signpdf'
import PDFDocument from 'pdfkit'
import { addSignaturePlaceholder } from '../../src/report/sign/sign'

/** pdfsig's report; it exits 0 for an invalid signature, so only its words count. */
export function pdfsig(file: string, nssDir: string): string {
  const run = spawnSync('pdfsig', ['-nssdir', `sql:${nssDir}`, file], { encoding: 'utf8', timeout: 10_000 })
  return `${run.stdout}${run.stderr}`
}

export function newNssDb(dir: string, rootPem?: string): string {
  mkdirSync(dir)
  execFileSync('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password'], { stdio: 'ignore' })
  if (rootPem) {
    const file = path.join(dir, 'root.pem')
    writeFileSync(file, rootPem)
    execFileSync(
      'certutil',
      ['-A', '-d', `sql:${dir}`, '-n', 'Handover signing root', '-t', 'CT,C,C', '-i', file],
      { stdio: 'ignore' },
    )
  }
  return dir
}

export function byteRangeOf(pdf: Buffer): [number, number, number, number] {
  const m = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/.exec(pdf.toString('latin1'))
  if (!m) throw new Error('no byte range')
  return [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])]
}

/**
 * Appends a real incremental update: a new content stream and a new version of page 1 pointing at it,
 * with its own xref section and a trailer whose /Prev links to the signed revision.
 */
export function appendTextUpdate(pdf: Buffer, text: string): Buffer {
  const s = pdf.toString('latin1')
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(s)![1])
  const trailer = s.slice(s.lastIndexOf('trailer'))
  const size = Number(/\/Size (\d+)/.exec(trailer)![1])
  const rootRef = /\/Root (\d+) 0 R/.exec(trailer)![1]!
  const info = /\/Info \d+ 0 R/.exec(trailer)?.[0] ?? ''
  const id = /\/ID \[[^\]]*\]/.exec(trailer)?.[0] ?? ''
  const body = (num: string): string =>
    new RegExp(`(?:^|[\\r\\n])${num} 0 obj\\s*([\\s\\S]*?)\\s*endobj`).exec(s)![1]!
  const pagesRef = /\/Pages (\d+) 0 R/.exec(body(rootRef))![1]!
  const pageRef = /\/Kids \[(\d+) 0 R/.exec(body(pagesRef))![1]!
  const page = body(pageRef)
  // A standard font of its own, so the new text extracts whatever fonts (and encodings) the page had.
  const content = `BT /HF 28 Tf 72 680 Td (${text}) Tj ET`
  const newPage = page
    .replace(/\/Contents \d+ 0 R/, `/Contents ${size} 0 R`)
    .replace(/\/Resources (\d+ 0 R|<<[\s\S]*?>>\s*>>)/, `/Resources << /Font << /HF ${size + 1} 0 R >> >>`)
  const objects = [
    {
      num: size,
      text: `${size} 0 obj\n<< /Length ${content.length} >>\nstream\n${content}\nendstream\nendobj\n`,
    },
    {
      num: size + 1,
      text: `${size + 1} 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n`,
    },
    { num: Number(pageRef), text: `${pageRef} 0 obj\n${newPage}\nendobj\n` },
  ].sort((a, b) => a.num - b.num)
  let update = '\n'
  const offsets = new Map<number, number>()
  for (const o of objects) {
    offsets.set(o.num, pdf.length + update.length)
    update += o.text
  }
  const xrefAt = pdf.length + update.length
  update += 'xref\n'
  for (const o of objects) update += `${o.num} 1\n${String(offsets.get(o.num)).padStart(10, '0')} 00000 n\r\n`
  update += `trailer\n<< /Size ${size + 2} /Root ${rootRef} 0 R ${info} ${id} /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`
  return Buffer.concat([pdf, Buffer.from(update, 'latin1')])
}

/** A self-signed certificate and key bundled by OpenSSL into `<dir>/<name>.p12`, as a consultant might already have. */
export function opensslP12(
  dir: string,
  name: string,
  subject: string,
  passphrase: string,
  extensions: string[] = [],
): string {
  const key = path.join(dir, `${name}.key.pem`)
  const cert = path.join(dir, `${name}.cert.pem`)
  const p12 = path.join(dir, `${name}.p12`)
  const ext = extensions.flatMap((e) => ['-addext', e])
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '30',
      '-subj',
      subject,
      ...ext,
    ],
    { stdio: 'ignore' },
  )
  execFileSync(
    'openssl',
    ['pkcs12', '-export', '-inkey', key, '-in', cert, '-out', p12, '-passout', `pass:${passphrase}`],
    { stdio: 'ignore' },
  )
  rmSync(key)
  return p12
}

/** A PDF of `pages` pages, with an empty signature field unless told otherwise (as the pack renderer leaves it). */
export async function testPdf(
  pages = 1,
  options: { placeholder?: boolean; title?: string; signer?: string } = {},
): Promise<Buffer> {
  const doc = new PDFDocument()
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const ended = new Promise((resolve) => doc.on('end', resolve))
  for (let i = 1; i <= pages; i++) {
    if (i > 1) doc.addPage()
    doc.fontSize(14).text(`${options.title ?? 'Handover pack'} — page ${i}`)
    doc.fontSize(10).text('Launch block list: empty. '.repeat(40))
  }
  if (options.placeholder ?? true) {
    const name = options.signer ?? 'Foreign Signer'
    addSignaturePlaceholder(doc, { name, reason: 'Handover pack', location: 'Remote' })
  }
  doc.end()
  await ended
  return Buffer.concat(chunks)
}

/** Fills a PDF's signature placeholder with the CMS `makeCms` returns for the signed bytes (@signpdf's plumbing). */
export async function signWithCms(pdf: Buffer, makeCms: (signed: Buffer) => Buffer): Promise<Buffer> {
  class ForeignSigner extends Signer {
    override async sign(signed: Buffer): Promise<Buffer> {
      return makeCms(signed)
    }
  }
  return new SignPdf().sign(pdf, new ForeignSigner())
}

/** The PDF with its signature value replaced (same placeholder, zero padding), e.g. by a tampered CMS. */
export function withCms(pdf: Buffer, cms: Buffer): Buffer {
  const [, gapStart, gapEnd] = byteRangeOf(pdf)
  const width = gapEnd - gapStart - 2
  const hex = cms.toString('hex')
  if (hex.length > width) throw new Error('the CMS does not fit the placeholder')
  return Buffer.concat([
    pdf.subarray(0, gapStart + 1),
    Buffer.from(hex.padEnd(width, '0'), 'latin1'),
    pdf.subarray(gapEnd - 1),
  ])
}

/** Key types `openssl genpkey` makes for the foreign fixtures. */
type KeyType = 'ec' | 'rsa' | 'ed25519'

/** A certificate and its key, as PEM files, with the certificate's text and the details it was made from. */
export interface Issued {
  cert: string
  key: string
  pem: string
  subject: string
  serial: number
  extensions: string[]
}

const KEY_OPTIONS: Record<KeyType, string[]> = {
  ec: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  rsa: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  ed25519: ['-algorithm', 'ED25519'],
}

/** Extensions of a CA made by OpenSslPki.ca. */
export const CA_EXTENSIONS = [
  'basicConstraints=critical,CA:TRUE',
  'keyUsage=critical,keyCertSign,cRLSign',
  'subjectKeyIdentifier=hash',
]

/** Extensions of a document signer, as a CA would issue one for S/MIME and PDF signing. */
export const SIGNER_EXTENSIONS = [
  'basicConstraints=critical,CA:FALSE',
  'keyUsage=critical,digitalSignature,nonRepudiation',
  'extendedKeyUsage=emailProtection',
  'subjectKeyIdentifier=hash',
  'authorityKeyIdentifier=keyid',
]

/** Options of `openssl cms -sign` used by the fixtures. */
export interface CmsOptions {
  md?: 'sha1' | 'sha256' | 'sha384' | 'sha512'
  /** Name the signer by subjectKeyIdentifier instead of issuer and serial. */
  keyid?: boolean
  /** RSASSA-PSS padding (RSA keys). */
  pss?: boolean
  /** Streaming: BER with indefinite lengths (OpenSSL then embeds the content). */
  stream?: boolean
  /** No signed attributes: the signature covers the content itself. */
  noattr?: boolean
  /** Extra certificates to carry, placed before the signer's. */
  certfile?: Issued[]
}

/** A throwaway PKI made by the openssl command line in `dir`: the foreign side of the verifier's tests. */
export class OpenSslPki {
  #serial = 0x1000

  constructor(readonly dir: string) {}

  #openssl(args: string[]): void {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] })
  }

  #file(name: string): string {
    return path.join(this.dir, name)
  }

  #certificate(
    name: string,
    subject: string,
    type: KeyType,
    extensions: string[],
    issuer: Issued | undefined,
    serial: number,
  ): Issued {
    const key = this.#file(`${name}.key.pem`)
    const csr = this.#file(`${name}.csr`)
    const cert = this.#file(`${name}.cert.pem`)
    const ext = this.#file(`${name}.ext`)
    this.#openssl(['genpkey', ...KEY_OPTIONS[type], '-out', key])
    this.#openssl(['req', '-new', '-key', key, '-subj', subject, '-out', csr])
    writeFileSync(ext, `${extensions.join('\n')}\n`)
    const signing = issuer ? ['-CA', issuer.cert, '-CAkey', issuer.key] : ['-signkey', key]
    this.#openssl([
      'x509',
      '-req',
      '-in',
      csr,
      ...signing,
      '-set_serial',
      String(serial),
      '-days',
      '30',
      '-extfile',
      ext,
      '-out',
      cert,
    ])
    return { cert, key, pem: readFileSync(cert, 'utf8'), subject, serial, extensions }
  }

  /** A self-signed CA. */
  ca(name: string, subject: string, extensions = CA_EXTENSIONS, type: KeyType = 'ec'): Issued {
    return this.#certificate(name, subject, type, extensions, undefined, this.#serial++)
  }

  /** A certificate issued by `issuer`; `serial` lets a forger copy another certificate's. */
  issue(
    name: string,
    subject: string,
    issuer: Issued,
    options: { type?: KeyType; extensions?: string[]; serial?: number } = {},
  ): Issued {
    const serial = options.serial ?? this.#serial++
    const type = options.type ?? 'ec'
    return this.#certificate(name, subject, type, options.extensions ?? SIGNER_EXTENSIONS, issuer, serial)
  }

  /** `openssl cms -sign` over `content`: a DER (or, streamed, BER) CMS SignedData. */
  cms(content: Buffer, signer: Issued, options: CmsOptions = {}): Buffer {
    const n = this.#serial++
    const input = this.#file(`content-${n}.bin`)
    const output = this.#file(`cms-${n}.der`)
    writeFileSync(input, content)
    const extra: string[] = []
    if (options.certfile?.length) {
      const bundle = this.#file(`bundle-${n}.pem`)
      writeFileSync(bundle, options.certfile.map((c) => c.pem).join(''))
      extra.push('-certfile', bundle)
    }
    this.#openssl([
      'cms',
      '-sign',
      '-binary',
      '-in',
      input,
      '-signer',
      signer.cert,
      '-inkey',
      signer.key,
      '-outform',
      'DER',
      '-out',
      output,
      ...(options.md ? ['-md', options.md] : []),
      ...(options.keyid ? ['-keyid'] : []),
      ...(options.pss ? ['-keyopt', 'rsa_padding_mode:pss'] : []),
      ...(options.stream ? ['-stream'] : []),
      ...(options.noattr ? ['-noattr'] : []),
      ...extra,
    ])
    return readFileSync(output)
  }
}

/** A copy with one bit changed in the first page content stream: the page changes, the signature field does not. */
export function flipContentByte(pdf: Buffer): Buffer {
  const [, gapStart, gapEnd] = byteRangeOf(pdf)
  const at = pdf.indexOf('stream\n') + 20
  if (at < 20 || (at >= gapStart && at < gapEnd)) throw new Error('no content stream outside the signature')
  const copy = Buffer.from(pdf)
  copy[at]! ^= 0x01
  return copy
}
