// The runbook (docs/operations.md) names every alarm the stack pages with, so that whoever is paged
// finds what it means and what to do. Alarms are named `<prefix>-<name>`; the doc lists each `<name>`.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { resourcesOf, synthesise } from './synth';

const PREFIX = 'service-contacts-dev-';
const RUNBOOK = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');

/** The alarms' names without the stage prefix; with the Cognito pool, which adds the nic-claim trigger's. */
const alarmNames = () =>
  Object.values(resourcesOf(synthesise().template, 'AWS::CloudWatch::Alarm')).map((alarm) =>
    String(alarm.Properties?.AlarmName).replace(PREFIX, ''),
  );

it('docs/operations.md names every alarm of the synthesised stack', () => {
  const names = alarmNames();
  expect(names.length).toBeGreaterThan(40);
  const missing = names.filter((name) => !RUNBOOK.includes(`\`${name}\``));
  expect(missing, 'add each to docs/operations.md, with what it means and what to do').toEqual([]);
});
