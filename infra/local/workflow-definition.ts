// The plain ASL of the contact-change state machine, taken from the CDK construct itself so that the
// local runner can never drift from what AWS runs: synthesise a throwaway stack whose task functions
// are fixed ARNs, then resolve the template's DefinitionString (an Fn::Join) to JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { readConfig } from '../../shared/config';
import { ContactChangeWorkflow } from '../constructs/workflow';

export type WorkflowFunction = 'askConfirmer' | 'apply' | 'close' | 'receipt';
export type FunctionArns = Record<WorkflowFunction, string>;

export interface LoadedDefinition {
  definition: StateMachineDefinition;
  functionArns: FunctionArns;
}

const LOCAL_ENV = { account: '000000000000', region: 'eu-west-1' };
/** What the only references of a synthesised definition stand for in one local "account". */
const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': LOCAL_ENV.region,
  'AWS::AccountId': LOCAL_ENV.account,
  'AWS::URLSuffix': 'amazonaws.com',
};

const functionArn = (name: string) =>
  `arn:aws:lambda:${LOCAL_ENV.region}:${LOCAL_ENV.account}:function:${name}`;

const FUNCTION_ARNS: FunctionArns = {
  askConfirmer: functionArn('ask-confirmer'),
  apply: functionArn('apply'),
  close: functionArn('close'),
  receipt: functionArn('receipt'),
};

let cached: LoadedDefinition | undefined;

/** Synthesises once per process (a second or two); later calls return the same definition. */
export function loadDefinition(): LoadedDefinition {
  cached ??= { definition: synthesiseDefinition(), functionArns: FUNCTION_ARNS };
  return cached;
}

/**
 * Hands this process a definition that loadDefinition() synthesised in another (the tests' global
 * setup synthesises it once per run, and each test file's process starts from it).
 */
export function useLoadedDefinition(loaded: LoadedDefinition): void {
  cached = loaded;
}

function synthesiseDefinition(): StateMachineDefinition {
  const outdir = mkdtempSync(join(tmpdir(), 'contact-workflow-'));
  try {
    // The real stack's tests validate its template; here only the definition is wanted, and the
    // built-in CloudFormation validation would take most of the synthesis time.
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'LocalWorkflow', { env: LOCAL_ENV });
    const fn = (id: string, arn: string) => lambda.Function.fromFunctionArn(stack, id, arn);
    new ContactChangeWorkflow(stack, 'Workflow', {
      askConfirmer: fn('AskConfirmerFunction', FUNCTION_ARNS.askConfirmer),
      apply: fn('ApplyFunction', FUNCTION_ARNS.apply),
      close: fn('CloseFunction', FUNCTION_ARNS.close),
      receipt: fn('ReceiptFunction', FUNCTION_ARNS.receipt),
      // The configured window, as CDK gets it from context: it sets the top-level timeout.
      validityWindow: Duration.seconds(readConfig().CHANGE_REQUEST_TTL_SECONDS),
    });
    const template = app.synth().getStackArtifact(stack.artifactId).template as {
      Resources: Record<string, { Type: string; Properties: { DefinitionString?: unknown } }>;
    };
    const machines = Object.values(template.Resources).filter(
      (r) => r.Type === 'AWS::StepFunctions::StateMachine',
    );
    if (machines.length !== 1) throw new Error(`Expected one state machine, synthesised ${machines.length}`);
    return JSON.parse(resolveString(machines[0]!.Properties.DefinitionString)) as StateMachineDefinition;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Resolves the intrinsic functions CDK leaves in a definition: literals, Fn::Join and Refs to pseudo
 * parameters. Anything else means the construct grew a reference a local run cannot know, so say so.
 */
function resolveString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
    if (join) return join[1].map(resolveString).join(join[0]);
    const ref = (value as { Ref?: string }).Ref;
    const resolved = ref === undefined ? undefined : PSEUDO_PARAMETERS[ref];
    if (resolved !== undefined) return resolved;
  }
  throw new Error(`Cannot resolve ${JSON.stringify(value)} in the state machine definition`);
}
