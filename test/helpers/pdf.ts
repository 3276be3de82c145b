// Helpers for signed-PDF tests: poppler's pdfsig, a fresh NSS database, byte ranges, incremental updates.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

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
