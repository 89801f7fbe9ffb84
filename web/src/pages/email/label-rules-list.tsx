// The rules corrections taught: one per sender, applied before the analyser or model. A person can drop one, or
// have it write its label back to the mailbox.
import { api } from '../../api/client'
import { useInvalidate } from '../../api/invalidate'
import { AsyncView, ErrorMessage } from '../../components/states'
import { categoryLabels } from './email-categories'
import { RuleWriteBack } from './rule-write-back'

export function LabelRulesList() {
  const invalidate = useInvalidate()
  const rules = api.useQuery('get', '/api/v1/email/rules')
  const remove = api.useMutation('delete', '/api/v1/email/rules/{id}', { onSuccess: () => invalidate('/api/v1/email/rules') })
  return (
    <section aria-labelledby="rules-heading">
      <h2 id="rules-heading">Rules learned from your corrections</h2>
      {remove.isError && <ErrorMessage error={remove.error} />}
      <AsyncView query={rules} isEmpty={(v) => v.items.length === 0} empty="No rules yet: correct an email's category to teach one.">
        {(value) => (
          <ul className="item-list" aria-label="Rules">
            {value.items.map((rule) => (
              <li key={rule.id} data-sender={rule.senderEmail}>
                <div className="row">
                  <strong>{rule.senderEmail}</strong> → {categoryLabels[rule.labelName]}
                  <span className="meta">
                    {' '}
                    {Math.round(rule.confidence * 100)}% · {rule.correctionCount} correction{rule.correctionCount === 1 ? '' : 's'} ·{' '}
                    {rule.source === 'user_correction' ? 'from your corrections' : 'from analysis'}
                  </span>{' '}
                  <button
                    type="button"
                    className="link-button"
                    disabled={remove.isPending}
                    onClick={() => remove.mutate({ params: { path: { id: rule.id } } })}
                  >
                    Delete rule
                  </button>
                </div>
                <RuleWriteBack rule={rule} />
              </li>
            ))}
          </ul>
        )}
      </AsyncView>
    </section>
  )
}
