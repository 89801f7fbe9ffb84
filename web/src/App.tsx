// The shell: session, sign-in gate, navigation and the page for the current URL.
import { useEffect, useState, type ReactNode } from 'react'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { Link, RouterProvider, matchPath, navigate, useLocation } from './lib/router'
import { SessionProvider, useSession } from './session'
import { ErrorMessage, Loading } from './components/states'
import { LoginPage } from './pages/login'
import { SignupPage } from './pages/signup'
import { InboxPage } from './pages/inbox/index'
import { SearchPage } from './pages/search'
import { ConversationsPage } from './pages/conversations'
import { TasksPage } from './pages/tasks/index'
import { KnowledgePage } from './pages/knowledge/index'
import { ImportsPage } from './pages/imports'
import { AnalysisPage } from './pages/analysis'
import { LlmPage } from './pages/llm/index'
import { AdminPage } from './pages/admin/index'
import { AssistantPage } from './pages/assistant'
import { SourcesPage } from './pages/sources/index'
import { AssistantAnalyticsPage } from './pages/assistant-analytics'
import { WorkspaceSwitcher } from './components/workspace-switcher'
import { NotificationBell } from './components/notification-bell'
import { NotificationsPage } from './pages/notifications/index'
import { EmailPage } from './pages/email/index'
import { NotesPage } from './pages/notes/index'
import { GoalsPage } from './pages/notes/goals'
import { ListsPage } from './pages/lists/index'
import { PeoplePage } from './pages/people/index'
import { PersonPageView } from './pages/people/person'
import { TagsPage } from './pages/tags/index'
import { MeetingsPage } from './pages/meetings/index'
import { DocumentsPage } from './pages/documents/index'

const navigation: Array<{ to: string; label: string }> = [
  { to: '/inbox', label: 'Review' },
  { to: '/search', label: 'Search' },
  { to: '/assistant', label: 'Assistant' },
  { to: '/conversations', label: 'Conversations' },
  { to: '/email', label: 'Email' },
  { to: '/meetings', label: 'Meetings' },
  { to: '/documents', label: 'Documents' },
  { to: '/tasks', label: 'Tasks' },
  { to: '/people', label: 'People' },
  { to: '/tags', label: 'Tags' },
  { to: '/knowledge', label: 'Knowledge' },
  { to: '/notes', label: 'Notes' },
  { to: '/goals', label: 'Goals' },
  { to: '/lists', label: 'Lists' },
  { to: '/imports', label: 'Imports' },
  { to: '/sources', label: 'Sources' },
  { to: '/analysis', label: 'Analysis' },
  { to: '/llm', label: 'LLM' },
  { to: '/admin', label: 'Admin' },
]

type Route = { pattern: string; render: (params: Record<string, string>) => ReactNode }
const routes: Route[] = [
  { pattern: '/', render: () => <InboxPage /> },
  { pattern: '/inbox', render: () => <InboxPage /> },
  { pattern: '/search', render: () => <SearchPage /> },
  { pattern: '/assistant', render: () => <AssistantPage /> },
  { pattern: '/assistant/analytics', render: () => <AssistantAnalyticsPage /> },
  { pattern: '/assistant/:id', render: (p) => <AssistantPage threadId={p.id} /> },
  { pattern: '/conversations', render: () => <ConversationsPage /> },
  { pattern: '/conversations/:id', render: (p) => <ConversationsPage conversationId={p.id} /> },
  { pattern: '/tasks', render: () => <TasksPage /> },
  { pattern: '/knowledge', render: () => <KnowledgePage /> },
  { pattern: '/knowledge/atoms/:id', render: (p) => <KnowledgePage atomId={p.id} /> },
  { pattern: '/imports', render: () => <ImportsPage /> },
  { pattern: '/sources', render: () => <SourcesPage /> },
  { pattern: '/analysis', render: () => <AnalysisPage /> },
  { pattern: '/llm', render: () => <LlmPage /> },
  { pattern: '/admin', render: () => <AdminPage /> },
  { pattern: '/notifications', render: () => <NotificationsPage /> },
  { pattern: '/email', render: () => <EmailPage /> },
  { pattern: '/notes', render: () => <NotesPage /> },
  { pattern: '/notes/:id', render: (p) => <NotesPage noteId={p.id} /> },
  { pattern: '/goals', render: () => <GoalsPage /> },
  { pattern: '/lists', render: () => <ListsPage /> },
  { pattern: '/lists/:id', render: (p) => <ListsPage listId={p.id} /> },
  { pattern: '/people', render: () => <PeoplePage /> },
  { pattern: '/people/:id', render: (p) => <PersonPageView id={p.id} /> },
  { pattern: '/tags', render: () => <TagsPage /> },
  { pattern: '/meetings', render: () => <MeetingsPage /> },
  { pattern: '/meetings/:id', render: (p) => <MeetingsPage meetingId={p.id} /> },
  { pattern: '/documents', render: () => <DocumentsPage /> },
  { pattern: '/documents/:id', render: (p) => <DocumentsPage documentId={p.id} /> },
]

