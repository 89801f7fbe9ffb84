// Budget periods in UTC: days start at 00:00, weeks on Monday, months on the 1st.
import type { budgetPeriods } from './schema.js'

export type BudgetPeriod = (typeof budgetPeriods)[number]

export function periodBounds(period: BudgetPeriod, now: Date): { start: Date; end: Date } {
  const y = now.getUTCFullYear()
  const m = now.getUTCMonth()
  const d = now.getUTCDate()
  if (period === 'monthly') return { start: new Date(Date.UTC(y, m, 1)), end: new Date(Date.UTC(y, m + 1, 1)) }
  if (period === 'weekly') {
    const sinceMonday = (now.getUTCDay() + 6) % 7
    return { start: new Date(Date.UTC(y, m, d - sinceMonday)), end: new Date(Date.UTC(y, m, d - sinceMonday + 7)) }
  }
  return { start: new Date(Date.UTC(y, m, d)), end: new Date(Date.UTC(y, m, d + 1)) }
}
