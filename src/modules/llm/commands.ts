// CLI shell of the LLM layer: `signalbox llm providers|models|agents|tasks|assign|run|usage|budgets` and
// `signalbox secrets rotate`. Each works through a running server's API or directly on the database.
import fs from 'node:fs'
import type { Command } from 'commander'
import { cliConfig, CliError, dataOf, viaServerOrLocal } from '../../cli/runtime.js'
import { providerTypes, agentRoles, budgetScopes, budgetPeriods, budgetActions } from './schema.js'
import { createProvider, deleteProvider, listProviders, validateProvider } from './providers.js'
import { listModels } from './model-catalog.js'
import { createAgent, deleteAgent, listAgents, assignAgentToTask } from './agents.js'
import { listTaskConfigs } from './task-configs.js'
import { findTaskConfigByName } from './builtin-task-configs.js'
import { runTask } from './run-task.js'
import { usageSummary, usageGroupings, type UsageGrouping } from './call-log.js'
import { createBudget, deleteBudget, listBudgets, type BudgetInput } from './budgets.js'
import { rotateSecrets } from './secrets/rotate-secrets.js'

function printRows(rows: Array<Record<string, unknown>>, columns: string[]) {
  if (rows.length === 0) return console.log('(none)')
  console.table(
    rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[c] instanceof Date ? (row[c] as Date).toISOString() : row[c]]))),
  )
}

function oneOf<T extends string>(values: readonly T[], name: string) {
  return (value: string): T => {
    if (!(values as readonly string[]).includes(value)) throw new CliError(`${name} must be one of ${values.join(', ')}`)
    return value as T
  }
}

/** Keys never come from argv (shell history, ps): from an environment variable or stdin. */
function readApiKey(options: { apiKeyEnv?: string; apiKeyStdin?: boolean }): string | undefined {
  if (options.apiKeyEnv) {
    const value = process.env[options.apiKeyEnv]
    if (!value) throw new CliError(`Environment variable ${options.apiKeyEnv} is empty`)
    return value
  }
  if (options.apiKeyStdin) return fs.readFileSync(0, 'utf8').trim()
  return undefined
}

const run = <T>(handlers: Parameters<typeof viaServerOrLocal<T>>[1]) => viaServerOrLocal(cliConfig(), handlers)

function registerProviderCommands(llm: Command) {
  const providers = llm.command('providers').description('LLM providers (OpenAI, OpenAI-compatible, Ollama, local)')
  providers.command('list').action(async () => {
    const items = await run({
      remote: async (s) => (await dataOf(s.api.GET('/api/v1/llm/providers'))).items,
      local: (ctx) => listProviders(ctx),
    })
    printRows(items, ['id', 'name', 'type', 'baseUrl', 'hasApiKey', 'isActive', 'validationStatus', 'validationError'])
  })
  providers
    .command('add <name>')
    .requiredOption('--type <type>', providerTypes.join('|'), oneOf(providerTypes, '--type'))
    .option('--base-url <url>', 'API base URL, e.g. https://openrouter.ai/api/v1')
    .option('--api-key-env <variable>', 'read the API key from this environment variable')
    .option('--api-key-stdin', 'read the API key from standard input')
    .action(
      async (
        name: string,
        options: { type: (typeof providerTypes)[number]; baseUrl?: string; apiKeyEnv?: string; apiKeyStdin?: boolean },
      ) => {
        const body = { name, type: options.type, baseUrl: options.baseUrl ?? null, apiKey: readApiKey(options) ?? null }
        const created = await run({
          remote: (s) => dataOf(s.api.POST('/api/v1/llm/providers', { body })),
          local: (ctx) => createProvider(ctx, body),
        })
        console.log(`provider ${created.name} added (${created.id}); check it with: signalbox llm providers validate ${created.id}`)
      },
    )
  providers.command('remove <id>').action(async (id: string) => {
    await run({
      remote: (s) => dataOf(s.api.DELETE('/api/v1/llm/providers/{id}', { params: { path: { id } } })),
      local: (ctx) => deleteProvider(ctx, id),
    })
    console.log(`provider ${id} removed`)
  })
  providers.command('validate <id>').action(async (id: string) => {
    const result = await run({
      remote: (s) => dataOf(s.api.POST('/api/v1/llm/providers/{id}/validate', { params: { path: { id } } })),
      local: (ctx) => validateProvider(ctx, id),
    })
    console.log(`${result.name}: ${result.validationStatus}${result.validationError ? ` (${result.validationError})` : ''}`)
    if (result.models) console.log(`models: ${result.models.slice(0, 20).join(', ')}${result.models.length > 20 ? ' ...' : ''}`)
  })
}

