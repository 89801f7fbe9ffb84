// The workspace's analysis schedule: on/off, how often (hourly, daily, weekly), the window each run reads, the
// project; shows the next and the last scheduled run. The minute sweep on the server starts the runs.
import { useEffect, useState, type FormEvent } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { api, type ApiData, type paths } from '../api/client'
import { formatDate } from '../lib/format'
import { ErrorMessage } from '../components/states'
import { ProjectSelect } from '../components/project-select'

const presets = [
  { label: 'hourly', minutes: 60 },
  { label: 'daily', minutes: 1440 },
  { label: 'weekly', minutes: 10_080 },
] as const

const unitMinutes: Record<string, number> = { m: 1, h: 60, d: 1440, w: 10_080 }
const windowMinutes = (duration: string) =>
  /^\d+[mhdw]$/.test(duration) ? Number(duration.slice(0, -1)) * unitMinutes[duration.slice(-1)] : 0

type AnalysisSchedule = ApiData<'get', '/api/v1/analysis/schedule'>
type Preset = NonNullable<NonNullable<paths['/api/v1/analysis/schedule']['put']['requestBody']>['content']['application/json']['preset']>

export function ScheduleCard({ projects, canChange }: { projects: Array<{ id: string; name: string }>; canChange: boolean }) {
  const queryClient = useQueryClient()
  const scheduleQuery = api.queryOptions('get', '/api/v1/analysis/schedule')
  const loaded = api.useQuery('get', '/api/v1/analysis/schedule')
  const schedule = loaded.data ?? null
  const [preset, setPreset] = useState<Preset>('daily')
  const [timeWindow, setTimeWindow] = useState('48h')
  const [projectId, setProjectId] = useState('')
  // The form starts from the stored schedule, and again after each save.
  const show = (s: AnalysisSchedule) => {
    setPreset(presets.find((p) => p.minutes === s.intervalMinutes)?.label ?? 'daily')
    setTimeWindow(s.window)
    setProjectId(s.projectId ?? '')
  }
  useEffect(() => {
    if (loaded.data) show(loaded.data)
  }, [loaded.data])
  const saving = api.useMutation('put', '/api/v1/analysis/schedule', {
    onSuccess: (saved) => queryClient.setQueryData(scheduleQuery.queryKey, saved),
  })
  const busy = saving.isPending
  const error = loaded.isError ? loaded.error : saving.isError ? saving.error : null

  const save = (enabled: boolean, event?: FormEvent) => {
    event?.preventDefault()
    saving.mutate({ body: { enabled, preset, window: timeWindow, projectId: projectId || null } })
  }

  if (!schedule) return error != null ? <ErrorMessage error={error} /> : null
  const on = schedule.configured && schedule.enabled
  return (
    <form className="card filters" aria-label="Analysis schedule" onSubmit={(e) => void save(true, e)}>
      <strong>
        Scheduled analysis: <span data-schedule={on ? 'on' : 'off'}>{on ? 'on' : 'off'}</span>
      </strong>
      <label>
        Every
        <select
          value={preset}
          onChange={(e) => {
            setPreset(e.target.value as Preset)
            // A window shorter than the interval would leave messages unread between runs (the server refuses it).
            const minutes = presets.find((p) => p.label === e.target.value)!.minutes
            if (windowMinutes(timeWindow) < minutes) setTimeWindow(`${Math.max(24, Math.ceil((2 * minutes) / 60))}h`)
          }}
          disabled={!canChange}
        >
          {presets.map((p) => (
            <option key={p.label} value={p.label}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Window
        <input
          value={timeWindow}
          onChange={(e) => setTimeWindow(e.target.value)}
          pattern="\d+[mhdw]"
          title="e.g. 48h, 7d"
          size={6}
          disabled={!canChange}
        />
      </label>
      <ProjectSelect projects={projects} value={projectId} onChange={setProjectId} disabled={!canChange} />
      {canChange && (
        <>
          <button type="submit" className="primary" disabled={busy}>
            {on ? 'Save schedule' : 'Turn on'}
          </button>
          {on && (
            <button type="button" disabled={busy} onClick={() => void save(false)}>
              Turn off
            </button>
          )}
        </>
      )}
      <span className="meta">
        {on && schedule.nextRunAt ? `next run ${formatDate(schedule.nextRunAt)}` : 'no scheduled runs'}
        {schedule.lastRunAt ? ` · last ${formatDate(schedule.lastRunAt)}` : ''}
      </span>
      {error != null && <ErrorMessage error={error} />}
    </form>
  )
}
