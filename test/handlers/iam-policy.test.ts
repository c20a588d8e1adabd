import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ACCOUNT_LEVEL_OPERATIONS, iamActionsForAll } from '../../lambda/shared/iam-actions';
import { WICKR_RESOURCES, WickrResourceKey } from '../../lambda/shared/resource-types';
import { OPERATIONS, OperationName } from '../../lambda/wickr/model/operations';
import { WickrProvider } from '../../lib/constructs/wickr-provider';
import { packageRoot } from '../../lib/package-root';
import { testApp } from '../helpers/kit';

const HANDLERS_DIR = join(packageRoot(), 'lambda', 'handlers', 'wickr-provider');

/** Operations a module (and the relative modules it imports) can send: `new XxxCommand(` and `paginateXxx(`. */
function operationsCalledBy(file: string, seen = new Set<string>()): Set<OperationName> {
  const ops = new Set<OperationName>();
  if (seen.has(file)) return ops;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/\bnew (\w+)Command\(/g)) if (m[1] in OPERATIONS) ops.add(m[1] as OperationName);
  for (const m of text.matchAll(/\bpaginate(\w+)\(/g)) if (m[1] in OPERATIONS) ops.add(m[1] as OperationName);
  for (const m of text.matchAll(/from '(\.\/[^']+)'/g)) {
    const dep = resolve(dirname(file), `${m[1]}.ts`);
    if (existsSync(dep) && !/registry\.ts$|index\.ts$/.test(dep)) for (const op of operationsCalledBy(dep, seen)) ops.add(op);
  }
  return ops;
}

/** Each handler module names its kind as `kind: WICKR_RESOURCES.<key>`. */
function handlerFiles(): Map<WickrResourceKey, string> {
  const files = new Map<WickrResourceKey, string>();
  for (const f of readdirSync(HANDLERS_DIR)) {
    const m = readFileSync(join(HANDLERS_DIR, f), 'utf8').match(/kind: WICKR_RESOURCES\.(\w+)/);
    if (m) files.set(m[1] as WickrResourceKey, join(HANDLERS_DIR, f));
  }
  return files;
}

describe('the provider policy matches what the handler code can call', () => {
  const files = handlerFiles();

  test('every resource kind has a handler module', () => {
    expect([...files.keys()].sort()).toEqual(Object.keys(WICKR_RESOURCES).sort());
  });

  test.each(Object.keys(WICKR_RESOURCES) as WickrResourceKey[])('%s: declared operations equal the commands its code sends', (key) => {
    const called = [...operationsCalledBy(files.get(key)!)].sort();
    expect(called).toEqual([...WICKR_RESOURCES[key].operations].sort());
  });

  test('the synthesized policy grants exactly the declared operations, scoped to this account and Region', () => {
    const stack = new Stack(testApp(), 'Policy', { env: { region: 'eu-west-2', account: '111122223333' } });
    const provider = WickrProvider.of(stack);
    const keys = Object.keys(WICKR_RESOURCES) as WickrResourceKey[];
    for (const k of keys) provider.allowResource(k);
    const all = new Set(keys.flatMap((k) => WICKR_RESOURCES[k].operations as readonly OperationName[]));
    const policy = Object.values(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'))[0];
    const statements = policy.Properties.PolicyDocument.Statement as { Sid: string; Action: string | string[]; Resource: unknown }[];
    const wickr = statements.filter((s) => String(s.Sid).startsWith('Wickr'));
    const granted = wickr.flatMap((s) => ([] as string[]).concat(s.Action)).sort();
    expect(granted).toEqual(iamActionsForAll(all));
    const networkScoped = wickr.find((s) => s.Sid === 'WickrOperationsOnThisAccountAndRegionsNetworks')!;
    expect(networkScoped.Resource).toBe('arn:aws:wickr:eu-west-2:111122223333:network/*');
    const star = wickr.find((s) => s.Resource === '*')!;
    expect([].concat(star.Action as never)).toEqual(iamActionsForAll(ACCOUNT_LEVEL_OPERATIONS.filter((o) => all.has(o))));
    expect(granted).not.toContain('wickr:*');
    expect(provider.allowedOperations).toEqual([...all].sort());
  });

  test('a stack grants only the kinds it uses', () => {
    const stack = new Stack(testApp(), 'Partial', { env: { region: 'eu-west-2' } });
    WickrProvider.of(stack).allowResource('networkSettings');
    const policy = Object.values(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'))[0];
    const actions = (policy.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap((s) => ([] as string[]).concat(s.Action));
    expect(actions.filter((a) => a.startsWith('wickr:')).sort()).toEqual(['wickr:GetNetworkSettings', 'wickr:UpdateNetworkSettings']);
  });

  test('UpdateNetwork is authorised as wickr:UpdateNetworkDetails and CreateNetwork also needs wickr:TagResource', () => {
    expect(iamActionsForAll(['UpdateNetwork', 'CreateNetwork'])).toEqual(['wickr:CreateNetwork', 'wickr:TagResource', 'wickr:UpdateNetworkDetails']);
  });
});
