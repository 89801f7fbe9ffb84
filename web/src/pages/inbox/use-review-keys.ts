// The inbox's keyboard: j/k move, x select, o context, a approve, A approve selected, e edit, r reject, m merge.
// Keys typed into a field, or while a form is open or a review is running, are left alone.
import { useEffect } from 'react'
import type { CardActions, ReviewMode } from './proposal-card'
import type { Proposal } from './use-review'

type Options = {
  enabled: boolean
  currentItem: Proposal | undefined
  itemCount: number
  selected: Set<string>
  setCurrent: (update: (current: number) => number) => void
  setMode: (mode: ReviewMode) => void
  actions: CardActions
}

export function useReviewKeys({ enabled, currentItem, itemCount, selected, setCurrent, setMode, actions }: Options) {
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement
      if (!enabled || event.ctrlKey || event.metaKey || event.altKey) return
      if (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.isContentEditable) return
      if (!currentItem) return
      const pending = currentItem.status === 'pending' || currentItem.status === 'held'
      const key = event.key
      if (key === 'j') setCurrent((c) => Math.min(c + 1, itemCount - 1))
      else if (key === 'k') setCurrent((c) => Math.max(c - 1, 0))
      else if (key === 'x') actions.toggleSelected(currentItem.id)
      else if (key === 'o') actions.toggleContext(currentItem.id)
      else if (key === 'a' && pending) actions.approve([currentItem.id])
      else if (key === 'A' && selected.size > 0) actions.approve([...selected])
      else if (key === 'e' && pending) setMode({ kind: 'edit', proposalId: currentItem.id })
      else if (key === 'r' && pending) setMode({ kind: 'reject', proposalId: currentItem.id })
      else if (key === 'm' && pending) setMode({ kind: 'merge', proposalId: currentItem.id })
      else return
      event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  })
}
