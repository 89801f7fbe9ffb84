// Picks the workspace the session acts in; hidden when the person belongs to only one.
import { useSession } from '../session'

export function WorkspaceSwitcher() {
  const session = useSession()
  if (session.workspaces.length < 2) {
    const only = session.workspaces[0]
    return only ? <span className="workspace-name">{only.name}</span> : null
  }
  return (
    <label className="workspace-switcher">
      <span className="visually-hidden">Workspace</span>
      <select value={session.activeWorkspaceId ?? ''} onChange={(e) => void session.switchWorkspace(e.target.value)}>
        {session.workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
      </select>
    </label>
  )
}
