// A "Tag" select over the workspace's tags, for the people, tasks and tags pages' filters.
import { api } from '../../api/client'

export function TagFilter({ value, onChange }: { value: string; onChange: (tag: string) => void }) {
  const tags = api.useQuery('get', '/api/v1/tags', {})
  return (
    <label>
      Tag
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Any</option>
        {(tags.data?.items ?? []).map((t) => (
          <option key={t.id} value={t.name}>
            {t.name}
          </option>
        ))}
      </select>
    </label>
  )
}
