// vitest's global setup for the fast tests: the CDK stack with the default context, synthesised once
// for the run; every test/infra file reads its template from here (test/infra/synth.ts).
import type { TestProject } from 'vitest/node';
import { synthesise } from '../infra/synth';

export default function setup(project: TestProject) {
  project.provide('defaultTemplate', synthesise().template.toJSON());
}
