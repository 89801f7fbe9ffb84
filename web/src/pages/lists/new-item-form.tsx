// The form that adds an item to a list, with the fields of the list's kind (media type and year, platform and hours,
// or free NAME=VALUE fields). The server validates by kind and its field messages are shown as they come.
import { useState, type FormEvent } from 'react'
import { api, type ApiItem, type paths } from '../../api/client'
import { useInvalidate } from '../../api/invalidate'
import { ErrorMessage } from '../../components/states'

type List = ApiItem<'get', '/api/v1/lists'>
type ItemBody = NonNullable<paths['/api/v1/lists/{id}/items']['post']['requestBody']>['content']['application/json']

const empty = { title: '', status: '', rating: '', notes: '', mediaType: 'movie', year: '', platform: '', hoursPlayed: '', fields: '' }
const numberOrUndefined = (value: string) => (value.trim() === '' ? undefined : Number(value))

/** "author=Herbert, pages=412" → { author: 'Herbert', pages: '412' } */
function parseFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=')
    if (at > 0) fields[pair.slice(0, at).trim()] = pair.slice(at + 1).trim()
  }
  return fields
}

function bodyFor(kind: List['kind'], form: typeof empty): ItemBody {
  const common = { title: form.title, status: form.status || undefined, rating: numberOrUndefined(form.rating), notes: form.notes }
  if (kind === 'watchlist') return { ...common, mediaType: form.mediaType, year: numberOrUndefined(form.year) }
  if (kind === 'games') return { ...common, platform: form.platform, hoursPlayed: numberOrUndefined(form.hoursPlayed) }
  return { ...common, fields: parseFields(form.fields) }
}

export function NewItemForm({ list }: { list: List }) {
  const invalidate = useInvalidate()
  const [form, setForm] = useState({ ...empty, status: list.statuses?.[list.statuses.length - 1] ?? '' })
  const creation = api.useMutation('post', '/api/v1/lists/{id}/items', {
    onSuccess: () => {
      setForm({ ...empty, status: form.status })
      return invalidate('/api/v1/lists/{id}/items', '/api/v1/lists')
    },
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    creation.mutate({ params: { path: { id: list.id } }, body: bodyFor(list.kind, form) })
  }
  const field = (key: keyof typeof empty) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }),
  })
  return (
    <form className="card filters" onSubmit={submit} aria-label="Add an item">
      {creation.error && <ErrorMessage error={creation.error} />}
      <label>
        Title
        <input required {...field('title')} />
      </label>
      <label>
        Status
        {list.statuses ? (
          <select {...field('status')}>
            {list.statuses.map((s) => (
              <option key={s} value={s}>
                {s.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        ) : (
          <input {...field('status')} placeholder="reading, done…" />
        )}
      </label>
      <label>
        Rating (1–10)
        <input type="number" min={1} max={10} {...field('rating')} />
      </label>
      {list.kind === 'watchlist' && (
        <>
          <label>
            Type
            <select {...field('mediaType')}>
              <option value="movie">movie</option>
              <option value="tv">tv</option>
              <option value="anime">anime</option>
            </select>
          </label>
          <label>
            Year
            <input type="number" {...field('year')} />
          </label>
        </>
      )}
      {list.kind === 'games' && (
        <>
          <label>
            Platform
            <input required {...field('platform')} placeholder="PC, PS5, Switch…" />
          </label>
          <label>
            Hours played
            <input type="number" min={0} step="0.5" {...field('hoursPlayed')} />
          </label>
        </>
      )}
      {list.kind === 'custom' && (
        <label>
          Fields
          <input {...field('fields')} placeholder="author=Herbert, pages=412" />
        </label>
      )}
      <label>
        Notes
        <input {...field('notes')} />
      </label>
      <button type="submit" disabled={creation.isPending}>
        Add
      </button>
    </form>
  )
}
