// Build-time modules: the theme CSS generated from the PDF's tokens.
declare module 'virtual:handover-theme.css'
declare module '*.css'
