// Dates and numbers in the person's locale (Intl), no library.
const dateTime = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
})

/** "1 Dec, 14:09" */
export function when(iso: string | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '—'
}

/** "…f040": the tail of a run id, as people say it. */
export function shortRun(id: string | undefined): string {
  return id ? `…${id.slice(-4)}` : '—'
}

/** "12 KB" */
export function kb(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${Math.round(bytes / 1024)} KB`
}

/** "3 checks" / "1 check" */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`
}
