// Turns a failed zod validation into a ValidationError (400 problem+json with `errors`).
import { OpenAPIHono } from '@hono/zod-openapi';
import { ValidationError } from '#core/errors';
import type { ApiEnv } from './env';
import { ProblemSchema } from './schemas';

export function router() {
  return new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      const issues = result.error.issues;
      throw new ValidationError(
        `The request's ${result.target} is not valid.`,
        issues.map((issue) => ({
          path: issue.path.join('.') || '(root)',
          message:
            issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
        })),
      );
    },
  });
}

const problemContent = { 'application/problem+json': { schema: ProblemSchema } };

/** The error answers a route can give, for the OpenAPI document. */
export function errors(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, { description: `problem+json (${s})`, content: problemContent }]));
}

export const bearer = [{ bearer: [] as string[] }];
