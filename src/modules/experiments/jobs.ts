// Background job for experiments too large to run inside a request (or that call a model).
import { z } from 'zod'
import type { JobDefinition } from '../../jobs/types.js'
import { runExperiment } from './run-experiment.js'
import { runExperimentJobName } from './service.js'

export const runExperimentPayload = z.object({ workspaceId: z.uuid(), experimentId: z.uuid(), messageIds: z.array(z.uuid()) })

export const runExperimentJob: JobDefinition<z.infer<typeof runExperimentPayload>> = {
  name: runExperimentJobName,
  payload: runExperimentPayload,
  async handle(deps, payload) {
    await runExperiment({ ...deps, workspaceId: payload.workspaceId, actor: { kind: 'system' } }, payload.experimentId, payload.messageIds)
  },
}
