// A button that opens the file chooser: a label styled as a button around a visually hidden file input.
import type { ReactNode } from 'react'

/** Calls `onFile` with the file a person chose; `accept` limits the chooser as the input's attribute does. */
export function FileButton({
  children,
  accept,
  onFile,
}: {
  children: ReactNode
  accept: string
  onFile: (file: File) => void
}) {
  return (
    <label className="button button--secondary file-button">
      {children}
      <input
        type="file"
        accept={accept}
        className="visually-hidden"
        onChange={(e) => {
          const file = e.target.files?.[0]
          if (file) onFile(file)
        }}
      />
    </label>
  )
}
