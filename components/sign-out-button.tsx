'use client'

import { useEffect, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import { signOutAction } from '@/app/(auth)/actions'
import { useConfirm } from '@/components/confirm-dialog'
import { countAllDrafts, removeAllDrafts } from '@/components/annotator/drafts'

/**
 * Sign out, leaving no half-written annotation behind on this browser (drafts are kept in
 * localStorage, where the next person at a shared computer could read them). With drafts kept it
 * asks first, saying how many will be deleted.
 */
export function SignOutButton() {
  const [confirm, dialog] = useConfirm()
  const form = useRef<HTMLFormElement>(null)
  const asked = useRef(false)
  // The question is put on the body: on a phone the button sits in the header's Menu, which closes
  // (display: none) when the dialog is clicked, and would hide a dialog inside it.
  const [body, setBody] = useState<HTMLElement | null>(null)
  useEffect(() => setBody(document.body), [])
  async function ask(drafts: number) {
    const ok = await confirm({
      message: `${drafts === 1 ? 'One annotation you started is' : `${drafts} annotations you started are`} not saved. Signing out deletes ${drafts === 1 ? 'its draft' : 'their drafts'} from this browser.`,
      confirm: 'Sign out and delete',
      danger: true,
    })
    if (!ok) return
    removeAllDrafts()
    asked.current = true
    form.current?.requestSubmit()
  }
  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    // Submitted again after the question was answered, or nothing to lose: sign out.
    if (asked.current) return
    const drafts = countAllDrafts()
    if (drafts === 0) return
    e.preventDefault()
    void ask(drafts)
  }
  return (
    <>
      <form ref={form} action={signOutAction} onSubmit={onSubmit}>
        <button type="submit" className="rounded border border-stone-300 px-2 py-1 whitespace-nowrap hover:bg-stone-100">
          Sign out
        </button>
      </form>
      {body && createPortal(dialog, body)}
    </>
  )
}
