// Typed application errors, mapped to HTTP status and `{ error: { code, message, details } }` in one place (app.ts).
export type ErrorDetails = Record<string, unknown> | Array<Record<string, unknown>> | undefined

export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number,
    readonly details?: ErrorDetails,
  ) {
    super(message)
    this.name = new.target.name
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: ErrorDetails) {
    super('validation_error', message, 400, details)
  }
}
export class UnauthorizedError extends AppError {
  constructor(message = 'Authentication required') {
    super('unauthorized', message, 401)
  }
}
export class ForbiddenError extends AppError {
  constructor(message = 'Forbidden') {
    super('forbidden', message, 403)
  }
}
export class NotFoundError extends AppError {
  constructor(what: string) {
    super('not_found', `${what} not found`, 404)
  }
}
export class ConflictError extends AppError {
  constructor(message: string, details?: ErrorDetails) {
    super('conflict', message, 409, details)
  }
}
export class RateLimitedError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('rate_limited', message, 429, { retryAfterSeconds })
  }
}
export class BudgetExceededError extends AppError {
  constructor(message: string, details?: ErrorDetails) {
    super('budget_exceeded', message, 402, details)
  }
}

/** Turns zod issues into `[{ path: 'a.b[0]', message }]`. */
export function zodIssuesToDetails(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>) {
  return issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }))
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else out += out ? `.${String(part)}` : String(part)
  }
  return out
}
