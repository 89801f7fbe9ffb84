// "Remind me": what, and when, in plain words ("Friday", "tomorrow at 17:00", read by the server in the person's
// time zone) or as a date and time picked here. Words the server cannot read come back as its 400 message.
import { useState, type FormEvent } from 'react'
import { api } from '../../api/client'
import { useInvalidate } from '../../api/invalidate'
import { formatDate } from '../../lib/format'
import { ErrorMessage } from '../../components/states'

type WhenMode = 'words' | 'datetime'

export function ReminderForm() {
  const invalidate = useInvalidate()
  const [content, setContent] = useState('')
  const [mode, setMode] = useState<WhenMode>('words')
  const [words, setWords] = useState('')
  const [dateTime, setDateTime] = useState('')
  const create = api.useMutation('post', '/api/v1/proactive-messages', {
    onSuccess: () => {
      setContent('')
      setWords('')
      setDateTime('')
      return invalidate('/api/v1/proactive-messages')
    },
  })

  const submit = (event: FormEvent) => {
    event.preventDefault()
    // A datetime-local value has no zone: the browser reads it as local time, and the server gets an exact instant.
    const when = mode === 'words' ? { when: words } : { scheduledFor: new Date(dateTime).toISOString() }
    create.mutate({ body: { content, ...when } })
  }

  return (
    <form className="card filters" aria-label="Remind me" onSubmit={submit}>
      <h2>Remind me</h2>
      <label>
        What
        <input value={content} onChange={(e) => setContent(e.target.value)} required maxLength={2000} placeholder="send the invoice" />
      </label>
      <fieldset>
        <legend>When</legend>
        <label>
          <input type="radio" name="when-mode" checked={mode === 'words'} onChange={() => setMode('words')} /> In words
        </label>
        <label>
          <input type="radio" name="when-mode" checked={mode === 'datetime'} onChange={() => setMode('datetime')} /> Date and time
        </label>
        {mode === 'words' ? (
          <label>
            When (words)
            <input
              value={words}
              onChange={(e) => setWords(e.target.value)}
              required
              maxLength={200}
              placeholder="Friday, tomorrow at 17:00"
            />
          </label>
        ) : (
          <label>
            When (date and time)
            <input type="datetime-local" step={1} value={dateTime} onChange={(e) => setDateTime(e.target.value)} required />
          </label>
        )}
      </fieldset>
      <button type="submit" className="primary" disabled={create.isPending}>
        Set reminder
      </button>
      {create.isSuccess && (
        <p role="status" className="meta">
          Reminder set for {formatDate(create.data.scheduledFor)}.
        </p>
      )}
      {create.isError && <ErrorMessage error={create.error} />}
    </form>
  )
}
