// Reading the host a monitor, a loader script or a request names, where the text may not be a URL at all.

/** The lower-case host name of `url`, or undefined when it is not a URL. */
export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase()
  } catch {
    return undefined
  }
}
