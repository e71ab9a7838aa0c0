// The runbook (docs/operations.md) names every alarm the stack pages with, so that whoever is paged
// finds what it means and what to do. Alarms are named `<prefix>-<name>`; the doc lists each `<name>`.
import { readFileSync } from 'node:fs';
import { Template } from 'aws-cdk-lib/assertions';
import { expect, it } from 'vitest';
import { AccountStack } from '../../infra/account-stack';
import { resourcesOf, synthesise } from './synth';

/** A stage's alarms, and the account's (infra/account-stack.ts). */
const PREFIX = /^service-contacts-(dev|account)-/;
const RUNBOOK = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');

/** The alarms' names without the prefix; with the Cognito pool, which adds the nic-claim trigger's. */
const alarmNames = () => {
  const { app, template } = synthesise();
  const account = Template.fromStack(app.node.children.find((c) => c instanceof AccountStack)!);
  return [template, account].flatMap((t) =>
    Object.values(resourcesOf(t, 'AWS::CloudWatch::Alarm')).map((alarm) =>
      String(alarm.Properties?.AlarmName).replace(PREFIX, ''),
    ),
  );
};

it("docs/operations.md names every alarm of the synthesised stack and of the account's", () => {
  const names = alarmNames();
  expect(names.length).toBeGreaterThan(40);
  const missing = names.filter((name) => !RUNBOOK.includes(`\`${name}\``));
  expect(missing, 'add each to docs/operations.md, with what it means and what to do').toEqual([]);
});
