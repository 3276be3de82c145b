// A dozen inline SVG symbols; decorative, so hidden from screen readers (the text beside them says it).
const PATHS = {
  overview: 'M3 3h8v8H3zM13 3h8v5h-8zM13 10h8v11h-8zM3 13h8v8H3z',
  register: 'M4 5h16M4 12h16M4 19h10',
  regressions: 'M3 17l6-6 4 4 8-8M15 7h6v6',
  deliverables: 'M6 3h9l4 4v14H6zM14 3v5h5',
  pack: 'M12 3l8 4v6c0 4-3.5 7-8 8-4.5-1-8-4-8-8V7z',
  verify: 'M5 12l4 4L19 6',
  credentials: 'M15 7a4 4 0 1 1-3.8 5.2L4 19.5V21h3v-2h2v-2h2l1.2-1.2A4 4 0 0 1 15 7z',
  setup: 'M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8zM4 12h2M18 12h2M12 4v2M12 18v2',
  sun: 'M12 7a5 5 0 1 0 0 10 5 5 0 0 0 0-10zM12 1v2M12 21v2M4.2 4.2l1.4 1.4M18.4 18.4l1.4 1.4M1 12h2M21 12h2M4.2 19.8l1.4-1.4M18.4 5.6l1.4-1.4',
  moon: 'M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z',
  play: 'M7 4l13 8-13 8z',
  stop: 'M6 6h12v12H6z',
  close: 'M6 6l12 12M18 6L6 18',
  file: 'M6 3h9l4 4v14H6z',
} as const

/** Name of an icon. */
export type IconName = keyof typeof PATHS

/** A 16 px line icon. */
export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} />
    </svg>
  )
}
