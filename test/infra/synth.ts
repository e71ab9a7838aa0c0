// Synthesises the real stack the way `cdk synth` does (cdk.json's context and feature flags), plus the
// test's own context. esbuild is skipped (`aws:cdk:bundling-stacks: []`): these tests read the
// template, not the bundles. Environment-agnostic, so the template is the same on every machine.
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { inject } from 'vitest';
import { defineServiceContacts, type ServiceContactsStack } from '../../infra/service-contacts-stack';

export const CDK_JSON = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

export interface Synthesised {
  app: App;
  stack: ServiceContactsStack;
  template: Template;
}

function synthesiseNow(context: Record<string, unknown>): Synthesised {
  const app = new App({
    context: { ...CDK_JSON.context, 'aws:cdk:bundling-stacks': [], ...context },
    // The CLI's `cdk synth` runs CloudFormation's own validation; here it would only cost time.
    builtinCloudFormationValidation: false,
  });
  const stack = defineServiceContacts(app);
  return { app, stack, template: Template.fromStack(stack) };
}

/** The default stack's template as synthesised once for the run (test/support/global-synth.ts), if it was. */
function sharedDefaultTemplate(): Record<string, unknown> | undefined {
  try {
    return inject('defaultTemplate');
  } catch {
    return undefined; // not in a vitest run (the global setup itself)
  }
}

/**
 * The stack with cdk.json's context and `context`. The default stack's template comes from the run's
 * one synthesis; its app and construct tree (cdk-nag's, say) are synthesised here only when read.
 */
export function synthesise(context: Record<string, unknown> = {}): Synthesised {
  const shared = Object.keys(context).length === 0 ? sharedDefaultTemplate() : undefined;
  if (!shared) return synthesiseNow(context);
  let built: Synthesised | undefined;
  const build = () => (built ??= synthesiseNow(context));
  return {
    template: Template.fromJSON(structuredClone(shared)),
    get app() {
      return build().app;
    },
    get stack() {
      return build().stack;
    },
  };
}

type Resources = Record<
  string,
  { Type: string; Properties?: Record<string, unknown>; DependsOn?: string | string[] }
>;

export const resourcesOf = (template: Template, type?: string): Resources =>
  Object.fromEntries(
    Object.entries(template.toJSON().Resources as Resources).filter(
      ([, r]) => type === undefined || r.Type === type,
    ),
  );

/** The logical id of the `live` alias of the function `functionId`: what every caller invokes. */
export function liveAliasOf(template: Template, functionId: string): string {
  const found = Object.entries(resourcesOf(template, 'AWS::Lambda::Alias')).find(
    ([, alias]) =>
      JSON.stringify(alias.Properties?.FunctionName) === JSON.stringify({ Ref: functionId }) &&
      alias.Properties?.Name === 'live',
  );
  if (!found) throw new Error(`No live alias of ${functionId}`);
  return found[0];
}
