// Admin → Users: every account of the installation, activated or deactivated by an administrator.
import { api, type ApiData, type paths } from '../../api/client'
import { useInvalidate } from '../../api/invalidate'
import { formatDate } from '../../lib/format'
import { useSession } from '../../session'
import { AsyncView, ErrorMessage } from '../../components/states'

type User = ApiData<'get', '/api/v1/admin/users'>['users'][number]
type UserFlags = NonNullable<paths['/api/v1/admin/users/{id}']['patch']['requestBody']>['content']['application/json']

export function Users() {
  const session = useSession()
  const invalidate = useInvalidate()
  const users = api.useQuery('get', '/api/v1/admin/users', {}, { select: (r) => r.users })
  const update = api.useMutation('patch', '/api/v1/admin/users/{id}', { onSuccess: () => invalidate('/api/v1/admin/users') })
  const setFlags = (user: User, flags: UserFlags) => update.mutate({ params: { path: { id: user.id } }, body: flags })
  return (
    <>
      {update.isError && <ErrorMessage error={update.error} />}
      <AsyncView query={users} isEmpty={(v) => v.length === 0} empty="No users yet: the first signup becomes the administrator.">
        {(items) => (
          <div className="table-wrap">
            <table className="data" aria-label="Users">
              <thead>
                <tr>
                  <th>User</th>
                  <th>Email</th>
                  <th>2FA</th>
                  <th>Admin</th>
                  <th>Active</th>
                  <th>Since</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {items.map((u) => (
                  <tr key={u.id}>
                    <td>
                      {u.displayName ?? u.username} <span className="meta">@{u.username}</span>
                    </td>
                    <td>{u.email ?? '—'}</td>
                    <td>{u.twoFactorEnabled ? 'on' : 'off'}</td>
                    <td>{u.isAdmin ? 'yes' : 'no'}</td>
                    <td>{u.isActive ? 'yes' : 'no'}</td>
                    <td>{formatDate(u.createdAt)}</td>
                    <td>
                      {session.can('patch', '/api/v1/admin/users/{id}') && u.id !== session.me?.user.id && (
                        <button type="button" disabled={update.isPending} onClick={() => setFlags(u, { isActive: !u.isActive })}>
                          {u.isActive ? 'Deactivate' : 'Activate'}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </AsyncView>
    </>
  )
}