function CurrentPage() {
  const { path } = useLocation()
  for (const route of routes) {
    const params = matchPath(route.pattern, path)
    if (params) return <>{route.render(params)}</>
  }
  return (
    <section className="page">
      <h1>Page not found</h1>
      <p>
        Nothing lives at <code>{path}</code>. <Link to="/inbox">Go to the review inbox</Link>.
      </p>
    </section>
  )
}

/** A new account belongs to no workspace until an owner invites it: say so instead of failing every request. */
function NoWorkspace() {
  return (
    <section className="page">
      <h1>Welcome to Signalbox</h1>
      <p className="state state-empty">
        Your account is not a member of any workspace yet. Ask a workspace owner to invite you; meanwhile you can set up two-factor
        authentication under <Link to="/admin?tab=account">Admin → My account</Link>.
      </p>
    </section>
  )
}

function Shell() {
  const session = useSession()
  const { path } = useLocation()
  const [menuOpen, setMenuOpen] = useState(false)
  const onAuthPage = path === '/login' || path === '/signup'
  useEffect(() => {
    if (session.signedIn && onAuthPage) navigate('/inbox', { replace: true })
  }, [session.signedIn, onAuthPage])
  if (!session.signedIn) return path === '/signup' ? <SignupPage /> : <LoginPage />
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/inbox" className="brand">
          Signalbox
        </Link>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          Menu
        </button>
        <nav id="main-nav" className={menuOpen ? 'nav open' : 'nav'} aria-label="Main">
          {navigation.map((item) => (
            <Link
              key={item.to}
              to={item.to}
              className={path === item.to || path.startsWith(`${item.to}/`) || (path === '/' && item.to === '/inbox') ? 'active' : ''}
              aria-current={path === item.to ? 'page' : undefined}
              onClick={() => setMenuOpen(false)}
            >
              {item.label}
            </Link>
          ))}
        </nav>
        <div className="topbar-end">
          <NotificationBell />
          <WorkspaceSwitcher />
          <span className="who">{session.me?.user.displayName ?? session.me?.user.username ?? 'API token'}</span>
          <button type="button" className="link-button" onClick={() => void session.signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {session.me && session.workspaces.length === 0 && !path.startsWith('/admin') ? <NoWorkspace /> : <CurrentPage />}
      </main>
    </div>
  )
}

// Errors are shown at once with a Retry button (no silent retries), and a page refetches when it mounts or its
// inputs change rather than when the window regains focus.
const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false }, mutations: { retry: false } },
})

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider>
        <SessionProvider
          fallback={(error) =>
            error ? (
              <main className="centered">
                <ErrorMessage error={error} onRetry={() => window.location.reload()} />
              </main>
            ) : (
              <main className="centered">
                <Loading label="Starting Signalbox…" />
              </main>
            )
          }
        >
          {() => <Shell />}
        </SessionProvider>
      </RouterProvider>
    </QueryClientProvider>
  )
}