function registerAgentCommands(llm: Command) {
  llm
    .command('models')
    .description('the model catalog with prices per 1M tokens')
    .action(async () => {
      const items = await run({
        remote: async (s) => (await dataOf(s.api.GET('/api/v1/llm/models'))).items,
        local: (ctx) => listModels(ctx),
      })
      printRows(items, ['modelId', 'vendor', 'inputCostPerM', 'outputCostPerM', 'contextWindow', 'supportsJsonSchema', 'isUnknown'])
    })
  const agents = llm.command('agents').description('agents: role, provider, model, prompt')
  agents.command('list').action(async () => {
    const items = await run({ remote: async (s) => (await dataOf(s.api.GET('/api/v1/llm/agents'))).items, local: (ctx) => listAgents(ctx) })
    printRows(items, ['id', 'name', 'role', 'providerId', 'modelName', 'temperature', 'maxTokens', 'isActive'])
  })
  agents
    .command('add <name>')
    .requiredOption('--model <model>', 'model id, e.g. gpt-4o-mini')
    .option('--provider <id>', 'provider id (none = local analyser)')
    .option('--role <role>', agentRoles.join('|'), oneOf(agentRoles, '--role'), 'analyst')
    .option('--system-prompt <text>', 'system prompt', '')
    .option('--temperature <t>', '0-2', Number)
    .option('--max-tokens <n>', 'output token limit', Number)
    .action(
      async (
        name: string,
        o: {
          model: string
          provider?: string
          role: (typeof agentRoles)[number]
          systemPrompt: string
          temperature?: number
          maxTokens?: number
        },
      ) => {
        if (o.temperature !== undefined && !(o.temperature >= 0 && o.temperature <= 2))
          throw new CliError('--temperature must be between 0 and 2')
        const body = {
          name,
          modelName: o.model,
          providerId: o.provider ?? null,
          role: o.role,
          systemPrompt: o.systemPrompt,
          temperature: o.temperature,
          maxTokens: o.maxTokens ?? null,
        }
        const agent = await run({
          remote: (s) => dataOf(s.api.POST('/api/v1/llm/agents', { body })),
          local: (ctx) => createAgent(ctx, body),
        })
        console.log(`agent ${agent.name} added (${agent.id})`)
      },
    )
  agents.command('remove <id>').action(async (id: string) => {
    await run({
      remote: (s) => dataOf(s.api.DELETE('/api/v1/llm/agents/{id}', { params: { path: { id } } })),
      local: (ctx) => deleteAgent(ctx, id),
    })
    console.log(`agent ${id} removed`)
  })
  llm
    .command('tasks')
    .description('task configs (the six built-in ones and yours)')
    .action(async () => {
      const items = await run({
        remote: async (s) => (await dataOf(s.api.GET('/api/v1/llm/task-configs'))).items,
        local: (ctx) => listTaskConfigs(ctx),
      })
      printRows(items, ['id', 'name', 'builtinKey', 'isActive', 'description'])
    })
  llm
    .command('assign <agentId> <taskName>')
    .description('make an agent answer a task config')
    .action(async (agentId: string, taskName: string) => {
      await run({
        remote: async (s) => {
          const task = (await dataOf(s.api.GET('/api/v1/llm/task-configs'))).items.find((t: { name: string }) => t.name === taskName)
          if (!task) throw new CliError(`No task config named ${taskName}`)
          return dataOf(s.api.POST('/api/v1/llm/assignments', { body: { agentId, taskId: task.id } }))
        },
        local: async (ctx) => {
          const task = await findTaskConfigByName(ctx, taskName)
          if (!task) throw new CliError(`No task config named ${taskName}`)
          return assignAgentToTask(ctx, { agentId, taskId: task.id })
        },
      })
      console.log(`agent ${agentId} now answers ${taskName}`)
    })
  llm
    .command('run <task> <inputJson>')
    .description('run a task config on a JSON input and print the output')
    .action(async (task: string, inputJson: string) => {
      let input: Record<string, unknown>
      try {
        input = JSON.parse(inputJson)
      } catch {
        throw new CliError('inputJson must be a JSON object')
      }
      const body = { task, input, purpose: 'cli' }
      const result = await run({ remote: (s) => dataOf(s.api.POST('/api/v1/llm/run', { body })), local: (ctx) => runTask(ctx, body) })
      console.log(JSON.stringify(result, null, 2))
    })
}

