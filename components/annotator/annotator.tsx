'use client'

import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { AnnotationDto, ReviewDto } from '@/lib/types/desk'
import { unpackAnnotations, type PackedAnnotations, type PageAnnotation } from '@/lib/types/page-annotations'
import { OffsetMap, codePointLength } from '@/lib/text/offsets'
import { sentenceAt, splitSentences } from '@/lib/text/sentences'
import { directionOf } from '@/lib/text/direction'
import { ArticleText } from './article-text'
import { caretOffset, offsetAtPoint, selectOffsets, selectionOffsets } from './dom-offsets'
import { AnnotationForm, type FormPreset, type FormValues } from './annotation-form'
import { Sidebar, type SidebarFilters } from './sidebar'
import { NoticeBanner, type Notice } from '@/components/notice'
import { callApi, sameFixOf } from '@/components/call-api'
import type { OccurrencesResult, SameFixDto } from '@/lib/types/desk'
import { otherOccurrences, type Span } from '@/lib/text/occurrences'
import { OccurrencesOffer, SameFixNotice } from './fix-offers'
import type { MissingSentenceDto, QuoteCheckDto, SuggestionDto } from '@/lib/types/suggestions'
import { SourcesPanel } from './sources-panel'
import { SuggestionsPanel } from './suggestions-panel'
import { UndoToast, useDecisionGate, useUndoable } from './suggestion-undo'
import { SelectionToolbar } from './selection-toolbar'
import { FormPlace } from './form-place'
import { useTouchSelection } from './touch-selection'
import { useRouter } from 'next/navigation'
import { ProgressLine, type Progress } from '@/components/progress-line'
import { useConfirm } from '@/components/confirm-dialog'
import { OverviewStrip, reducedMotion, type OverviewMark } from '@/components/overview/overview-strip'
import { markLabel, quoted } from './labels'
import { count, plural, quote } from '@/lib/format/words'
import { liveStatusText, useLiveStream } from '@/lib/live/client'
import { describeLiveEvent, type LiveEvent, type LiveReanchor, type PresenceViewer } from '@/lib/types/live'
import { describeSpan } from '@/lib/anchoring/describe'
import { matchQuote } from '@/lib/anchoring/match-quote'
import { draftKey, listDrafts, readDraft, removeDraft, writeDraft, type Draft, type DraftSpan, type DraftValues } from './drafts'
import { useLeaveGuard } from '@/components/leave-guard'
import { useSidebarPlace } from './sidebar-place'
import { diffAnnotations, isEmpty, mergeIncoming, type Changes, type OwnWrite } from './live-changes'

type Kind = PageAnnotation['kind']
type Viewer = { id: string; role: string }
type Pending = { start: number; end: number; exact: string; rect: DOMRect }
/** The open form; `span` and `key` name its draft, `draft` is the one it was opened with (restored). */
type OpenForm = { kind: Kind; editing?: PageAnnotation; preset?: FormPreset; span?: DraftSpan; key?: string; draft?: Draft; fresh?: number }
const KIND_KEY: Record<Kind, string> = { claim: 'C', quote: 'Q', error: 'E' }


const NO_SUGGESTIONS: SuggestionDto[] = []
const ALL: SidebarFilters = { kind: 'all', status: 'all' }

function byPosition(a: PageAnnotation, b: PageAnnotation) {
  // Ties keep their order (the server sends them oldest first; a new one goes last): sort is stable.
  return a.start - b.start || a.end - b.end
}

const ARROW_STEPS: Record<string, { direction: 'backward' | 'forward'; granularity: 'character' | 'line' }> = {
  ArrowLeft: { direction: 'backward', granularity: 'character' },
  ArrowRight: { direction: 'forward', granularity: 'character' },
  ArrowUp: { direction: 'backward', granularity: 'line' },
  ArrowDown: { direction: 'forward', granularity: 'line' },
}

/** The annotate page: the article with highlights, the selection toolbar, forms and the sidebar. */
/** `initial` is the page's annotations packed (lib/types/page-annotations): one small array each. */
/** A list fetched after a live event, not yet on screen; `fetchedAt` is on the page's clock (see live-changes). */
type Incoming = { list: PageAnnotation[]; reviews: ReviewDto[]; fetchedAt: number }
/** Someone else's changes, shown on request: exactly these annotations, and those they deleted. */
type ChangedView = { ids: string[]; how: Map<string, string>; removed: PageAnnotation[]; who: string }
const reviewMap = (list: ReviewDto[]) => new Map(list.map((r) => [r.annotationId, r]))
/** The fetched reviews, keeping the map (and each unchanged review) the page has when nothing changed: no relabelling for nothing. */
function mergeReviews(prev: Map<string, ReviewDto>, list: ReviewDto[]): Map<string, ReviewDto> {
  if (list.length === prev.size && list.every((r) => prev.get(r.annotationId)?.id === r.id)) return prev
  return new Map(list.map((r) => [r.annotationId, prev.get(r.annotationId)?.id === r.id ? prev.get(r.annotationId)! : r]))
}

/** A newer revision than the one on screen, offered in a banner rather than swapped in. */
type NewRevision = { revision: number; by: string; reanchor: LiveReanchor | null; published: boolean }

/** The notice for changes waiting while the pointer is over the panel: who, how many, and the offer. */
function heldNotice(c: Changes, changedBy: Map<string, string>, changers: Set<string>): string {
  const ids = [...c.added, ...c.changed, ...c.removed.map((a) => a.id)]
  const names = [...new Set(ids.map((id) => changedBy.get(id)).filter((n): n is string => Boolean(n)))]
  const who = (names.length ? names : [...changers]).join(', ') || 'Someone else'
  return `${who} changed ${count(ids.length, 'annotation')} — show ${ids.length === 1 ? 'it' : 'them'}`
}

function reanchorSummary(r: LiveReanchor | null): string {
  if (!r) return ''
  const moved = (r.moved ?? 0) + (r.fuzzy ?? 0)
  const parts = [moved ? `${count(moved, 'annotation')} moved` : '', r.orphaned ? `${r.orphaned} lost ${plural(r.orphaned, 'its', 'their')} place` : '', r.reviewAgain ? `${count(r.reviewAgain, 'fix', 'fixes')} back to review` : '']
  return parts.filter(Boolean).join(', ')
}

