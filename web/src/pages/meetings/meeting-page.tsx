// One meeting: its summary, attendees, decisions and topics, the action items with their review status (approved
// in the review inbox), and the transcript's turns with speaker and time.
import { api } from '../../api/client'
import { formatDate } from '../../lib/format'
import { Link } from '../../lib/router'
import { AsyncView, ErrorMessage, Loading } from '../../components/states'

/** 754.2 seconds -> "12:34". */
export function formatOffset(seconds: number | null): string {
  if (seconds === null) return ''
  const whole = Math.floor(seconds)
  const hours = Math.floor(whole / 3600)
  const minutes = Math.floor((whole % 3600) / 60)
  const rest = String(whole % 60).padStart(2, '0')
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`
}

export function MeetingPage({ id }: { id: string }) {
  const meeting = api.useQuery('get', '/api/v1/meetings/{id}', { params: { path: { id } } })
  const turns = api.useQuery('get', '/api/v1/meetings/{id}/turns', { params: { path: { id } } }, { select: (r) => r.items })
  if (meeting.error) return <ErrorMessage error={meeting.error} onRetry={() => meeting.refetch()} />
  if (!meeting.data) return <Loading />
  const m = meeting.data
  return (
    <section className="page meeting-page">
      <p>
        <Link to="/meetings">← Meetings</Link>
      </p>
      <h1>{m.title}</h1>
      <p className="muted">
        {formatDate(m.recordedAt)}
        {m.durationSeconds !== null && ` · ${formatOffset(m.durationSeconds)} long`} · {m.sourceFile} ·{' '}
        <span data-status={m.status}>{m.status}</span>
      </p>
      {m.processingError && <div className="state state-error">Analysis failed: {m.processingError}</div>}
      <div className="card">
        <h2>Summary</h2>
        <p aria-label="Summary">{m.summary || 'No summary.'}</p>
        {m.analysisModel && <p className="muted">by {m.analysisModel}</p>}
        {m.topics.length > 0 && <p>Topics: {m.topics.join(', ')}</p>}
        <h3>Attendees</h3>
        <ul aria-label="Attendees">
          {m.attendees.map((a) => (
            <li key={a.name}>
              {a.name}
              {a.role && ` (${a.role})`} · {a.turns} turns
            </li>
          ))}
        </ul>
        {m.decisions.length > 0 && (
          <>
            <h3>Decisions</h3>
            <ul aria-label="Decisions">
              {m.decisions.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          </>
        )}
      </div>
      <div className="card">
        <h2>Action items</h2>
        {m.actionItems.length === 0 ? (
          <p className="muted">None found.</p>
        ) : (
          <ul className="item-list" aria-label="Action items">
            {m.actionItems.map((item) => (
              <li key={item.task} className="row">
                <div>
                  {item.task}
                  {item.assignee && <span className="badge muted">{item.assignee}</span>}
                  {item.deadline && <span className="badge muted">due {item.deadline}</span>}{' '}
                  <span className="badge" data-proposal-status={item.proposalStatus ?? 'none'}>
                    {item.proposalStatus ?? 'no proposal'}
                  </span>
                </div>
              </li>
            ))}
          </ul>
        )}
        <p className="muted">
          Approve or reject them in the <Link to="/inbox">review inbox</Link>.
        </p>
      </div>
      <h2>Transcript</h2>
      <AsyncView query={turns} isEmpty={(items) => items.length === 0} empty="No turns.">
        {(items) => (
          <ol className="item-list meeting-turns" aria-label="Transcript">
            {items.map((turn) => (
              <li key={turn.messageId} className="row">
                <div>
                  <span className="muted">{formatOffset(turn.startSeconds)}</span> <strong>{turn.speaker ?? 'Unknown speaker'}</strong>
                  <div>{turn.text}</div>
                </div>
              </li>
            ))}
          </ol>
        )}
      </AsyncView>
    </section>
  )
}
