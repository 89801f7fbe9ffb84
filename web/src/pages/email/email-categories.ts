// Seed 002's four categories, in the order the page offers them, with the words a person reads.
import type { paths } from '../../api/client'

export type EmailCategory = NonNullable<paths['/api/v1/email']['get']['parameters']['query']>['category'] & string

export const emailCategories: EmailCategory[] = ['actionable', 'informational', 'promotional', 'junk']

export const categoryLabels: Record<EmailCategory, string> = {
  actionable: 'Actionable',
  informational: 'Informational',
  promotional: 'Promotional',
  junk: 'Junk',
}

/** Badge colour per category: what needs the person stands out, what can wait is muted. */
export const categoryBadge: Record<EmailCategory, string> = {
  actionable: 'badge warn',
  informational: 'badge',
  promotional: 'badge muted',
  junk: 'badge bad',
}
