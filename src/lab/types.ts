// The lab's shared shapes, apart from hosts.ts so that api.ts and secrets.ts need not import the file that imports them.

/** Which version of the demo portal the lab serves: the flawed one or the fixed one. */
export type LabMode = 'flawed' | 'fixed'

/** The kinds of client objects the portal keeps. */
export type PortalKind = 'invoices' | 'projects' | 'files'

/** One client object; `owner` is an account id. */
export interface PortalObject {
  kind: PortalKind
  id: string
  owner: string
  data: Record<string, string | number>
}
