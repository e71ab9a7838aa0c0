// The synthesised template as a whole: the deployed state machine definition is valid ASL, and a
// snapshot makes every change of the deployed shape visible in review.
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { resourcesOf, synthesise, type Synthesised } from './synth';

// asl-validator ships no types; this is the part of its result the test reads.
const aslValidator = createRequire(import.meta.url)('asl-validator') as (
  definition: unknown,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => { isValid: boolean; errorsText: (separator?: string) => string };

let dev: Synthesised;
beforeAll(() => {
  dev = synthesise();
});

/**
 * The definition's Fn::Join resolved the way CloudFormation would in one account: its only references
 * may be the partition and the four task functions' aliases (DESIGN.md §3), anything else is an error.
 */
function deployedDefinition(synthesised: Synthesised = dev): Record<string, unknown> {
  const functions = resourcesOf(synthesised.template, 'AWS::Lambda::Function');
  const aliases = resourcesOf(synthesised.template, 'AWS::Lambda::Alias');
  const resolve = (value: unknown): string => {
    if (typeof value === 'string') return value;
    const node = value as { 'Fn::Join'?: [string, unknown[]]; Ref?: string; 'Fn::GetAtt'?: [string, string] };
    if (node['Fn::Join']) return node['Fn::Join'][1].map(resolve).join(node['Fn::Join'][0]);
    if (node.Ref === 'AWS::Partition') return 'aws';
    const alias = node.Ref ? aliases[node.Ref] : undefined;
    if (alias) {
      const of = functions[(alias.Properties?.FunctionName as { Ref: string }).Ref];
      return `arn:aws:lambda:eu-west-1:123456789012:function:${String(of?.Properties?.FunctionName)}:${String(alias.Properties?.Name)}`;
    }
    const fn =
      node['Fn::GetAtt'] && node['Fn::GetAtt'][1] === 'Arn' ? functions[node['Fn::GetAtt'][0]] : undefined;
    if (fn) return `arn:aws:lambda:eu-west-1:123456789012:function:${String(fn.Properties?.FunctionName)}`;
    throw new Error(`Unexpected reference in the definition: ${JSON.stringify(value)}`);
  };
  const [machine] = Object.values(resourcesOf(synthesised.template, 'AWS::StepFunctions::StateMachine'));
  return JSON.parse(resolve(machine?.Properties?.DefinitionString)) as Record<string, unknown>;
}

describe('the deployed state machine definition', () => {
  it('is valid Amazon States Language', () => {
    const result = aslValidator(deployedDefinition(), { checkPaths: true, checkArn: true });
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('invokes the four task functions of this stage, each through its live alias', () => {
    const text = JSON.stringify(deployedDefinition());
    for (const task of ['ask-confirmer', 'apply', 'close', 'receipt']) {
      expect(text).toContain(`:function:service-contacts-dev-${task}:live"`);
    }
  });

  it('times every execution out at the validity window of the context plus an hour, a constant', () => {
    expect(deployedDefinition().TimeoutSeconds).toBe(1209600 + 3600);
    expect(
      deployedDefinition(synthesise({ changeRequestTtlSeconds: '600', reminderBeforeExpirySeconds: '60' }))
        .TimeoutSeconds,
    ).toBe(600 + 3600);
  });
});

/**
 * Asset hashes depend on the machine and the sources, and so does the suffix CDK gives a function's
 * published version (a hash of its code): the snapshot is about the shape.
 */
function normalised(template: unknown): string {
  return JSON.stringify(template, null, 2)
    .replace(/\b[0-9a-f]{64}\b/g, '<asset-hash>')
    .replace(/(CurrentVersion[0-9A-F]{8})[0-9a-f]{32}\b/g, '$1<code-hash>');
}

describe('the template snapshot', () => {
  it('matches test/infra/__snapshots__/service-contacts-dev.template.json', async () => {
    await expect(normalised(dev.template.toJSON())).toMatchFileSnapshot(
      '__snapshots__/service-contacts-dev.template.json',
    );
  });
});
