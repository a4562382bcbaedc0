'use client'

import { modalKeyDown } from '@/components/modal-keys'
import { useCallback, useEffect, useId, useRef, useState } from 'react'

type Ask = { message: string; confirm: string; danger?: boolean }
type Open = Ask & { resolve: (ok: boolean) => void; opener: Element | null }

/**
 * A confirmation in Galley's style instead of the browser's `confirm()`: a modal `<dialog>` (the
 * rest of the page is inert), Tab and Shift+Tab cycle inside it, Escape cancels, and focus goes
 * back where it was when the dialog closes. The safe button has the focus when it opens for a
 * destructive action, the confirming one otherwise.
 *
 *   const [confirm, dialog] = useConfirm()
 *   if (!(await confirm({ message: 'Delete this claim?', confirm: 'Delete', danger: true }))) return
 *   …and render {dialog}
 */
export function useConfirm(): [(ask: Ask) => Promise<boolean>, React.ReactNode] {
  const [open, setOpen] = useState<Open | null>(null)
  const ref = useRef<HTMLDialogElement>(null)
  const messageId = useId()
  // The question waiting for an answer: a new one answers it "no"; so does the page going away
  // (a live refresh can unmount the button that asked), so no caller waits for ever.
  const waiting = useRef<Open | null>(null)
  const confirm = useCallback(
    (ask: Ask) =>
      new Promise<boolean>((resolve) => {
        waiting.current?.resolve(false)
        const next = { ...ask, resolve, opener: document.activeElement }
        waiting.current = next
        setOpen(next)
      }),
    [],
  )
  useEffect(() => () => waiting.current?.resolve(false), [])
  useEffect(() => {
    const d = ref.current
    if (!open || !d || d.open) return
    d.showModal()
    d.querySelector<HTMLElement>(open.danger ? '[data-cancel]' : '[data-confirm]')?.focus()
  }, [open])
  const close = useCallback(
    (ok: boolean) => {
      if (!open) return
      waiting.current = null
      if (ref.current?.open) ref.current.close()
      setOpen(null)
      open.resolve(ok)
      // Back to what had the focus (the button that asked), if it is still on the page.
      const opener = open.opener as HTMLElement | null
      if (opener?.isConnected) opener.focus()
    },
    [open],
  )
  const onKeyDown = (e: React.KeyboardEvent<HTMLDialogElement>) => modalKeyDown(e, 'button:not([disabled])')
  const dialog = (
    <dialog
      ref={ref}
      aria-labelledby={messageId}
      data-testid={open ? 'confirm-dialog' : undefined}
      onKeyDown={onKeyDown}
      onCancel={(e) => {
        e.preventDefault()
        close(false)
      }}
      // Closed some other way (the browser may close a modal dialog itself): still an answer.
      onClose={() => close(false)}
      className="m-auto max-w-md rounded-lg border border-stone-300 bg-white p-5 text-stone-900 shadow-xl backdrop:bg-stone-900/40"
    >
      {open && (
        <>
          <p id={messageId} className="text-sm">
            {open.message}
          </p>
          <div className="mt-4 flex justify-end gap-2">
            <button type="button" data-cancel onClick={() => close(false)} className="rounded border border-stone-300 px-3 py-1.5 text-sm hover:bg-stone-100">
              Cancel
            </button>
            <button
              type="button"
              data-confirm
              onClick={() => close(true)}
              className={`rounded px-3 py-1.5 text-sm font-medium text-white ${open.danger ? 'bg-red-700 hover:bg-red-800' : 'bg-stone-900 hover:bg-stone-700'}`}
            >
              {open.confirm}
            </button>
          </div>
        </>
      )}
    </dialog>
  )
  return [confirm, dialog]
}
