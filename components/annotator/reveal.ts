/**
 * Bring a card of the side panel into view inside the panel, as little as needed. Only the panel
 * scrolls (on a wide screen it is a box of its own beside the text): on a narrow screen, where it
 * sits below the article, the page is not moved away from the words the reader just clicked.
 */
export function revealInPanel(el: HTMLElement): void {
  const panel = el.closest<HTMLElement>('[data-scroll-panel]')
  if (!panel || panel.scrollHeight <= panel.clientHeight || getComputedStyle(panel).overflowY === 'visible') return
  const box = panel.getBoundingClientRect()
  const r = el.getBoundingClientRect()
  const MARGIN = 8 // px: the card does not touch the panel's edge
  if (r.top < box.top + MARGIN) panel.scrollBy({ top: r.top - box.top - MARGIN })
  else if (r.bottom > box.bottom - MARGIN) panel.scrollBy({ top: Math.min(r.bottom - box.bottom + MARGIN, r.top - box.top - MARGIN) })
}
