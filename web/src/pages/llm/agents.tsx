// LLM → Agents: the configured agents (role, model, sampling); analysis uses the local analyser without one.
import { api } from '../../api/client'
import { AsyncView } from '../../components/states'

export function Agents() {
  const agents = api.useQuery('get', '/api/v1/llm/agents', {}, { select: (r) => r.items })
  return (
    <AsyncView
      query={agents}
      isEmpty={(items) => items.length === 0}
      empty="No agents configured: analysis uses the local rule-based analyser."
    >
      {(items) => (
        <div className="table-wrap">
          <table className="data" aria-label="Agents">
            <thead>
              <tr>
                <th>Name</th>
                <th>Role</th>
                <th>Model</th>
                <th>Temperature</th>
                <th>Max tokens</th>
                <th>Active</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id}>
                  <td>
                    {a.name}
                    {a.description && <div className="meta">{a.description}</div>}
                  </td>
                  <td>{a.role}</td>
                  <td>{a.modelName}</td>
                  <td>{a.temperature}</td>
                  <td>{a.maxTokens ?? '—'}</td>
                  <td>{a.isActive ? 'yes' : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AsyncView>
  )
}