export function Annotator({ articleId, body, revision, initial, initialReviews = [], viewer, readOnly = false, liveSince = '0', language = 'en', overview = true }: { articleId: string; body: string; revision: number; initial: PackedAnnotations; initialReviews?: ReviewDto[]; viewer: Viewer; readOnly?: boolean; liveSince?: string; language?: string; overview?: boolean }) {
  const [annotations, setAnnotations] = useState<PageAnnotation[]>(() => unpackAnnotations(initial, body).sort(byPosition))
  // The latest review of each reviewed fix: its card and tooltip say who decided and why.
  const [reviews, setReviews] = useState<Map<string, ReviewDto>>(() => reviewMap(initialReviews))
  const [pending, setPending] = useState<Pending | null>(null)
  const [form, setForm] = useState<OpenForm | null>(null)
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const [picker, setPicker] = useState<{ ids: string[]; rect: DOMRect } | null>(null)
  const [sentenceMode, setSentenceMode] = useState(false)
  const [message, setMessage] = useState<Notice | null>(null)
  // Suggestions and quote checks arrive after the text is on screen: the page never waits for them.
  const [suggestions, setSuggestions] = useState<SuggestionDto[]>([])
  // Suggestions a fix already says (accepted, or the same fix made by hand): shown as taken.
  const [taken, setTaken] = useState<SuggestionDto[]>([])
  // Issue 22: a save that ran into the same fix, and the offer to fix a saved fix's other occurrences.
  const [sameFix, setSameFix] = useState<SameFixDto | null>(null)
  const [offer, setOffer] = useState<{ fix: PageAnnotation; spans: Span[] } | null>(null)
  const [fixingAll, setFixingAll] = useState(false)
  const [missing, setMissing] = useState<MissingSentenceDto[]>([])
  const [checking, setChecking] = useState(true)
  const [quoteChecks, setQuoteChecks] = useState<Map<string, QuoteCheckDto>>(new Map())
  // ── This tab's own writes (live-changes): on screen from their answers, never "others' changes" ──
  const clock = useRef(0)
  const ownWrites = useRef(new Map<string, OwnWrite>())
  const [writing, setWriting] = useState(0)
  const writingRef = useRef(0)
  /** Remember that this tab left annotation `id` at `version` (Infinity: deleted it). */
  const noteOwn = useCallback((id: string, version: number) => {
    ownWrites.current.set(id, { version, at: ++clock.current })
  }, [])
  /** Run one of this tab's writes; while any is unanswered, a fetched list waits (it may hold the write already). */
  const ownWrite = useCallback(async <T,>(run: () => Promise<T>): Promise<T> => {
    writingRef.current++
    setWriting((n) => n + 1)
    try {
      return await run()
    } finally {
      // In a task after this one: the caller has put the answer on screen (and noted it) by then.
      setTimeout(() => {
        writingRef.current--
        setWriting((n) => n - 1)
      })
    }
  }, [])
  const loadQuoteChecks = useCallback(async () => {
    // A long article's quotes are checked a few seconds at a time: each answer holds those done so far.
    for (let round = 0; round < 30; round++) {
      const { quotes, complete } = await callApi<{ quotes: QuoteCheckDto[]; complete: boolean }>('GET', `/api/articles/${articleId}/quote-checks`)
      setQuoteChecks(new Map(quotes.filter((q) => q.annotationId).map((q) => [q.annotationId!, q])))
      if (complete !== false) return
    }
  }, [articleId])
  const loadChecks = useCallback(async () => {
    setChecking(true)
    try {
      const [sug] = await Promise.all([callApi<{ suggestions: SuggestionDto[]; missing: MissingSentenceDto[]; taken?: SuggestionDto[] }>('GET', `/api/articles/${articleId}/suggestions`), loadQuoteChecks()])
      // Suggestions for another revision than the one on screen would sit on the wrong words.
      setSuggestions(sug.suggestions.filter((x) => x.revision === revision))
      setTaken((sug.taken ?? []).filter((x) => x.revision === revision))
      setMissing(sug.missing)
    } catch (err) {
      setMessage({ tone: 'error', text: `Suggestions could not be loaded: ${(err as Error).message}` })
    } finally {
      setChecking(false)
    }
  }, [articleId, revision, loadQuoteChecks])
  useEffect(() => {
    void loadChecks()
  }, [loadChecks])
  const rootRef = useRef<HTMLDivElement>(null)
  /**
   * After an action whose button may be gone (accepted, dismissed, re-attached): the commit that
   * removes it hands the focus to the text (a layout effect, so there is no frame without focus).
   */
  const focusCheck = useRef(false)
  const keepFocus = useCallback(() => {
    focusCheck.current = true
  }, [])
  /** The focus on nothing (its element just went): to the text. */
  const focusTextIfLost = useCallback(() => {
    if (!document.activeElement || document.activeElement === document.body) rootRef.current?.focus({ preventScroll: true })
  }, [])
  useLayoutEffect(() => {
    if (!focusCheck.current) return
    focusCheck.current = false
    focusTextIfLost()
  })
  const mouse = useRef<{ x: number; y: number } | null>(null)
  const map = useMemo(() => new OffsetMap(body), [body])
  const bodyLength = useMemo(() => codePointLength(body), [body])
  // Sentence boundaries only when someone selects by sentence: not on the server, not at hydration.
  const sentencesCache = useRef<ReturnType<typeof splitSentences> | null>(null)

  /** Trim white space off a code-point range and remember it as the pending selection. */
  const propose = useCallback(
    (start: number, end: number, rect: DOMRect | null) => {
      const text = map.slice(start, end)
      const lead = codePointLength(text) - codePointLength(text.trimStart())
      const trail = codePointLength(text) - codePointLength(text.trimEnd())
      const s = start + lead
      const e = end - trail
      if (e <= s || !rect || readOnly) {
        setPending(null)
        return
      }
      setPending({ start: s, end: e, exact: map.slice(s, e), rect })
      setPicker(null)
    },
    [map, readOnly],
  )

  const selectSentenceAt = useCallback(
    (cp: number | null) => {
      if (cp === null || !rootRef.current) return
      sentencesCache.current ??= splitSentences(body, language)
      const s = sentenceAt(body, map.toUtf16(cp), sentencesCache.current)
      if (!s) return
      const start = map.toCodePoint(s.start)
      const end = map.toCodePoint(s.end)
      propose(start, end, selectOffsets(rootRef.current, start, end))
    },
    [body, map, propose, language],
  )

  /** Offer the toolbar for the browser's selection inside the article; false when there is none. */
  const proposeSelection = useCallback(() => {
    const range = rootRef.current && selectionOffsets(rootRef.current)
    if (!range) return false
    propose(range.start, range.end, window.getSelection()!.getRangeAt(0).getBoundingClientRect())
    return true
  }, [propose])
  useTouchSelection(rootRef, proposeSelection)

  const onMouseUp = useCallback(
    (e: React.MouseEvent) => {
      if (!rootRef.current || proposeSelection()) return
      if (sentenceMode) selectSentenceAt(offsetAtPoint(rootRef.current, e.clientX, e.clientY))
    },
    [proposeSelection, sentenceMode, selectSentenceAt],
  )

  /**
   * Keyboard selection in the (read-only) article: arrows move a caret, Shift+arrows extend the
   * selection (Ctrl or Alt: by word). Browsers do this natively only in editable text or with
   * caret browsing, so the selection is moved with Selection.modify.
   */
  const onArticleKeyDown = useCallback(
    (e: React.KeyboardEvent) => {
      const step = ARROW_STEPS[e.key]
      const sel = window.getSelection()
      if (!step || !sel || !rootRef.current || e.metaKey) return
      if (!sel.rangeCount || !rootRef.current.contains(sel.focusNode)) {
        sel.collapse(rootRef.current.querySelector('p[data-s]') ?? rootRef.current, 0) // Tabbed in: start at the top.
      }
      e.preventDefault()
      mouse.current = null // S now means the sentence at the caret, not under a pointer left elsewhere
      sel.modify(e.shiftKey ? 'extend' : 'move', step.direction, e.ctrlKey || e.altKey ? 'word' : step.granularity)
      if (e.shiftKey) proposeSelection()
      else setPending(null)
    },
    [proposeSelection],
  )

  const onSegmentClick = useCallback(
    (ids: string[], rect: DOMRect) => {
      if (sentenceMode) return
      if (ids.length === 1) {
        setSelectedId(ids[0])
        setPicker(null)
      } else setPicker({ ids, rect })
    },
    [sentenceMode],
  )

  // Where the focus was when a form opened: it goes back there when the form closes (saved,
  // cancelled or escaped), or to the text when that element is gone; never to nowhere.
  const formOpener = useRef<HTMLElement | null>(null)
  const pendingRef = useRef(pending)
  pendingRef.current = pending
  /** Where a form's draft is kept, and the draft kept there (of this kind) if there is one. */
  const draftFor = useCallback(
    (kind: Kind, editing?: PageAnnotation, at?: { start: number; end: number } | null): Pick<OpenForm, 'span' | 'key' | 'draft'> => {
      if (readOnly) return {}
      let span: DraftSpan
      if (editing) span = { kind, editingId: editing.id, exact: editing.exact, prefix: '', suffix: '' }
      else if (at) {
        const d = describeSpan(body, at.start, at.end, map)
        span = { kind, exact: d.exact, prefix: d.prefix, suffix: d.suffix }
      } else return {}
      const key = draftKey(viewer.id, articleId, span)
      const draft = readDraft(key)
      return { span, key, draft: draft?.kind === kind ? draft : undefined }
    },
    [readOnly, body, map, viewer.id, articleId],
  )
  const openForm = useCallback((kind: Kind) => {
    formOpener.current = document.activeElement as HTMLElement | null
    setForm({ kind, ...draftFor(kind, undefined, pendingRef.current) })
    setMessage(null)
    setSameFix(null)
    setOffer(null)
  }, [draftFor])
  /** An opener the focus can go back to only once the form is gone (in the list it hides). */
  const refocusAfterClose = useRef<HTMLElement | null>(null)
  /**
   * Close the form. If the focus is in it (or nowhere), it moves first — back to where the form
   * was opened from, else to the text — so it is never lost, and it moves before the form's DOM
   * goes (no layout forced after the change). An opener inside the list the form hides gets the
   * focus as soon as the list is shown again.
   */
  const closeForm = useCallback(() => {
    const back = formOpener.current
    formOpener.current = null
    const active = document.activeElement
    if (!active || active === document.body || active.closest('[data-testid="annotation-form"]')) {
      if (back?.isConnected && back !== document.body && back.closest('[hidden]')) refocusAfterClose.current = back
      else if (back?.isConnected && back !== document.body) back.focus({ preventScroll: true })
      else rootRef.current?.focus({ preventScroll: true })
    }
    setForm(null)
  }, [])

  // ── Drafts (./drafts): what the open form holds is kept in the browser as it is typed ────────
  const formNow = useRef(form)
  formNow.current = form
  const [formDirty, setFormDirty] = useState(false)
  const formDirtyRef = useRef(formDirty)
  formDirtyRef.current = formDirty
  const onDraftChange = useCallback((values: DraftValues | null) => {
    const f = formNow.current
    if (f?.key && f.span) {
      if (values) writeDraft(f.key, { ...f.span, v: 1, values, savedAt: Date.now(), open: true })
      else removeDraft(f.key)
    }
    setFormDirty(Boolean(values))
  }, [])
  /** Escape, Cancel: the form closes, and what it held is kept as a draft, which the page says. */
  const leaveForm = useCallback(() => {
    const f = formNow.current
    if (f?.key && formDirtyRef.current) {
      const d = readDraft(f.key)
      if (d) writeDraft(f.key, { ...d, open: false })
      const how = f.editing ? `Edit the ${f.kind} again` : `Select the same words and press ${KIND_KEY[f.kind]}`
      setMessage({ tone: 'ok', text: `Not saved: your ${f.kind} is kept as a draft in this browser. ${how} to go on with it, or discard it there.` })
    }
    setFormDirty(false)
    closeForm()
  }, [closeForm])
  const discardDraft = useCallback(() => {
    const f = formNow.current
    if (!f) return
    if (f.key) removeDraft(f.key)
    setFormDirty(false)
    // The form starts again from where it was before the draft (a new key: remounted).
    setForm({ ...f, draft: undefined, fresh: (f.fresh ?? 0) + 1 })
    setMessage({ tone: 'ok', text: 'Draft discarded.' })
  }, [])
  // This person's other drafts on the article, listed (re-read whenever a form opens or closes).
  const [drafts, setDrafts] = useState<{ key: string; draft: Draft }[]>([])
  const [draftsChanged, setDraftsChanged] = useState(0)
  useEffect(() => {
    const next = readOnly ? [] : listDrafts(viewer.id, articleId)
    // Unchanged (the usual case, and on every page load): no re-render of the whole page.
    setDrafts((prev) => (prev.length === next.length && prev.every((d, i) => d.key === next[i].key && d.draft.savedAt === next[i].draft.savedAt) ? prev : next))
  }, [readOnly, viewer.id, articleId, form, draftsChanged])
  // The kinds with a draft on the words selected now: the toolbar says so on their buttons.
  const pendingDrafts = useMemo(() => {
    const kinds = new Set<Kind>()
    if (!pending || !drafts.length) return kinds
    const keys = new Set(drafts.map((d) => d.key))
    for (const kind of ['claim', 'quote', 'error'] as const) if (keys.has(draftFor(kind, undefined, pending).key ?? '')) kinds.add(kind)
    return kinds
  }, [pending, drafts, draftFor])
  /** Open a kept draft's form again, on its words (found again if a revision moved them). */
  const resumeDraft = useCallback(
    (key: string, d: Draft): boolean => {
      if (d.editingId) {
        const a = byIdRef.current.get(d.editingId)
        if (!a || a.orphaned) return false
        formOpener.current = document.activeElement as HTMLElement | null
        setSelectedId(a.id)
        setForm({ kind: a.kind, editing: a, span: { kind: a.kind, editingId: a.id, exact: a.exact, prefix: '', suffix: '' }, key, draft: d })
        return true
      }
      const m = matchQuote(body, d.exact, { prefix: d.prefix, suffix: d.suffix })
      if (!m || body.slice(m.start, m.end) !== d.exact || !rootRef.current) return false
      const start = map.toCodePoint(m.start)
      const end = map.toCodePoint(m.end)
      const rect = selectOffsets(rootRef.current, start, end)
      if (!rect) return false
      formOpener.current = document.activeElement as HTMLElement | null
      setPending({ start, end, exact: d.exact, rect })
      setForm({ kind: d.kind, span: { kind: d.kind, exact: d.exact, prefix: d.prefix, suffix: d.suffix }, key, draft: d })
      return true
    },
    [body, map],
  )
  // Opened again (a reload, Back, a closed tab): the form that was open comes back as it was.
  const resumedOnce = useRef(false)
  useEffect(() => {
    if (resumedOnce.current || readOnly) return
    resumedOnce.current = true
    const open = listDrafts(viewer.id, articleId).find((d) => d.draft.open)
    if (open) resumeDraft(open.key, open.draft)
  }, [readOnly, viewer.id, articleId, resumeDraft])

  // Orphans lost their place when the text changed: they are not drawn until re-attached.
  const placed = useMemo(() => annotations.filter((a) => !a.orphaned), [annotations])
  const orphans = useMemo(() => annotations.filter((a) => a.orphaned), [annotations])
  // The sidebar's filters also decide what J/K step through.
  // Kept in the URL, with the panel's scroll position in the history entry (./sidebar-place).
  const asideRef = useRef<HTMLElement>(null)
  const [filters, setFilters] = useSidebarPlace(ALL, asideRef, !checking)
  // Someone else's changes, asked for from the notice: the list shows exactly those until "Show all".
  const [changedView, setChangedView] = useState<ChangedView | null>(null)
  const shown = useMemo(() => {
    if (changedView) return placed.filter((a) => changedView.how.has(a.id))
    return placed.filter((a) => (filters.kind === 'all' || filters.kind === 'annotations' || a.kind === filters.kind) && (filters.status === 'all' || a.status === filters.status))
  }, [placed, filters, changedView])
  // Fixes made together ("fix every occurrence") say so, with how many there are (whatever is filtered).
  const groupSizes = useMemo(() => {
    const m = new Map<string, number>()
    for (const a of placed) if (a.groupId) m.set(a.groupId, (m.get(a.groupId) ?? 0) + 1)
    return m
  }, [placed])
  const changeFilters = useCallback(
    (next: SidebarFilters) => {
      setChangedView(null)
      setFilters(next)
    },
    [setFilters],
  )

  const select = useCallback((id: string) => {
    setSelectedId(id)
    document.querySelector(`.article-text [data-ids~="${id}"]`)?.scrollIntoView({ block: 'center', behavior: reducedMotion() ? 'auto' : 'smooth' })
  }, [])
  // Opened at an annotation (a search result, a ClaimReview link: #annotation-<id>): select it.
  useEffect(() => {
    const m = /^#annotation-([0-9a-f-]{36})$/i.exec(window.location.hash)
    if (m && byIdRef.current.has(m[1])) select(m[1])
  }, [select])
  // J/K step through what the filters show: annotations, suggestions, or both in text order.
  const showSuggestions = filters.kind === 'all' || filters.kind === 'suggestion'
  const steps = useMemo(() => {
    if (filters.kind === 'suggestion') return suggestions
    if (!showSuggestions || filters.status !== 'all') return shown
    return [...shown, ...suggestions].sort((a, b) => a.start - b.start || a.end - b.end)
  }, [filters, showSuggestions, shown, suggestions])
  // Selected from the keyboard (J/K, the overview strip): read out once it is selected.
  const keyboardPick = useRef<string | null>(null)
  const move = useCallback(
    (step: number) => {
      if (!steps.length) return
      const i = selectedId ? steps.findIndex((a) => a.id === selectedId) : -1
      const id = steps[Math.max(0, Math.min(steps.length - 1, i < 0 ? (step > 0 ? 0 : steps.length - 1) : i + step))].id
      keyboardPick.current = id
      select(id)
    },
    [steps, selectedId, select],
  )
  const selectedSuggestion = useMemo(() => suggestions.find((x) => x.id === selectedId) ?? null, [suggestions, selectedId])

  // One decision at a time, no double taps; the last one can be undone for a few seconds.
  const gate = useDecisionGate()
  const { undoable, offer: offerUndo, take: takeUndo, available: undoAvailable, clear: clearUndo } = useUndoable()
  const acceptSuggestion = useCallback(
    (sug: SuggestionDto, correction: string | null) =>
      gate.run(async () => {
        try {
          const created = await ownWrite(() => callApi<AnnotationDto>('POST', `/api/suggestions/${sug.id}/accept`, correction === null ? {} : { correction }))
          noteOwn(created.id, created.version)
          setSuggestions((list) => list.filter((x) => x.id !== sug.id))
          setTaken((list) => [...list, { ...sug, status: 'accepted' as const, takenBy: created.id }].sort((a, b) => a.start - b.start || a.end - b.end))
          setAnnotations((list) => [...list.filter((x) => x.id !== created.id), created].sort(byPosition))
          setSelectedId(created.id)
          keepFocus()
          const notice: Notice = { tone: 'ok', text: created.kind === 'error' ? `Accepted: ${quote(created.exact.trim())} → ${created.correction ? quote(created.correction) : '(delete)'} is an open fix, waiting for review.` : 'Marked as a claim to check.' }
          setMessage(notice)
          offerUndo({ decision: 'accepted', suggestion: sug, annotationId: created.id, notice })
        } catch (err) {
          const same = sameFixOf(err)
          if (same) {
            setMessage(null)
            setSameFix(same)
          } else setMessage({ tone: 'error', text: (err as Error).message })
          // The article may have changed under it: show the suggestions for the text as it is now.
          void loadChecks()
        }
      }),
    [loadChecks, keepFocus, gate, offerUndo, ownWrite, noteOwn],
  )
  const dismissSuggestion = useCallback(
    (sug: SuggestionDto) =>
      gate.run(async () => {
        try {
          await callApi('POST', `/api/suggestions/${sug.id}/dismiss`)
          setSuggestions((list) => {
            // Move on to the next one, so a run of suggestions can be worked through with X and Enter.
            const i = list.findIndex((x) => x.id === sug.id)
            const next = list[i + 1] ?? list[i - 1]
            setSelectedId(next ? next.id : null)
            gate.movedTo(next ? next.id : null)
            return list.filter((x) => x.id !== sug.id)
          })
          const notice: Notice = { tone: 'ok', text: 'Suggestion dismissed.' }
          setMessage(notice)
          offerUndo({ decision: 'dismissed', suggestion: sug, annotationId: null, notice })
          keepFocus()
        } catch (err) {
          setMessage({ tone: 'error', text: (err as Error).message })
        }
      }),
    [keepFocus, gate, offerUndo],
  )
  /** Put a suggestion back in the open list (in text order) and select it. */
  const reopened = useCallback(
    (sug: SuggestionDto) => {
      if (sug.revision === revision) setSuggestions((list) => [...list.filter((x) => x.id !== sug.id), sug].sort((a, b) => a.start - b.start || a.end - b.end))
      setSelectedId(sug.id)
      gate.movedTo(null)
      keepFocus()
    },
    [revision, gate, keepFocus],
  )
  /** Z, or the toast's button: take the last decision back (the server refuses if someone built on it). */
  const undoDecision = useCallback(async () => {
    const u = takeUndo()
    if (!u) return
    keepFocus() // the toast, which may have had the focus, goes now
    const ran = await gate.run(async () => {
      try {
        const { suggestion } = await ownWrite(() => callApi<{ suggestion: SuggestionDto }>('POST', `/api/suggestions/${u.suggestion.id}/undo`))
        if (u.annotationId) {
          noteOwn(u.annotationId, Infinity)
          setAnnotations((list) => list.filter((a) => a.id !== u.annotationId))
        }
        setTaken((list) => list.filter((x) => x.id !== u.suggestion.id))
        reopened(suggestion)
        const words = `“${u.suggestion.exact.trim() || u.suggestion.exact}”`
        setMessage({ tone: 'ok', text: u.decision === 'accepted' ? `Undone: the suggestion on ${words} is open again, and the fix it became is deleted.` : `Undone: the suggestion on ${words} is open again.` })
      } catch (err) {
        setMessage({ tone: 'error', text: `Could not undo: ${(err as Error).message}` })
        void loadChecks()
      }
    })
    // Another decision was still on its way: the undo stays on offer (press Z again), never lost.
    if (!ran) offerUndo({ decision: u.decision, suggestion: u.suggestion, annotationId: u.annotationId, notice: u.notice })
  }, [takeUndo, offerUndo, gate, reopened, loadChecks, keepFocus, ownWrite, noteOwn])
  // The dismissed suggestions, listed when the panel's "Dismissed" filter is on; each can be restored.
  const [suggestionView, setSuggestionView] = useState<'open' | 'dismissed'>('open')
  const [dismissed, setDismissed] = useState<SuggestionDto[] | null>(null)
  useEffect(() => {
    if (suggestionView !== 'dismissed') return
    let live = true
    callApi<{ suggestions: SuggestionDto[] }>('GET', `/api/articles/${articleId}/suggestions?status=dismissed`)
      .then((out) => live && setDismissed(out.suggestions.filter((x) => x.revision === revision)))
      .catch((err) => live && setMessage({ tone: 'error', text: `Dismissed suggestions could not be loaded: ${(err as Error).message}` }))
    return () => {
      live = false
    }
  }, [suggestionView, articleId, revision, suggestions])
  const restoreSuggestion = useCallback(
    async (sug: SuggestionDto) => {
      try {
        const { suggestion } = await callApi<{ suggestion: SuggestionDto }>('POST', `/api/suggestions/${sug.id}/restore`)
        setDismissed((list) => list?.filter((x) => x.id !== sug.id) ?? null)
        reopened(suggestion)
        if (undoable?.suggestion.id === sug.id) clearUndo()
        setMessage({ tone: 'ok', text: `Restored: the suggestion on “${sug.exact.trim() || sug.exact}” is open again.` })
      } catch (err) {
        setMessage({ tone: 'error', text: (err as Error).message })
        void loadChecks()
      }
    },
    [reopened, loadChecks, undoable, clearUndo],
  )
  const markVerified = useCallback(async (a: PageAnnotation) => {
    try {
      const updated = await ownWrite(() => callApi<AnnotationDto>('PATCH', `/api/annotations/${a.id}`, { version: a.version, verified: true }))
      noteOwn(updated.id, updated.version)
      setAnnotations((list) => list.map((x) => (x.id === updated.id ? updated : x)))
      setMessage({ tone: 'ok', text: 'Quote marked verified.' })
    } catch (err) {
      setMessage({ tone: 'error', text: (err as Error).message })
    }
  }, [ownWrite, noteOwn])

  // A layout effect: the keys act on what is on screen. Registered after paint (useEffect), a key
  // pressed right after a change (Enter on a suggestion just reopened, Z on a toast just shown)
  // reached the handler of the screen before it, under load.
  useLayoutEffect(() => {
    function onKey(e: KeyboardEvent) {
      const target = e.target as HTMLElement
      // Not while typing, and not behind a modal dialog (its keys are its own).
      if (e.metaKey || e.ctrlKey || e.altKey || target.closest('input, textarea, select, [contenteditable], dialog')) return
      const key = e.key.toLowerCase()
      if (key === 'escape') {
        setPending(null)
        leaveForm()
        setPicker(null)
        return
      }
      if (pending && !form && (key === 'c' || key === 'q' || key === 'e')) {
        e.preventDefault()
        openForm(key === 'c' ? 'claim' : key === 'q' ? 'quote' : 'error')
      } else if (key === 's' && rootRef.current) {
        e.preventDefault()
        const sel = selectionOffsets(rootRef.current)
        // The selection, else the word under the pointer, else (after the arrow keys moved it) the caret.
        const at = sel?.start ?? (mouse.current ? offsetAtPoint(rootRef.current, mouse.current.x, mouse.current.y) : caretOffset(rootRef.current))
        selectSentenceAt(at)
      } else if (key === 'j') move(1)
      else if (key === 'k') move(-1)
      else if (selectedSuggestion && !readOnly && !form && (key === 'enter' || key === 'x' || key === 'a') && !target.closest('button, a, [role="slider"]')) {
        e.preventDefault()
        // A held key repeats, a double tap lands on the next suggestion: one key press, one decision.
        if (!gate.keyCounts(selectedSuggestion.id, e.repeat)) return
        if (key === 'x') void dismissSuggestion(selectedSuggestion)
        else void acceptSuggestion(selectedSuggestion, selectedSuggestion.correction)
      } else if (key === 'z' && undoAvailable() && !readOnly && !form) {
        e.preventDefault()
        if (!e.repeat) void undoDecision()
      } else if (key === 'v' && selectedId && !readOnly) {
        const a = byIdRef.current.get(selectedId)
        if (a?.kind === 'quote' && !a.verified && quoteChecks.get(a.id)?.status === 'verbatim') {
          e.preventDefault()
          void markVerified(a)
        }
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [pending, form, openForm, leaveForm, selectSentenceAt, move, selectedSuggestion, readOnly, acceptSuggestion, dismissSuggestion, selectedId, quoteChecks, markVerified, gate, undoAvailable, undoDecision])

  async function save(values: FormValues) {
    setSameFix(null)
    setOffer(null)
    try {
      if (form?.editing) {
        const editing = form.editing
        const updated = await ownWrite(() => callApi<AnnotationDto>('PATCH', `/api/annotations/${editing.id}`, { version: editing.version, ...values }))
        noteOwn(updated.id, updated.version)
        setAnnotations((list) => list.map((a) => (a.id === updated.id ? updated : a)))
        setMessage({ tone: 'ok', text: 'Saved.' })
      } else if (pending && form) {
        const { kind } = form
        const { start, end, exact } = pending
        const created = await ownWrite(() => callApi<AnnotationDto>('POST', `/api/articles/${articleId}/annotations`, { kind, start, end, exact, revision, ...values }))
        noteOwn(created.id, created.version)
        // Without a copy a live refetch may have put there already.
        setAnnotations((list) => [...list.filter((x) => x.id !== created.id), created].sort(byPosition))
        setSelectedId(created.id)
        setMessage({ tone: 'ok', text: `${created.kind[0].toUpperCase()}${created.kind.slice(1)} saved.` })
        if (created.kind === 'error') afterFixSaved(created)
        // A new quote is looked up in the transcripts at once, so its check shows without a reload.
        if (created.kind === 'quote') void loadQuoteChecks().catch(() => undefined)
        window.getSelection()?.removeAllRanges()
      }
      // Saved: the draft has done its work.
      if (form?.key) removeDraft(form.key)
      setFormDirty(false)
      closeForm()
      setPending(null)
    } catch (err) {
      const same = sameFixOf(err)
      if (same) {
        // Saved already (another tab, or the desk's own suggestion accepted): say which, and go to it.
        setMessage(null)
        setSameFix(same)
        // The same fix is on the desk: nothing of this form is lost with its draft.
        if (form?.key) removeDraft(form.key)
        setFormDirty(false)
        closeForm()
        setPending(null)
        window.getSelection()?.removeAllRanges()
      } else setMessage({ tone: 'error', text: (err as Error).message })
    }
  }

  /**
   * A fix was saved: the desk's identical suggestion is taken (the server settled it), and if its
   * words occur elsewhere, the same fix is offered for each of them (issue 22).
   */
  function afterFixSaved(created: AnnotationDto) {
    const same = (x: { start: number; end: number; exact: string; correction: string | null }) => x.start === created.start && x.end === created.end && x.exact === created.exact && x.correction === created.correction
    const settled = suggestions.filter(same)
    if (settled.length) {
      setSuggestions((list) => list.filter((x) => !same(x)))
      setTaken((list) => [...list, ...settled.map((x) => ({ ...x, status: 'accepted' as const, takenBy: created.id }))].sort((a, b) => a.start - b.start || a.end - b.end))
    }
    const fixed = annotations.filter((a) => a.kind === 'error' && !a.orphaned && (a.status === 'open' || a.status === 'approved') && a.exact === created.exact && a.correction === created.correction)
    const spans = otherOccurrences(body, created, fixed)
    if (spans.length) setOffer({ fix: created, spans })
  }

  async function fixAll() {
    if (!offer || fixingAll) return
    setFixingAll(true)
    try {
      const out = await ownWrite(() => callApi<OccurrencesResult>('POST', `/api/annotations/${offer.fix.id}/occurrences`, { revision, occurrences: offer.spans }))
      for (const x of [out.fix, ...out.created]) noteOwn(x.id, x.version)
      setAnnotations((list) => [...list.map((a) => (a.id === out.fix.id ? out.fix : a)), ...out.created].sort(byPosition))
      const settled = new Map(out.created.map((c) => [`${c.start}:${c.end}:${c.correction}`, c.id]))
      const takenNow = (x: SuggestionDto) => x.exact === offer.fix.exact && settled.has(`${x.start}:${x.end}:${x.correction}`)
      const nowTaken = suggestions.filter(takenNow).map((x) => ({ ...x, status: 'accepted' as const, takenBy: settled.get(`${x.start}:${x.end}:${x.correction}`) }))
      setSuggestions((list) => list.filter((x) => !takenNow(x)))
      if (nowTaken.length) setTaken((list) => [...list, ...nowTaken].sort((a, b) => a.start - b.start || a.end - b.end))
      const n = out.created.length
      const already = out.alreadyFixed.length ? ` ${out.alreadyFixed.length} already had this fix.` : ''
      setMessage({ tone: 'ok', text: n ? `Fixed ${n} more occurrence${n === 1 ? '' : 's'} of ${quoted(offer.fix.exact, 60)}: ${n + 1} fixes, to be reviewed together.${already}` : `Nothing more to fix.${already}` })
      setOffer(null)
      keepFocus()
    } catch (err) {
      setMessage({ tone: 'error', text: (err as Error).message })
    } finally {
      setFixingAll(false)
    }
  }

  /** Go to a fix named by a 409 (fetching the list first when it was made in another tab). */
  async function showFix(id: string) {
    if (!byIdRef.current.has(id)) {
      try {
        const out = await callApi<{ revision: number; annotations: AnnotationDto[] }>('GET', `/api/articles/${articleId}/annotations`)
        if (out.revision === revisionRef.current) {
          const list = out.annotations.sort(byPosition)
          byIdRef.current = new Map(list.map((a) => [a.id, a]))
          setAnnotations(list)
        }
      } catch (err) {
        setMessage({ tone: 'error', text: (err as Error).message })
        return
      }
    }
    changeFilters(ALL) // so the fix is in the list whatever was filtered (or shown of others' changes)
    setSameFix(null)
    keepFocus()
    jump(id)
    // Its item in the sidebar takes the focus, so the keyboard is where the fix is.
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-testid="sidebar-item"][data-id="${id}"] button`)?.focus({ preventScroll: true }))
  }

  // Stable, so the sidebar's memoised items do not all re-render when one annotation changes.
  const [confirm, confirmDialog] = useConfirm()
  // Unsaved text in the form: leaving the page (reload, a link, Back) is asked first.
  const askLeave = useCallback(
    () => confirm({ message: `Leave this page? Your ${formNow.current?.kind ?? 'annotation'} is not saved. It stays here as a draft in this browser, and comes back when you open this article again.`, confirm: 'Leave page' }),
    [confirm],
  )
  useLeaveGuard(Boolean(form) && formDirty && !readOnly, askLeave)
  const remove = useCallback(async (a: PageAnnotation) => {
    if (!(await confirm({ message: `Delete this ${a.kind} (${quoted(a.exact, 60)})?`, confirm: `Delete ${a.kind}`, danger: true }))) return
    try {
      await ownWrite(() => callApi('DELETE', `/api/annotations/${a.id}`))
      noteOwn(a.id, Infinity)
      setAnnotations((list) => list.filter((x) => x.id !== a.id))
      setSelectedId(null)
      setMessage({ tone: 'ok', text: 'Deleted.' })
      keepFocus() // its item, with the button that had the focus, is gone
    } catch (err) {
      setMessage({ tone: 'error', text: (err as Error).message })
    }
  }, [confirm, keepFocus, ownWrite, noteOwn])
  const edit = useCallback((a: PageAnnotation, preset?: FormPreset) => {
    formOpener.current = document.activeElement as HTMLElement | null
    const kept = draftFor(a.kind, a)
    // Values copied from an earlier claim are what was asked for: not a draft from before.
    setForm({ kind: a.kind, editing: a, preset, ...kept, draft: preset ? undefined : kept.draft })
  }, [draftFor])
  // The overlap picker takes the focus when it opens, and gives it back to the text when it closes.
  const pickerRef = useRef<HTMLDivElement>(null)
  const hadPicker = useRef(false)
  useLayoutEffect(() => {
    if (picker) {
      hadPicker.current = true
      pickerRef.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus({ preventScroll: true })
    } else if (hadPicker.current) {
      hadPicker.current = false
      focusTextIfLost()
    }
  }, [picker, focusTextIfLost])
  // In the commit that shows the list again (a layout effect: never a frame without focus).
  useLayoutEffect(() => {
    const back = refocusAfterClose.current
    if (form || !back) return
    refocusAfterClose.current = null
    if (back.isConnected) back.focus({ preventScroll: true })
    else rootRef.current?.focus({ preventScroll: true })
  }, [form])
  // The polite live region: saves, decisions and colleagues' changes are read out once, without
  // moving the focus. It is always on the page and only its text changes (a notice that appears
  // with its text is not reliably announced); the text is written straight into it, with no
  // re-render, and a repeated message gets a no-break space added or taken off so it is read again.
  const announcer = useRef<HTMLParagraphElement>(null)
  const announce = useCallback((text: string) => {
    const el = announcer.current
    if (el) el.textContent = el.textContent === text ? `${text}\u00a0` : text
  }, [])
  const undoRef = useRef(undoable)
  undoRef.current = undoable
  useEffect(() => {
    // errors are role=alert already; a decision that can be undone says how, once
    if (message?.tone === 'ok') announce(message && undoRef.current?.notice === message ? `${message.text} Press Z to undo.` : message.text)
  }, [message, announce])

  const byId = useMemo(() => new Map(annotations.map((a) => [a.id, a])), [annotations])
  const byIdRef = useRef(byId)
  byIdRef.current = byId
  async function reattach(a: PageAnnotation) {
    if (!pending) return
    try {
      const { start, end, exact } = pending
      const updated = await ownWrite(() => callApi<AnnotationDto>('POST', `/api/annotations/${a.id}/reattach`, { start, end, exact, version: a.version }))
      noteOwn(updated.id, updated.version)
      setAnnotations((list) => list.map((x) => (x.id === updated.id ? updated : x)).sort(byPosition))
      setPending(null)
      setSelectedId(updated.id)
      window.getSelection()?.removeAllRanges()
      keepFocus()
      setMessage({ tone: 'ok', text: `Re-attached to ${quote(updated.exact)}.${updated.textChanged ? ' The fix is open again: it needs a fresh review.' : ''}` })
    } catch (err) {
      setMessage({ tone: 'error', text: (err as Error).message })
    }
  }

  async function dismiss(a: PageAnnotation) {
    try {
      await ownWrite(() => callApi('POST', `/api/annotations/${a.id}/dismiss`, { version: a.version }))
      noteOwn(a.id, Infinity)
      setAnnotations((list) => list.filter((x) => x.id !== a.id))
      keepFocus()
    } catch (err) {
      setMessage({ tone: 'error', text: (err as Error).message })
    }
  }

  // ── Live: others' work appears as it commits (lib/live/client) ─────────────────────────────
  const router = useRouter()
  const [viewers, setViewers] = useState<PresenceViewer[]>([])
  const [newRevision, setNewRevision] = useState<NewRevision | null>(null)
  const [formNotice, setFormNotice] = useState<string | null>(null)
  const [articleGone, setArticleGone] = useState<string | null>(null)
  // While the pointer is over the side panel, updates wait (the list must not move under it).
  const overPanel = useRef(false)
  // A fetched list not yet on screen: applied at once, unless the pointer is over the panel and it
  // holds someone else's changes (then it waits, offered in a notice, until asked for or left).
  const [incoming, setIncoming] = useState<Incoming | null>(null)
  /** Who changed which annotation, from the live events since the list on screen was fetched. */
  const changedBy = useRef(new Map<string, string>())
  const changers = useRef(new Set<string>())
  const formRef = useRef(form)
  formRef.current = form
  const revisionRef = useRef<number>(revision)
  const refetch = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const fetchSeq = useRef(0)
  const newRevisionRef = useRef<NewRevision | null>(null)
  newRevisionRef.current = newRevision
  // Title or status changed by someone else while a form is open: re-render once it closes.
  const [detailsStale, setDetailsStale] = useState(false)
  const refreshAnnotations = useCallback(() => {
    clearTimeout(refetch.current)
    // A burst of events (a publication, a bulk import) is one refetch.
    refetch.current = setTimeout(async () => {
      const mine = ++fetchSeq.current
      const fetchedAt = ++clock.current
      try {
        const out = await callApi<{ revision: number; annotations: AnnotationDto[]; reviews?: ReviewDto[] }>('GET', `/api/articles/${articleId}/annotations`)
        // An older answer arriving after a newer one would undo it.
        if (mine !== fetchSeq.current) return
        // Offsets for another revision than the one on screen would sit on the wrong words.
        if (out.revision !== revisionRef.current) return
        setIncoming({ list: out.annotations.sort(byPosition), reviews: out.reviews ?? [], fetchedAt })
      } catch {
        // a later event or the reconnect's replay tries again
      }
    }, 100)
  }, [articleId])
  useEffect(() => () => clearTimeout(refetch.current), [])
  const onLive = useCallback(
    (e: LiveEvent) => {
      const d = e.data
      const mine = d.actor.id === viewer.id
      if (d.type === 'presence') {
        if (d.viewers) setViewers(d.viewers)
        return
      }
      if (!mine) {
        const said = describeLiveEvent(d)
        if (said) announce(said)
      }
      // Who changed what, for the notice and the cards (this tab's own writes are not changes to show).
      if (d.type === 'annotation' || d.type === 'review' || (d.type === 'suggestion' && d.action === 'accepted')) {
        const target = d.annotationId ?? d.id
        const fromHere = mine && (ownWrites.current.has(target) || writingRef.current > 0)
        if (!fromHere) {
          const who = mine ? 'You (in another tab)' : d.actor.name
          changedBy.current.set(target, who)
          changers.current.add(who)
        }
      }
      if (d.type === 'revision') {
        if (d.revision !== undefined && d.revision > revisionRef.current) {
          setNewRevision((r) => ({ revision: d.revision!, by: d.actor.name, reanchor: d.action === 'created' ? (d.reanchor ?? null) : (r?.reanchor ?? null), published: d.action === 'published' || Boolean(r?.published) }))
        } else refreshAnnotations() // a publication at this revision: statuses changed
        return
      }
      if (d.type === 'article') {
        if (d.action === 'deleted') setArticleGone(`${d.actor.name} deleted this article.`)
        // Title or status: re-render the page's header. Not while a newer revision waits in the
        // banner (the refresh would swap the text in) or a form is open (it stays as typed).
        else if (!mine && !newRevisionRef.current) {
          if (formRef.current) setDetailsStale(true)
          else router.refresh()
        }
        return
      }
      if (d.type === 'suggestion' || d.type === 'source') {
        void loadChecks()
        if (d.action !== 'accepted') return
      }
      // An annotation, a review, a comment (its count), an accepted suggestion: refetch the list.
      refreshAnnotations()
      if (d.type === 'comment') return
      const editing = formRef.current?.editing
      const target = d.annotationId ?? d.id
      if (editing && target === editing.id && !mine) {
        const what = d.type === 'review' ? (d.action === 'undone' ? 'took back a decision on it' : `${d.action} it`) : d.action === 'deleted' ? 'deleted it' : 'changed it'
        setFormNotice(`${d.actor.name} ${what} while you were editing. Your save is checked against the version you opened: if it was changed, you will be told, and nothing is overwritten.`)
      }
    },
    [viewer.id, refreshAnnotations, loadChecks, router, announce],
  )
  const liveStatus = useLiveStream(`/api/articles/${articleId}/events`, liveSince, { onEvent: onLive, onResync: refreshAnnotations, onEnd: (end) => setArticleGone(end.message) })
  useEffect(() => {
    if (form) return
    setFormNotice(null)
    if (detailsStale && !newRevisionRef.current) {
      setDetailsStale(false)
      router.refresh()
    }
  }, [form, detailsStale, router])
  // What the fetched list changes besides this tab's own writes (none while one is unanswered: the
  // list may hold it already, and its answer says which it is).
  const changes = useMemo<Changes | null>(() => (incoming && writing === 0 ? diffAnnotations(annotations, incoming.list, ownWrites.current, incoming.fetchedAt) : null), [incoming, writing, annotations])
  const heldChanges = changes && !isEmpty(changes) ? changes : null
  /** Put the fetched list on screen; with `show`, list exactly what someone else changed. */
  const applyIncoming = useCallback(
    (show: boolean) => {
      if (!incoming || !changes) return
      setAnnotations(mergeIncoming(annotations, incoming.list, ownWrites.current, incoming.fetchedAt, byPosition))
      setReviews((prev) => mergeReviews(prev, incoming.reviews))
      setIncoming(null)
      if (show && !isEmpty(changes)) {
        const how = new Map<string, string>()
        for (const id of changes.added) how.set(id, `Added by ${changedBy.current.get(id) ?? 'someone else'}`)
        for (const id of changes.changed) how.set(id, `Changed by ${changedBy.current.get(id) ?? 'someone else'}`)
        const ids = [...changes.added, ...changes.changed]
        setChangedView({ ids, how, removed: changes.removed, who: [...changers.current].join(', ') || 'Someone else' })
        const first = incoming.list.find((a) => how.has(a.id) && !a.orphaned)
        if (first) select(first.id)
      }
      changedBy.current.clear()
      changers.current.clear()
    },
    [incoming, changes, annotations, select],
  )
  // Nothing to show (only this tab's writes), or the pointer is not over the panel: on screen at once.
  useEffect(() => {
    if (changes && (isEmpty(changes) || !overPanel.current)) applyIncoming(false)
  }, [changes, applyIncoming])
  const others = viewers.filter((v) => v.id !== viewer.id)
  /** A mark in words (made only when one is selected or read out, not for all 2,000 on each change). */
  const labelOf = useCallback(
    (id: string) => {
      const a = byIdRef.current.get(id)
      if (a) return a.orphaned ? `${markLabel(a, reviews.get(id))} (lost its place: re-attach it)` : markLabel(a, reviews.get(id))
      const x = suggestions.find((s) => s.id === id)
      return x ? markLabel({ ...x, kind: 'suggestion', version: 0 }) : ''
    },
    [suggestions, reviews],
  )
  const jump = useCallback(
    (id: string) => {
      keyboardPick.current = id
      select(id)
    },
    [select],
  )
  // What J/K or the strip selected is read out (the focus stays where it is, so nothing else would).
  useEffect(() => {
    const id = keyboardPick.current
    if (!id || id !== selectedId) return
    keyboardPick.current = null
    const label = labelOf(id)
    if (label) announce(label)
  }, [selectedId, labelOf, announce])
  // Follows every change on the page (own saves, colleagues' live ones, suggestions decided).
  const progress = useMemo<Progress>(() => {
    const p: Progress = { open: 0, approved: 0, rejected: 0, published: 0, suggestions: suggestions.length }
    for (const a of annotations) {
      if (a.kind !== 'error') continue
      if (a.status === 'applied') p.published++
      else p[a.status]++
    }
    return p
  }, [annotations, suggestions])

  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_auto_22rem]">
      <p ref={announcer} aria-live="polite" aria-atomic="true" className="sr-only" data-testid="announcer" />
      {confirmDialog}
      <div>
        <ProgressLine progress={progress} className="mb-2" />
        <div className="mb-3 flex flex-wrap items-center gap-3 text-sm">
          <label className="inline-flex items-center gap-2">
            <input type="checkbox" checked={sentenceMode} onChange={(e) => setSentenceMode(e.target.checked)} data-testid="sentence-mode" />
            Sentence mode <span className="text-stone-500">(click a sentence, or press S)</span>
          </label>
          <span className="text-stone-500">Select text, then Claim (C), Quote (Q) or Error (E). J/K move between annotations and suggestions; on a suggestion, Enter or A accepts and X dismisses, Z undoes for a few seconds; V marks a verbatim quote verified.</span>
        </div>
        <div className="mb-3 flex flex-wrap items-center gap-3 text-xs" aria-live="polite">
          <span data-testid="live-status" data-status={liveStatus} className={`rounded px-2 py-0.5 ${liveStatus === 'live' ? 'bg-emerald-50 text-emerald-800' : liveStatus === 'ended' ? 'bg-stone-100 text-stone-700' : 'bg-amber-50 text-amber-900'}`}>
            {liveStatusText(liveStatus)}
          </span>
          <span data-testid="presence" className="text-stone-600">
            {others.length === 0 ? 'No one else has this article open.' : `Also here: ${others.map((v) => v.name).join(', ')}`}
          </span>
        </div>
        {newRevision && (
          <div role="status" data-testid="new-revision" className="mb-3 flex flex-wrap items-center gap-3 rounded border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-900">
            <span>
              {newRevision.by} {newRevision.published ? 'published' : 'saved'} revision {newRevision.revision}.{reanchorSummary(newRevision.reanchor) ? ` ${reanchorSummary(newRevision.reanchor)}.` : ''} You are reading revision {revision}.
            </span>
            <button type="button" onClick={() => router.refresh()} className="rounded border border-sky-400 bg-white px-2 py-0.5 hover:bg-sky-100">
              Load revision {newRevision.revision}
            </button>
          </div>
        )}
        {articleGone && (
          <p role="alert" data-testid="article-gone" className="mb-3 rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
            {articleGone}
          </p>
        )}
        <NoticeBanner notice={message} testId="annotator-message" className="mb-3" />
        {sameFix && <SameFixNotice same={sameFix} onShow={(id) => void showFix(id)} />}
        {offer && !readOnly && <OccurrencesOffer exact={offer.fix.exact} correction={offer.fix.correction ?? ''} spans={offer.spans} busy={fixingAll} onFixAll={() => void fixAll()} onDismiss={() => setOffer(null)} />}
        {!readOnly && <UndoToast undoable={undoable} onUndo={() => void undoDecision()} />}
        <div
          ref={rootRef}
          data-testid="article-text"
          lang={language}
          dir={directionOf(language)}
          className="article-focus rounded-lg border border-stone-200 bg-white px-4 py-4 sm:px-8 sm:py-6"
          tabIndex={0}
          aria-label="The story: select with the mouse, or with Shift and the arrow keys"
          onMouseUp={onMouseUp}
          onKeyDown={onArticleKeyDown}
          onMouseMove={(e) => (mouse.current = { x: e.clientX, y: e.clientY })}
        >
          <ArticleText body={body} language={language} annotations={placed} suggestions={showSuggestions ? suggestions : NO_SUGGESTIONS} selectedId={selectedId} reviews={reviews} onSegmentClick={onSegmentClick} />
        </div>
        {pending && !form && <SelectionToolbar root={rootRef} words={pending} onPick={openForm} drafts={pendingDrafts} />}
        {picker && (
          <div
            ref={pickerRef}
            role="menu"
            aria-label="Overlapping annotations"
            data-testid="overlap-picker"
            onKeyDown={(e) => {
              // Up and Down move between the choices; Escape (the page's key) closes it.
              if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return
              e.preventDefault()
              const items = [...e.currentTarget.querySelectorAll<HTMLElement>('[role=menuitem]')]
              const i = items.indexOf(document.activeElement as HTMLElement)
              items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus()
            }}
            className="fixed z-20 w-72 max-w-[calc(100vw-1rem)] rounded-md border border-stone-300 bg-white p-1 shadow-lg" style={{ top: picker.rect.bottom + 6, left: Math.max(8, Math.min(picker.rect.left, window.innerWidth - 296)) }}>
            <p className="px-2 py-1 text-xs text-stone-500">Several annotations overlap here:</p>
            {picker.ids.map((id) => {
              const a = byId.get(id)
              if (!a) return null
              return (
                <button key={id} role="menuitem" type="button" className="block w-full truncate rounded px-2 py-1 text-left text-sm hover:bg-stone-100" onClick={() => (setSelectedId(id), setPicker(null))}>
                  <span className="font-medium capitalize">{a.kind}</span> {quoted(a.exact)}
                </button>
              )
            })}
          </div>
        )}
      </div>
      {overview ? (
        <section aria-label="Overview of the article" className="hidden lg:block">
          <div className="sticky top-4 h-[calc(100vh-2rem)] py-1">
            <AnnotatorOverview textLength={bodyLength} shown={shown} orphans={orphans} suggestions={showSuggestions ? suggestions : NO_SUGGESTIONS} selectedId={selectedId} onJump={jump} textRoot={rootRef} labelOf={labelOf} />
          </div>
        </section>
      ) : (
        <div />
      )}
      <aside
        ref={asideRef}
        data-scroll-panel
        className="lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)] lg:overflow-y-auto"
        onMouseEnter={() => (overPanel.current = true)}
        onMouseLeave={() => {
          overPanel.current = false
          if (heldChanges) applyIncoming(false)
        }}
      >
        {heldChanges && (
          <button type="button" data-testid="held-updates" onClick={() => applyIncoming(true)} className="mb-2 w-full rounded border border-sky-300 bg-sky-50 px-2 py-1 text-left text-sm text-sky-900 hover:bg-sky-100">
            {heldNotice(heldChanges, changedBy.current, changers.current)}
          </button>
        )}
        {form && (
          <FormPlace root={rootRef} words={form.editing ? null : pending}>
          {formNotice && (
            <p role="status" data-testid="form-notice" className="mb-2 rounded border border-amber-300 bg-amber-50 px-2 py-1 text-sm text-amber-900">
              {formNotice}
            </p>
          )}
          <AnnotationForm
            key={`${form.kind}-${form.editing?.id ?? 'new'}-${form.preset?.basedOn ?? ''}-${form.fresh ?? 0}`}
            articleId={articleId}
            kind={form.kind}
            exact={form.editing?.exact ?? pending?.exact ?? ''}
            initial={form.editing}
            preset={form.preset}
            draft={form.draft?.values}
            restoredAt={form.draft?.savedAt}
            onDraftChange={form.key ? onDraftChange : undefined}
            onDiscardDraft={form.key ? discardDraft : undefined}
            onCancel={leaveForm}
            onEscape={() => {
              setPending(null) // as Escape anywhere on the page: the selection's toolbar goes too
              leaveForm()
            }}
            onSave={save}
          />
          </FormPlace>
        )}
        {/* Hidden, not unmounted, while a form is open: the list keeps how far it has grown. The
            editor's own work and the filters come first; suggestions and sources have their own sections after. */}
        <div hidden={Boolean(form)}>
          {drafts.length > 0 && (
            <section className="mb-4 rounded-lg border border-sky-300 bg-sky-50 p-3 text-sm text-sky-900" data-testid="drafts" aria-labelledby="drafts-heading">
              <h2 id="drafts-heading" className="mb-1 font-semibold">Your unsaved drafts ({drafts.length})</h2>
              <ul className="space-y-1">
                {drafts.map(({ key, draft }) => (
                  <li key={key} data-testid="draft" className="flex flex-wrap items-center gap-2">
                    <span className="min-w-0 flex-1 truncate">
                      {draft.editingId ? 'Changes to a' : 'A new'} {draft.kind} on {quoted(draft.exact, 40)}
                    </span>
                    <button
                      type="button"
                      aria-label={`Resume the draft: ${draft.editingId ? 'changes to a' : 'a new'} ${draft.kind} on ${quoted(draft.exact, 40)}`}
                      onClick={() => {
                        if (!resumeDraft(key, draft)) setMessage({ tone: 'error', text: `The words of this draft (${quoted(draft.exact, 40)}) are no longer in the text: discard it, or copy what you need from it first.` })
                      }}
                      className="rounded border border-sky-400 bg-white px-2 py-0.5 hover:bg-sky-100"
                    >
                      Resume
                    </button>
                    <button
                      type="button"
                      aria-label={`Discard the draft: ${draft.editingId ? 'changes to a' : 'a new'} ${draft.kind} on ${quoted(draft.exact, 40)}`}
                      onClick={() => {
                        removeDraft(key)
                        setDraftsChanged((n) => n + 1)
                        keepFocus()
                        setMessage({ tone: 'ok', text: 'Draft discarded.' })
                      }}
                      className="rounded border border-stone-300 bg-white px-2 py-0.5 hover:bg-stone-100"
                    >
                      Discard
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {changedView && (
            <div role="status" data-testid="changed-view" className="mb-2 rounded border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-900">
              <p>
                Showing what {changedView.who} changed: {count(changedView.ids.length, 'annotation')}
                {changedView.removed.length > 0 && (
                  <>
                    ; deleted: {changedView.removed.map((a) => `the ${a.kind} ${quoted(a.exact, 60)}`).join(', ')}
                  </>
                )}
                .
              </p>
              <button type="button" onClick={() => setChangedView(null)} className="mt-1 rounded border border-sky-400 bg-white px-2 py-0.5 hover:bg-sky-100">
                Show all annotations
              </button>
            </div>
          )}
          <Sidebar
            shown={shown}
            filters={filters}
            onFiltersChange={changeFilters}
            selectedId={selectedId}
            viewer={viewer}
            onSelect={select}
            onEdit={edit}
            onDelete={remove}
            readOnly={readOnly}
            quoteChecks={quoteChecks}
            onVerify={markVerified}
            reviews={reviews}
            changed={changedView?.how}
            groupSizes={groupSizes}
          />
          {orphans.length > 0 && !readOnly && (
            <section className="mb-4 rounded-lg border border-amber-300 bg-amber-50 p-3" data-testid="needs-reanchoring">
              <h2 className="mb-1 text-sm font-semibold text-amber-900">Needs re-anchoring ({orphans.length})</h2>
              <p className="mb-2 text-xs text-amber-900">The text these were on changed too much to find them again. Select the new text, then re-attach — or dismiss.</p>
              <ul className="space-y-2">
                {orphans.map((a) => (
                  <li key={a.id} data-testid="orphan" className="rounded bg-white p-2 text-sm">
                    <span className="font-medium capitalize">{a.kind}</span> <span className="font-serif text-stone-700">{quote(a.exact)}</span>
                    {a.kind === 'error' && <span className="ml-1 text-xs uppercase tracking-wide text-stone-500">{a.status}</span>}
                    <div className="mt-1 flex gap-2">
                      <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={() => reattach(a)} disabled={!pending} title={pending ? undefined : 'Select the text to attach it to first'} className="rounded border border-stone-300 px-2 py-0.5 hover:bg-stone-100 disabled:opacity-50">
                        Re-attach to selection
                      </button>
                      {(() => {
                        // An approved or published fix is for its author (or an admin) to give up on; the server says so too.
                        const decided = a.kind === 'error' && (a.status === 'approved' || a.status === 'applied')
                        const allowed = !decided || a.createdBy === viewer.id || viewer.role === 'admin'
                        return (
                          <button type="button" onClick={() => dismiss(a)} disabled={!allowed} title={allowed ? undefined : `Only ${a.createdByName} or an admin may dismiss a fix that is ${a.status}`} className="rounded border border-stone-300 px-2 py-0.5 hover:bg-stone-100 disabled:opacity-50">
                            Dismiss
                          </button>
                        )
                      })()}
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {showSuggestions && (
            <SuggestionsPanel
              suggestions={suggestions}
              taken={taken}
              onShowFix={(id) => void showFix(id)}
              missing={missing}
              loading={checking}
              selectedId={selectedId}
              readOnly={readOnly}
              onSelect={select}
              onAccept={acceptSuggestion}
              onDismiss={dismissSuggestion}
              view={suggestionView}
              onViewChange={(v) => {
                if (v === 'dismissed') setDismissed(null)
                setSuggestionView(v)
              }}
              dismissed={dismissed}
              onRestore={restoreSuggestion}
            />
          )}
          <SourcesPanel articleId={articleId} canWrite={!readOnly} onChange={loadChecks} />
        </div>
      </aside>
    </div>
  )
}

/**
 * The overview strip of the annotate page. A save paints its highlight first; the strip follows
 * just after that frame, in a render of its own (this component alone), so 2,000 marks are never
 * in the way of the change the reader is waiting for.
 */
const AnnotatorOverview = memo(function AnnotatorOverview({ shown, orphans, suggestions, ...strip }: { shown: PageAnnotation[]; orphans: PageAnnotation[]; suggestions: SuggestionDto[]; textLength: number; selectedId: string | null; onJump: (id: string) => void; textRoot: React.RefObject<HTMLElement | null>; labelOf: (id: string) => string }) {
  // The strip's inputs as of the last painted frame: a change reaches the strip after the frame
  // that shows it in the text (first render: as given, so the server draws the strip).
  const [later, setLater] = useState({ shown, orphans, suggestions })
  useEffect(() => {
    if (later.shown === shown && later.orphans === orphans && later.suggestions === suggestions) return
    let timer: ReturnType<typeof setTimeout> | undefined
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setLater({ shown, orphans, suggestions }))))
    return () => {
      cancelAnimationFrame(frame)
      clearTimeout(timer)
    }
  }, [shown, orphans, suggestions, later])
  const { shown: laterShown, orphans: laterOrphans, suggestions: laterSuggestions } = later
  const marks = useMemo<OverviewMark[]>(() => {
    const out: OverviewMark[] = []
    for (const a of laterShown) out.push({ id: a.id, start: a.start, end: a.end, lane: a.kind, state: a.status })
    for (const a of laterOrphans) out.push({ id: a.id, start: a.start, end: a.end, lane: a.kind, state: 'orphaned' })
    for (const x of laterSuggestions) out.push({ id: x.id, start: x.start, end: x.end, lane: 'suggestion', state: 'suggestion' })
    return out
  }, [laterShown, laterOrphans, laterSuggestions])
  return <OverviewStrip marks={marks} {...strip} />
})