function registerUsageCommands(llm: Command) {
  llm
    .command('usage')
    .description('calls, tokens and cost')
    .option('--from <date>', 'YYYY-MM-DD (default 30 days ago)')
    .option('--to <date>', 'YYYY-MM-DD (default today)')
    .option('--group-by <grouping>', usageGroupings.join('|'), oneOf(usageGroupings, '--group-by'), 'day')
    .action(async (o: { from?: string; to?: string; groupBy: UsageGrouping }) => {
      const from = o.from ?? new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10)
      const to = o.to ?? new Date().toISOString().slice(0, 10)
      const query = { from, to, groupBy: o.groupBy }
      const result = await run({
        remote: (s) => dataOf(s.api.GET('/api/v1/llm/usage', { params: { query } })),
        local: (ctx) => usageSummary(ctx, query),
      })
      printRows(result.rows, ['label', 'calls', 'errors', 'tokensIn', 'tokensOut', 'costUsd', 'avgLatencyMs'])
      console.log(`total: ${result.total.calls} calls, $${result.total.costUsd.toFixed(6)}`)
    })
  const budgets = llm.command('budgets').description('spending limits that warn or block')
  budgets.command('list').action(async () => {
    const items = await run({
      remote: async (s) => (await dataOf(s.api.GET('/api/v1/llm/budgets'))).items,
      local: (ctx) => listBudgets(ctx),
    })
    printRows(items, ['id', 'name', 'scopeType', 'period', 'amountUsd', 'spentUsd', 'alertThreshold', 'actionOnExceed', 'isActive'])
  })
  budgets
    .command('add <name>')
    .requiredOption('--amount <usd>', 'limit in USD', Number)
    .option('--scope <scope>', budgetScopes.join('|'), oneOf(budgetScopes, '--scope'), 'workspace')
    .option('--agent <id>', 'for --scope agent')
    .option('--role <role>', 'for --scope agent_role', oneOf(agentRoles, '--role'))
    .option('--period <period>', budgetPeriods.join('|'), oneOf(budgetPeriods, '--period'), 'monthly')
    .option('--threshold <fraction>', 'alert threshold, 0-1', Number, 0.8)
    .option('--action <action>', budgetActions.join('|'), oneOf(budgetActions, '--action'), 'warn')
    .action(
      async (
        name: string,
        o: {
          amount: number
          scope: BudgetInput['scopeType']
          agent?: string
          role?: (typeof agentRoles)[number]
          period: BudgetInput['period']
          threshold: number
          action: BudgetInput['actionOnExceed']
        },
      ) => {
        if (!(o.amount > 0)) throw new CliError('--amount must be a positive number')
        if (!(o.threshold > 0 && o.threshold <= 1)) throw new CliError('--threshold must be in (0, 1]')
        const body = {
          name,
          scopeType: o.scope,
          scopeAgentId: o.agent ?? null,
          scopeAgentRole: o.role ?? null,
          amountUsd: o.amount,
          period: o.period,
          alertThreshold: o.threshold,
          actionOnExceed: o.action,
        }
        const budget = await run({
          remote: (s) => dataOf(s.api.POST('/api/v1/llm/budgets', { body })),
          local: (ctx) => createBudget(ctx, body),
        })
        console.log(`budget ${budget.name} added (${budget.id})`)
      },
    )
  budgets.command('remove <id>').action(async (id: string) => {
    await run({
      remote: (s) => dataOf(s.api.DELETE('/api/v1/llm/budgets/{id}', { params: { path: { id } } })),
      local: (ctx) => deleteBudget(ctx, id),
    })
    console.log(`budget ${id} removed`)
  })
}

export function registerLlmCommands(program: Command) {
  const llm = program.command('llm').description('LLM providers, models, agents, task configs, usage and budgets')
  registerProviderCommands(llm)
  registerAgentCommands(llm)
  registerUsageCommands(llm)

  const secrets = program.command('secrets').description('secrets at rest')
  secrets
    .command('rotate')
    .description('re-encrypt every stored secret under a new master key')
    .action(async () => {
      const result = await run({ remote: (s) => dataOf(s.api.POST('/api/v1/secrets/rotate')), local: (ctx) => rotateSecrets(ctx) })
      console.log(`re-encrypted ${result.reencrypted} secret(s) under key ${result.newKeyId} (previous key ${result.previousKeyId})`)
      if (result.envUpdateRequired) {
        console.log(`SIGNALBOX_SECRET_KEY still names the old key: set it to the key in ${result.pendingKeyFile}, then delete that file.`)
      }
    })
}
