/**
 * The keys of a modal `<dialog>` (components/confirm-dialog.tsx, components/publish-dialog.tsx):
 * nothing reaches the page behind it (it is inert; its own keys — J/K, C/Q/E, Escape — must not
 * act), and Tab / Shift+Tab cycle through the dialog's own controls that match `focusable`.
 */
export function modalKeyDown(e: React.KeyboardEvent<HTMLDialogElement>, focusable: string): void {
  e.stopPropagation()
  if (e.key !== 'Tab') return
  const items = [...e.currentTarget.querySelectorAll<HTMLElement>(focusable)]
  if (!items.length) return
  const first = items[0]
  const last = items[items.length - 1]
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault()
    last.focus()
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault()
    first.focus()
  }
}
