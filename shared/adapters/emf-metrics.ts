// The BusinessMetrics port as CloudWatch embedded metric format (EMF): counts kept for the invocation,
// then one JSON line on stdout that CloudWatch Logs turns into metrics. What Powertools Metrics did
// for us (counts only, one dimension, no cold-start metric) fits in this file, at a tenth of the 10 KB
// it added to every bundle (issue 23). Namespace and service come from the same environment variables
// Powertools reads (POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_SERVICE_NAME, set per stage by the stack):
// the dashboard finds the metrics by exactly these and no other dimension.
import type { BusinessMetric, BusinessMetrics } from '../domain/ports';

export interface EmfRecorder extends BusinessMetrics {
  /** Writes what was counted since the last flush as one EMF line, if anything; then forgets it. */
  flush(): void;
}

export function createEmfMetrics(
  env: Record<string, string | undefined> = process.env,
  write: (line: string) => void = (line) => process.stdout.write(line),
  now: () => number = Date.now,
): EmfRecorder {
  const counts = new Map<BusinessMetric, number>();
  return {
    // Summed, not one value per call: the dashboard reads every business metric as a Sum.
    count: (metric, value = 1) => counts.set(metric, (counts.get(metric) ?? 0) + value),
    flush() {
      if (counts.size === 0) return;
      const names = [...counts.keys()];
      const service = env.POWERTOOLS_SERVICE_NAME ?? 'service_undefined';
      const record = {
        _aws: {
          Timestamp: now(),
          CloudWatchMetrics: [
            {
              Namespace: env.POWERTOOLS_METRICS_NAMESPACE ?? 'default_namespace',
              Dimensions: [['service']],
              Metrics: names.map((name) => ({ Name: name, Unit: 'Count' })),
            },
          ],
        },
        service,
        ...Object.fromEntries(counts),
      };
      counts.clear();
      write(`${JSON.stringify(record)}\n`);
    },
  };
}
