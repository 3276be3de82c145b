// Opens a signed pack as its reader sees it: the signature verdict first, then the embedded contents (manifest,
// report model, engagement, baseline run), each checked against the manifest. Loads no renderer.
import { createHash } from 'node:crypto'
import type { Run } from '../core/types'
import { runSchema } from '../store/schemas'
import { PACK_FILES, PACK_MANIFEST_SCHEMA, type PackManifest } from './contents'
import type { ReportModel } from './model/types'
import { readEmbeddedFiles, type EmbeddedListing } from './sign/embedded'
import { scanSignatures } from './sign/locate'
import { verifyPdf, type VerifyOptions, type VerifyReport } from './sign/verify'

/** A pack opened: verdict, embedded files, and the parsed contents when they are there and hold together. */
export interface OpenedPack {
  report: VerifyReport
  listing: EmbeddedListing
  /** SHA-256 of the whole PDF file and of the signature value (the DER of its CMS), as a drift report cites them. */
  fingerprints: { fileSha256: string; signatureSha256?: string }
  manifest?: PackManifest
  model?: ReportModel
  /** The engagement file as embedded (handover.engagement/1, keychain references only). */
  engagement?: Record<string, unknown>
  baseline?: Run
  engagementCa?: string
  /** Problems with the contents (missing file, digest or schema disagreeing); empty when all is well. */
  problems: string[]
}

/** The length of a DER value from its header, so zero padding after it is not hashed. */
function derLength(bytes: Buffer): number {
  if (bytes.length < 2) return bytes.length
  const first = bytes[1]!
  if (first < 0x80) return Math.min(bytes.length, 2 + first)
  const n = first & 0x7f
  if (n === 0 || n > 4) return bytes.length
  let len = 0
  for (let i = 0; i < n; i++) len = len * 256 + bytes[2 + i]!
  return Math.min(bytes.length, 2 + n + len)
}

function parseJson(bytes: Buffer, name: string, problems: string[]): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'))
  } catch {
    problems.push(`${name} is not valid JSON.`)
    return undefined
  }
}

/** The SHA-256 of a signature value: what a later document cites to name exactly this signature. */
export function signatureFingerprint(cms: Buffer): string {
  return createHash('sha256')
    .update(cms.subarray(0, derLength(cms)))
    .digest('hex')
}

/** Verifies a pack and reads what it carries. */
export async function openPack(pdf: Buffer, options: VerifyOptions = {}): Promise<OpenedPack> {
  const report = await verifyPdf(pdf, options)
  const listing = readEmbeddedFiles(pdf, report)
  const problems = [...listing.problems]
  const out: OpenedPack = {
    report,
    listing,
    fingerprints: { fileSha256: createHash('sha256').update(pdf).digest('hex') },
    problems,
  }
  // The latest signature's value: the one the verdict describes (scanSignatures lists them in file order).
  const value = scanSignatures(pdf)
    .dictionaries.filter((d) => d.byteRange !== 'placeholder')
    .at(-1)?.contents?.bytes
  if (report.status !== 'unsigned' && value) out.fingerprints.signatureSha256 = signatureFingerprint(value)
  if (listing.files.length === 0) return out
  const byName = new Map(listing.files.map((f) => [f.name, f]))
  const manifestFile = byName.get(PACK_FILES.manifest)
  if (!manifestFile) {
    problems.push(`The pack embeds files but no ${PACK_FILES.manifest}.`)
    return out
  }
  const manifest = parseJson(manifestFile.bytes, PACK_FILES.manifest, problems) as PackManifest | undefined
  if (!manifest || manifest.schema !== PACK_MANIFEST_SCHEMA || !Array.isArray(manifest.files)) {
    problems.push(`${PACK_FILES.manifest} is not a ${PACK_MANIFEST_SCHEMA} manifest.`)
    return out
  }
  out.manifest = manifest
  for (const entry of manifest.files) {
    const file = byName.get(entry.name)
    if (!file) problems.push(`${entry.name} is listed in the manifest but not embedded.`)
    else if (file.sha256 !== entry.sha256)
      problems.push(`${entry.name} does not match the SHA-256 the manifest records.`)
  }
  const read = (name: string): unknown => {
    const file = byName.get(name)
    return file ? parseJson(file.bytes, name, problems) : undefined
  }
  const model = read(PACK_FILES.report) as ReportModel | undefined
  if (model) out.model = model
  const engagement = read(PACK_FILES.engagement)
  if (engagement && typeof engagement === 'object') out.engagement = engagement as Record<string, unknown>
  const baseline = read(PACK_FILES.baseline)
  if (baseline !== undefined) {
    const parsed = runSchema.safeParse(baseline)
    if (parsed.success) out.baseline = parsed.data
    else problems.push(`${PACK_FILES.baseline} is not a valid handover.run/1.`)
  }
  const ca = byName.get(PACK_FILES.engagementCa)
  if (ca) out.engagementCa = ca.bytes.toString('utf8')
  return out
}
