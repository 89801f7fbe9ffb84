// The person's notification preferences: channels (web, Telegram, email), time zone, quiet hours (Telegram and
// email wait until they end; equal start and end means none), the daily digest and its time, and how many hours
// before a task's due date the reminder comes.
import { useEffect, useState, type FormEvent } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { api, type ApiData } from '../../api/client'
import { ErrorMessage } from '../../components/states'

type Preferences = ApiData<'get', '/api/v1/me/notification-preferences'>
type Channel = Preferences['channels'][number]
const channelLabels: Record<Channel, string> = { web: 'Web (this app)', telegram: 'Telegram', email: 'Email' }
const channels = Object.keys(channelLabels) as Channel[]

const pad = (n: number) => String(n).padStart(2, '0')
/** Minutes after midnight as the "HH:MM" of a time input, and back. */
export const minuteToTime = (minute: number) => `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`
export const timeToMinute = (time: string) => {
  const [hours, minutes] = time.split(':').map(Number)
  return hours * 60 + minutes
}

export function PreferencesForm() {
  const queryClient = useQueryClient()
  const preferencesQuery = api.queryOptions('get', '/api/v1/me/notification-preferences')
  const loaded = api.useQuery('get', '/api/v1/me/notification-preferences')
  const [draft, setDraft] = useState<Preferences | null>(null)
  // The form starts from the stored preferences, and again after each save.
  useEffect(() => {
    if (loaded.data) setDraft(loaded.data)
  }, [loaded.data])
  const save = api.useMutation('patch', '/api/v1/me/notification-preferences', {
    onSuccess: (saved) => queryClient.setQueryData(preferencesQuery.queryKey, saved),
  })

  if (!draft) return loaded.isError ? <ErrorMessage error={loaded.error} onRetry={() => void loaded.refetch()} /> : null
  const change = (patch: Partial<Preferences>) => setDraft({ ...draft, ...patch })
  const toggleChannel = (channel: Channel, on: boolean) =>
    change({ channels: on ? [...draft.channels, channel] : draft.channels.filter((c) => c !== channel) })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    save.mutate({ body: draft })
  }

  return (
    <form className="card filters" aria-label="Notification preferences" onSubmit={submit}>
      <h2>Preferences</h2>
      <fieldset>
        <legend>Channels</legend>
        {channels.map((channel) => (
          <label key={channel}>
            <input type="checkbox" checked={draft.channels.includes(channel)} onChange={(e) => toggleChannel(channel, e.target.checked)} />{' '}
            {channelLabels[channel]}
          </label>
        ))}
      </fieldset>
      <label>
        Time zone
        <input value={draft.timezone} onChange={(e) => change({ timezone: e.target.value })} placeholder="Europe/Berlin" required />
      </label>
      <label>
        Quiet from
        <input
          type="time"
          value={minuteToTime(draft.quietStartMinute)}
          onChange={(e) => change({ quietStartMinute: timeToMinute(e.target.value) })}
          required
        />
      </label>
      <label>
        Quiet until
        <input
          type="time"
          value={minuteToTime(draft.quietEndMinute)}
          onChange={(e) => change({ quietEndMinute: timeToMinute(e.target.value) })}
          required
        />
      </label>
      <label>
        <input type="checkbox" checked={draft.digestEnabled} onChange={(e) => change({ digestEnabled: e.target.checked })} /> Daily digest
      </label>
      <label>
        Digest at
        <input
          type="time"
          value={minuteToTime(draft.digestMinute)}
          onChange={(e) => change({ digestMinute: timeToMinute(e.target.value) })}
          disabled={!draft.digestEnabled}
          required
        />
      </label>
      <label>
        Remind hours before a due date
        <input
          type="number"
          min={0}
          max={24 * 14}
          value={draft.dueReminderHours}
          onChange={(e) => change({ dueReminderHours: Number(e.target.value) })}
          required
        />
      </label>
      <button type="submit" className="primary" disabled={save.isPending}>
        Save preferences
      </button>
      {save.isSuccess && !save.isPending && (
        <p role="status" className="meta">
          Preferences saved.
        </p>
      )}
      {save.isError && <ErrorMessage error={save.error} />}
    </form>
  )
}
