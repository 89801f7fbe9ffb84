// A rule's optional write-back to the mailbox, off by default: the toggle turns it on with an IMAP keyword or a
// folder (the sender's mail with this label then gets the keyword, or is moved there, on the server), or off.
import { useState } from 'react'
import { api } from '../../api/client'
import { useInvalidate } from '../../api/invalidate'
import { ErrorMessage } from '../../components/states'
import { categoryLabels } from './email-categories'

type Rule = { id: string; labelName: keyof typeof categoryLabels; writeBack: { kind: 'keyword' | 'folder'; target: string } | null }

const defaultTarget = (kind: 'keyword' | 'folder', label: keyof typeof categoryLabels) =>
  kind === 'keyword' ? `$${categoryLabels[label]}` : categoryLabels[label]

export function RuleWriteBack({ rule }: { rule: Rule }) {
  const invalidate = useInvalidate()
  const [open, setOpen] = useState(false)
  // The toggle answers at once; the server's rule follows (turning off is saved right away, on waits for Save).
  const [on, setOn] = useState(rule.writeBack !== null)
  const [kind, setKind] = useState<'keyword' | 'folder'>(rule.writeBack?.kind ?? 'keyword')
  const [target, setTarget] = useState(rule.writeBack?.target ?? defaultTarget('keyword', rule.labelName))
  const save = api.useMutation('patch', '/api/v1/email/rules/{id}', {
    onSuccess: () => (setOpen(false), invalidate('/api/v1/email/rules')),
  })
  const patch = (writeBack: Rule['writeBack']) => save.mutate({ params: { path: { id: rule.id } }, body: { writeBack } })
  return (
    <div className="actions" role="group" aria-label="Write-back to the mailbox">
      <label>
        <input
          type="checkbox"
          checked={on}
          disabled={save.isPending}
          onChange={(e) => {
            setOn(e.target.checked)
            setOpen(e.target.checked)
            if (!e.target.checked && rule.writeBack) patch(null)
          }}
        />{' '}
        Write back to the mailbox
      </label>
      {on && rule.writeBack && !open && (
        <span className="meta">
          {rule.writeBack.kind === 'keyword' ? `keyword ${rule.writeBack.target}` : `move to ${rule.writeBack.target}`}{' '}
          <button type="button" className="link-button" onClick={() => setOpen(true)}>
            Change
          </button>
        </span>
      )}
      {open && (
        <form
          className="actions"
          onSubmit={(e) => {
            e.preventDefault()
            patch({ kind, target })
          }}
        >
          <select
            aria-label="Write-back kind"
            value={kind}
            onChange={(e) => {
              const next = e.target.value as 'keyword' | 'folder'
              setKind(next)
              setTarget(defaultTarget(next, rule.labelName))
            }}
          >
            <option value="keyword">IMAP keyword</option>
            <option value="folder">Move to folder</option>
          </select>
          <input aria-label="Keyword or folder" value={target} onChange={(e) => setTarget(e.target.value)} size={14} />
          <button type="submit" disabled={save.isPending}>
            Save
          </button>
        </form>
      )}
      {save.isError && <ErrorMessage error={save.error} />}
    </div>
  )
}
