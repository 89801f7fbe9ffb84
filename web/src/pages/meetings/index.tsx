// Meetings: upload a transcript or recording, the list of meetings, and one meeting's page (./meeting-page).
import { useState, type FormEvent } from 'react'
import { api, apiClient, type ApiData } from '../../api/client'
import { useInvalidate } from '../../api/invalidate'
import { formatDate } from '../../lib/format'
import { Link, navigate } from '../../lib/router'
import { useSession } from '../../session'
import { AsyncView, ErrorMessage, NotAvailable } from '../../components/states'
import { MeetingPage } from './meeting-page'

type Imported = ApiData<'post', '/api/v1/meetings'>

export function MeetingsPage({ meetingId }: { meetingId?: string }) {
  const session = useSession()
  if (!session.can('get', '/api/v1/meetings')) return <NotAvailable feature="Meetings" path="GET /api/v1/meetings" />
  if (meetingId) return <MeetingPage id={meetingId} />
  return (
    <section className="page meetings-page">
      <h1>Meetings</h1>
      {session.can('post', '/api/v1/meetings') && <UploadMeetingForm />}
      <MeetingList />
    </section>
  )
}

function UploadMeetingForm() {
  const [file, setFile] = useState<File | null>(null)
  const [title, setTitle] = useState('')
  const [startedAt, setStartedAt] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const invalidate = useInvalidate()

  const upload = async (event: FormEvent) => {
    event.preventDefault()
    if (!file) return
    setBusy(true)
    setError(null)
    try {
      const form = new FormData()
      // Fields before the file: the server reads the parts in order.
      if (title.trim()) form.append('title', title.trim())
      if (startedAt) form.append('recordedAt', new Date(startedAt).toISOString())
      form.append('file', file, file.name)
      // Multipart is read part by part by the route, so its OpenAPI entry declares no body type.
      const result = await apiClient.POST('/api/v1/meetings', { body: form as never })
      if (result.error) throw result.error
      await invalidate('/api/v1/meetings')
      navigate(`/meetings/${(result.data as Imported).meeting.id}`)
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="card form" onSubmit={upload} aria-label="Import a meeting">
      <label>
        Transcript or recording (.vtt, .srt, .json, .txt, audio/video)
        <input name="file" type="file" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      <label>
        Title (optional)
        <input name="title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={500} />
      </label>
      <label>
        Started at (optional)
        <input name="recordedAt" type="datetime-local" value={startedAt} onChange={(e) => setStartedAt(e.target.value)} />
      </label>
      {error != null && <ErrorMessage error={error} />}
      <div>
        <button type="submit" className="primary" disabled={busy || !file}>
          {busy ? 'Importing…' : 'Import meeting'}
        </button>
      </div>
    </form>
  )
}

function MeetingList() {
  const meetings = api.useQuery('get', '/api/v1/meetings', { params: { query: { limit: 100 } } }, { select: (r) => r.items })
  return (
    <AsyncView query={meetings} isEmpty={(items) => items.length === 0} empty="No meetings yet: import a transcript above.">
      {(items) => (
        <ul className="item-list" aria-label="Meetings">
          {items.map((m) => (
            <li key={m.id} className="row" data-meeting-id={m.id}>
              <div>
                <Link to={`/meetings/${m.id}`}>
                  <strong>{m.title}</strong>
                </Link>{' '}
                <span className={m.status === 'failed' ? 'badge bad' : m.status === 'extracted' ? 'badge good' : 'badge warn'}>
                  {m.status}
                </span>
                <div className="muted">
                  {formatDate(m.recordedAt)} · {m.turnCount} turns · {m.attendeeCount} attendees · {m.actionItemCount} action items ·{' '}
                  {m.sourceFile}
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </AsyncView>
  )
}
