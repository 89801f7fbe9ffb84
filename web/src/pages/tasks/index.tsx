// Tasks: a board by status (drag a card, or use its "Move to" menu from the keyboard) and a filtered list view.
import { setSearchParams, useLocation } from '../../lib/router'
import { useSession } from '../../session'
import { NotAvailable } from '../../components/states'
import { TaskBoard } from './board'
import { TaskList } from './list'

export function TasksPage() {
  const session = useSession()
  const { search } = useLocation()
  const view = search.get('view') === 'list' ? 'list' : 'board'
  if (!session.can('get', '/api/v1/tasks')) {
    return (
      <section className="page">
        <h1>Tasks</h1>
        <NotAvailable feature="Tasks" path="GET /api/v1/tasks" />
      </section>
    )
  }
  return (
    <section className="page">
      <div className="page-header">
        <h1>Tasks</h1>
        <div className="tabs" role="tablist" aria-label="Task views">
          <button type="button" role="tab" aria-selected={view === 'board'} onClick={() => setSearchParams({ view: null })}>
            Board
          </button>
          <button type="button" role="tab" aria-selected={view === 'list'} onClick={() => setSearchParams({ view: 'list' })}>
            List
          </button>
        </div>
      </div>
      {view === 'board' ? <TaskBoard /> : <TaskList />}
    </section>
  )
}
