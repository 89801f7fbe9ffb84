// "Project" picker used by filters and forms: nothing when the workspace has no projects; "" means all projects.
export function ProjectSelect({
  projects,
  value,
  onChange,
  disabled,
}: {
  projects: Array<{ id: string; name: string }>
  value: string
  onChange: (projectId: string) => void
  disabled?: boolean
}) {
  if (projects.length === 0) return null
  return (
    <label>
      Project
      <select value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled}>
        <option value="">All projects</option>
        {projects.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  )
}
