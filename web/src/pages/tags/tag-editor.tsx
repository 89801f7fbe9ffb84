// Edits the tags of one task, project or person: comma-separated names (new ones are created), saved as exactly
// that set through PUT /tagged/:kind/:id.
import { useState, type FormEvent } from 'react'
import { api } from '../../api/client'
import { useInvalidate } from '../../api/invalidate'
import { ErrorMessage, Loading } from '../../components/states'

type Kind = 'task' | 'project' | 'person'

function TagForm({ kind, id, initial }: { kind: Kind; id: string; initial: string[] }) {
  const invalidate = useInvalidate()
  const [text, setText] = useState(initial.join(', '))
  const save = api.useMutation('put', '/api/v1/tagged/{kind}/{entityId}', {
    onSuccess: () =>
      invalidate('/api/v1/tagged/{kind}/{entityId}', '/api/v1/people/{id}', '/api/v1/people', '/api/v1/tags', '/api/v1/tasks'),
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const tags = text
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean)
    save.mutate({ params: { path: { kind, entityId: id } }, body: { tags } })
  }
  return (
    <form className="filters" aria-label="Tags" onSubmit={submit}>
      <label>
        Tags
        <input value={text} onChange={(e) => setText(e.target.value)} placeholder="comma-separated" />
      </label>
      <button type="submit" disabled={save.isPending}>
        Save tags
      </button>
      {save.isSuccess && <span role="status">Tags saved.</span>}
      {save.isError && <ErrorMessage error={save.error} />}
    </form>
  )
}

export function TagEditor({ kind, id }: { kind: Kind; id: string }) {
  const current = api.useQuery('get', '/api/v1/tagged/{kind}/{entityId}', { params: { path: { kind, entityId: id } } })
  if (current.isPending) return <Loading />
  if (current.isError) return <ErrorMessage error={current.error} />
  return <TagForm kind={kind} id={id} initial={current.data.items.map((t) => t.name)} />
}
