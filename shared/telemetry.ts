// Powertools, set up once for every handler: the logger is shared/http/logger.ts; here the business
// metrics (CloudWatch EMF, published by each handler's middleware). Traces are Lambda's own active
// tracing, without the X-Ray SDK in the bundle (docs/decisions.md, "Tracing"). Namespace and
// service come from the environment (POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_SERVICE_NAME, set per
// stage by the stack): the dashboard finds the metrics by exactly these and no other dimension.
import middy, { type MiddlewareObj } from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import type { BusinessMetrics } from './domain/ports';
import { logger } from './http/logger';

export const metrics = new Metrics();

/** The BusinessMetrics port on Powertools Metrics. */
export const emfMetrics: BusinessMetrics = {
  count: (metric, value = 1) => metrics.addMetric(metric, MetricUnit.Count, value),
};

/**
 * Publishes what the invocation counted, if anything. Powertools' own logMetrics warns on every
 * invocation that counted nothing (every GET), which would bury the logs that matter.
 */
export const publishCounted: MiddlewareObj = {
  after: () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  },
  onError: () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  },
};

/**
 * Powertools around a handler that is not an HTTP route (the workflow's tasks, the sweep, the bounce
 * handler): logs carry the Lambda context, and what the use case counted is published when it ends. HTTP routes get the same from shared/http/middleware.ts.
 */
export const observed = <E, R>(handler: (event: E, context: Context) => Promise<R>) =>
  middy<E, R>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(publishCounted)
    .handler(handler);
