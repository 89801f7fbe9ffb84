// The workspace's analysis schedule: on/off, how often (hourly, daily, weekly), the window each run reads, the
// project; shows the next and the last scheduled run. The minute sweep on the server starts the runs.
import { useEffect, useState, type FormEvent } from 'react'
import { api } from '../api/legacy'
import { pathFor } from '../api/paths'
import type { AnalysisSchedule, Project } from '../api/types'
import { formatDate } from '../lib/format'
import { ErrorMessage } from '../components/states'
import { ProjectSelect } from '../components/project-select'

const presets = [
  { label: 'hourly', minutes: 60 },
  { label: 'daily', minutes: 1440 },
  { label: 'weekly', minutes: 10_080 },
] as const

const unitMinutes: Record<string, number> = { m: 1, h: 60, d: 1440, w: 10_080 }
const windowMinutes = (duration: string) => (/^\d+[mhdw]$/.test(duration) ? Number(duration.slice(0, -1)) * unitMinutes[duration.slice(-1)] : 0)

export function ScheduleCard({ projects, canChange }: { projects: Project[]; canChange: boolean }) {
  const [schedule, setSchedule] = useState<AnalysisSchedule | null>(null)
  const [preset, setPreset] = useState('daily')
  const [timeWindow, setTimeWindow] = useState('48h')
  const [projectId, setProjectId] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)

  const show = (s: AnalysisSchedule) => {
    setSchedule(s)
    setPreset(presets.find((p) => p.minutes === s.intervalMinutes)?.label ?? 'daily')
    setTimeWindow(s.window)
    setProjectId(s.projectId ?? '')
  }
  useEffect(() => {
    api.get<AnalysisSchedule>(pathFor('getSchedule')).then(show, setError)
  }, [])

  const save = async (enabled: boolean, event?: FormEvent) => {
    event?.preventDefault()
    setBusy(true)
    setError(null)
    try {
      show(await api.put<AnalysisSchedule>(pathFor('setSchedule'), { enabled, preset, window: timeWindow, projectId: projectId || null }))
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
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
            setPreset(e.target.value)
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
        <input value={timeWindow} onChange={(e) => setTimeWindow(e.target.value)} pattern="\d+[mhdw]" title="e.g. 48h, 7d" size={6} disabled={!canChange} />
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
