// Typed failures of LLM calls, on top of src/lib/errors.ts (BudgetExceededError lives there).
import { AppError } from '../../lib/errors.js'

/** The provider kept failing (after retries) or refused the request. The message never contains the API key. */
export class LlmProviderError extends AppError {
  constructor(message: string, details?: { provider: string; status?: number; attempts?: number }) {
    super('llm_provider_error', message, 502, details)
  }
}

/** The model's reply was not valid against the task's response schema, even after one repair attempt. */
export class LlmInvalidOutputError extends AppError {
  constructor(message: string, errors: string[]) {
    super('llm_invalid_output', message, 502, { errors })
  }
}

export class LlmCancelledError extends AppError {
  constructor() {
    super('cancelled', 'The LLM call was cancelled', 499)
  }
}

/** Chat needs a real model: callers fall back to their local path (the local analyser cannot converse). */
export class NoChatProviderError extends AppError {
  constructor() {
    super('no_chat_provider', 'No active agent with a configured provider can chat', 409)
  }
}
