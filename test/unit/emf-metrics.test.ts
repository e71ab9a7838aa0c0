// The business metrics as CloudWatch reads them: one EMF line per invocation that counted something,
// in the namespace and with the one `service` dimension the dashboard looks for.
import { describe, expect, it } from 'vitest';
import { createEmfMetrics } from '../../shared/adapters/emf-metrics';

const env = {
  POWERTOOLS_METRICS_NAMESPACE: 'ServiceContacts',
  POWERTOOLS_SERVICE_NAME: 'service-contacts-dev',
};

function recorder() {
  const lines: string[] = [];
  const metrics = createEmfMetrics(
    env,
    (line) => lines.push(line),
    () => 1_700_000_000_000,
  );
  return { metrics, lines };
}

describe('EMF business metrics', () => {
  it('write what an invocation counted as one EMF line, summed per metric', () => {
    const { metrics, lines } = recorder();
    metrics.count('EmailsSent');
    metrics.count('EmailsSent', 2);
    metrics.count('RequestsCreated');
    metrics.flush();
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    expect(JSON.parse(lines[0]!)).toEqual({
      _aws: {
        Timestamp: 1_700_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: 'ServiceContacts',
            Dimensions: [['service']],
            Metrics: [
              { Name: 'EmailsSent', Unit: 'Count' },
              { Name: 'RequestsCreated', Unit: 'Count' },
            ],
          },
        ],
      },
      service: 'service-contacts-dev',
      EmailsSent: 3,
      RequestsCreated: 1,
    });
  });

  it('write nothing for an invocation that counted nothing, and never the same counts twice', () => {
    const { metrics, lines } = recorder();
    metrics.flush();
    metrics.count('EmailsBounced');
    metrics.flush();
    metrics.flush();
    expect(lines.map((line) => JSON.parse(line).EmailsBounced)).toEqual([1]);
  });
});
