// Safe rollouts, read from the template: every function runs as a published version behind its `live`
// alias, which is what every caller invokes; an HTTP function's alias moves by CodeDeploy, 10 % for 5
// minutes, and rolls back when its errors alarm or the API's 5xx alarm fires. (The state machine's
// and the schedule's aliases: template.test.ts and schedule.test.ts.)
import { beforeAll, describe, expect, it } from 'vitest';
import { liveAliasOf, resourcesOf, synthesise, type Synthesised } from './synth';

const PREFIX = 'service-contacts-dev';
let dev: Synthesised;
beforeAll(() => {
  dev = synthesise();
});

type Props = Record<string, unknown>;
/** The stage's own functions (not CDK's BucketDeployment helper), logical id by short name. */
const functions = () =>
  new Map(
    Object.entries(resourcesOf(dev.template, 'AWS::Lambda::Function'))
      .filter(([, f]) => String(f.Properties?.FunctionName).startsWith(`${PREFIX}-`))
      .map(([id, f]) => [String(f.Properties?.FunctionName).replace(`${PREFIX}-`, ''), id]),
  );
const integrations = () =>
  Object.values(resourcesOf(dev.template, 'AWS::ApiGatewayV2::Integration')).map(
    (i) => i.Properties as Props,
  );
const groups = () =>
  Object.entries(resourcesOf(dev.template, 'AWS::CodeDeploy::DeploymentGroup')).map(
    ([id, g]) => [id, g.Properties as Props] as const,
  );

describe('every function', () => {
  it('has a live alias on a published version', () => {
    const aliases = resourcesOf(dev.template, 'AWS::Lambda::Alias');
    expect(functions().size).toBeGreaterThan(20);
    for (const [name, id] of functions()) {
      const alias = aliases[liveAliasOf(dev.template, id)]!;
      expect(alias.Properties?.FunctionVersion, name).toEqual({
        'Fn::GetAtt': [
          expect.stringMatching(new RegExp(`^${id.replace(/[0-9A-F]{8}$/, '')}CurrentVersion`)),
          'Version',
        ],
      });
    }
  });

  it('is invoked by the API through its alias only, never $LATEST', () => {
    const aliasRefs = new Set([...functions().values()].map((id) => liveAliasOf(dev.template, id)));
    expect(integrations().length).toBeGreaterThan(10);
    for (const integration of integrations()) {
      expect(aliasRefs.has((integration.IntegrationUri as { Ref: string }).Ref)).toBe(true);
    }
  });
});

describe('the HTTP functions', () => {
  it('each shift traffic by CodeDeploy, canary 10 % for 5 minutes, rolling back on alarm', () => {
    const httpFunctions = new Set(integrations().map((i) => (i.IntegrationUri as { Ref: string }).Ref));
    const aliases = dev.template.findResources('AWS::Lambda::Alias') as Record<
      string,
      { UpdatePolicy: unknown }
    >;
    const byGroup = new Map(groups());
    expect(byGroup.size).toBe(httpFunctions.size);
    for (const aliasId of httpFunctions) {
      const update = aliases[aliasId]!.UpdatePolicy as {
        CodeDeployLambdaAliasUpdate: { DeploymentGroupName: { Ref: string } };
      };
      const group = byGroup.get(update.CodeDeployLambdaAliasUpdate.DeploymentGroupName.Ref)!;
      expect(group).toMatchObject({
        DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
        DeploymentStyle: { DeploymentOption: 'WITH_TRAFFIC_CONTROL', DeploymentType: 'BLUE_GREEN' },
        AutoRollbackConfiguration: {
          Enabled: true,
          Events: expect.arrayContaining(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']),
        },
        AlarmConfiguration: { Enabled: true },
      });
    }
  });

  it("roll back on the function's own errors alarm and the API's 5xx alarm", () => {
    const alarms = resourcesOf(dev.template, 'AWS::CloudWatch::Alarm');
    const nameOf = (ref: { Ref: string }) => String(alarms[ref.Ref]?.Properties?.AlarmName);
    for (const [, group] of groups()) {
      const name = String(group.DeploymentGroupName).replace(`${PREFIX}-`, '');
      const watched = (group.AlarmConfiguration as { Alarms: { Name: { Ref: string } }[] }).Alarms.map((a) =>
        nameOf(a.Name),
      );
      expect(watched).toEqual([`${PREFIX}-${name}-errors`, `${PREFIX}-api5xx`]);
    }
  });

  it('the workflow tasks, the sweep and the bounce handler move at once: no deployment group of their own', () => {
    const grouped = groups().map(([, g]) => String(g.DeploymentGroupName).replace(`${PREFIX}-`, ''));
    for (const name of ['ask-confirmer', 'apply', 'close', 'receipt', 'sweep', 'bounces'])
      expect(grouped).not.toContain(name);
  });
});
