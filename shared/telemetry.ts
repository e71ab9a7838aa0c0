// Observability, set up once for every handler: the logger is shared/http/logger.ts (Powertools);
// here the business metrics (CloudWatch EMF, adapters/emf-metrics.ts, published by each handler's
// middleware). Traces are Lambda's own active tracing, without the X-Ray SDK in the bundle
// (docs/decisions.md, "Tracing").
import middy, { type MiddlewareObj } from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { createEmfMetrics } from './adapters/emf-metrics';
import { logger } from './http/logger';

/** The BusinessMetrics port of every handler in AWS. */
export const emfMetrics = createEmfMetrics();

/** Publishes what the invocation counted, if anything: an invocation that counted nothing writes nothing. */
export const publishCounted: MiddlewareObj = {
  after: () => emfMetrics.flush(),
  onError: () => emfMetrics.flush(),
};

/**
 * Around a handler that is not an HTTP route (the workflow's tasks, the sweep, the bounce handler):
 * logs carry the Lambda context, and what the use case counted is published when it ends. HTTP routes
 * get the same from shared/http/middleware.ts.
 */
export const observed = <E, R>(handler: (event: E, context: Context) => Promise<R>) =>
  middy<E, R>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(publishCounted)
    .handler(handler);
