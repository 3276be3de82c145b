// Facts read from HTML text without a browser.

/** True when the page contains a password input, i.e. it is a sign-in (or sign-up) form. */
export function hasPasswordField(html: string): boolean {
  return /<input\b[^>]*\btype\s*=\s*["']?password\b/i.test(html)
}
