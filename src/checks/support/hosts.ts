// Which URLs and hosts a check looks at, derived from the engagement.
import type { Engagement } from '../../engagement/load'

/** URLs of sign-in pages the engagement names (portal.login, a form login), by host. */
export function loginUrls(e: Engagement): string[] {
  const urls: string[] = []
  if (e.portal?.login) urls.push(e.portal.login)
  if (e.auth?.kind === 'form' && e.auth.login?.url) urls.push(e.auth.login.url)
  return [...new Set(urls)]
}

/** The same URL over plain HTTP on port 80. */
export function asHttp(url: string): string {
  const u = new URL(url)
  u.protocol = 'http:'
  u.port = ''
  return u.href
}

/** `https://host/` → `https://host` (the origin a browser ends on). */
export function originOf(url: string): string {
  return new URL(url).origin
}
