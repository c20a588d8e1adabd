import {
  collectReferences,
  createConditionEvaluator,
  NO_VALUE,
  resolveValue,
  stringifyForCustomResource,
  TemplateError,
  type ResolveScope,
} from './intrinsics';

const STACK_ID = 'arn:aws:cloudformation:ap-southeast-2:123456789012:stack/S/0e4bb0d0-0000-4000-8000-000000000000';

function scope(overrides: Partial<ResolveScope> = {}): ResolveScope {
  const conditions: Record<string, boolean> = { IsProd: true, IsDev: false };
  return {
    region: 'ap-southeast-2',
    accountId: '123456789012',
    stackName: 'S',
    stackId: STACK_ID,
    parameters: { Env: 'prod', Subnets: ['a', 'b'] },
    mappings: { Sizes: { prod: { Count: 3 } } },
    condition: (name) => {
      if (!(name in conditions)) throw new Error(`no condition ${name}`);
      return conditions[name];
    },
    ref: (id) => `phys-${id}`,
    getAtt: (id, attribute) => `${id}.${attribute}`,
    importValue: (name) => `imported-${name}`,
    ...overrides,
  };
}

const resolve = (value: unknown, s: ResolveScope = scope()): unknown => resolveValue(value, s, 'Resources/X/Properties');

describe('resolveValue', () => {
  it('resolves pseudo parameters for the stack Region and partition', () => {
    expect(
      resolve({
        r: { Ref: 'AWS::Region' },
        a: { Ref: 'AWS::AccountId' },
        p: { Ref: 'AWS::Partition' },
        u: { Ref: 'AWS::URLSuffix' },
        n: { Ref: 'AWS::StackName' },
        i: { Ref: 'AWS::StackId' },
        arns: { Ref: 'AWS::NotificationARNs' },
      }),
    ).toEqual({ r: 'ap-southeast-2', a: '123456789012', p: 'aws', u: 'amazonaws.com', n: 'S', i: STACK_ID, arns: [] });
    expect(resolve({ Ref: 'AWS::Partition' }, scope({ region: 'us-gov-west-1' }))).toBe('aws-us-gov');
    expect(resolve({ Ref: 'AWS::URLSuffix' }, scope({ region: 'cn-north-1' }))).toBe('amazonaws.com.cn');
  });

  it('resolves Ref to parameters before resources, and Fn::GetAtt in both forms', () => {
    expect(resolve([{ Ref: 'Env' }, { Ref: 'Subnets' }, { Ref: 'Queue' }])).toEqual(['prod', ['a', 'b'], 'phys-Queue']);
    expect(resolve({ 'Fn::GetAtt': ['Net', 'NetworkId'] })).toBe('Net.NetworkId');
    expect(resolve({ 'Fn::GetAtt': 'Net.Data.Nested' })).toBe('Net.Data.Nested');
    expect(resolve({ 'Fn::GetAtt': ['Net', { Ref: 'Env' }] })).toBe('Net.prod');
  });

  it('resolves Fn::Join, Fn::Select, Fn::Split, Fn::FindInMap, Fn::Base64, Fn::GetAZs and Fn::ImportValue', () => {
    expect(resolve({ 'Fn::Join': ['-', ['x', { Ref: 'Env' }, { 'Fn::GetAtt': ['R', 'A'] }]] })).toBe('x-prod-R.A');
    expect(resolve({ 'Fn::Join': [',', { Ref: 'Subnets' }] })).toBe('a,b');
    expect(resolve({ 'Fn::Select': ['1', { 'Fn::Split': ['/', 'a/b/c'] }] })).toBe('b');
    expect(resolve({ 'Fn::Select': [0, { Ref: 'Subnets' }] })).toBe('a');
    expect(resolve({ 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Count'] })).toBe(3);
    expect(resolve({ 'Fn::Base64': 'hi' })).toBe('aGk=');
    expect(resolve({ 'Fn::GetAZs': '' })).toEqual(['ap-southeast-2a', 'ap-southeast-2b', 'ap-southeast-2c']);
    expect(resolve({ 'Fn::ImportValue': { 'Fn::Sub': '${Env}-NetworkId' } })).toBe('imported-prod-NetworkId');
  });

  it('resolves both forms of Fn::Sub, including escapes and local variables that shadow resources', () => {
    expect(resolve({ 'Fn::Sub': 'arn:${AWS::Partition}:x:${AWS::Region}:${AWS::AccountId}:${Env}/${Queue}/${Net.Id}/${!Literal}' })).toBe(
      'arn:aws:x:ap-southeast-2:123456789012:prod/phys-Queue/Net.Id/${Literal}',
    );
    expect(resolve({ 'Fn::Sub': ['${Queue}-${Extra}', { Queue: 'local', Extra: { Ref: 'Env' } }] })).toBe('local-prod');
    expect(resolve({ 'Fn::Sub': '${Subnets}' })).toBe('a,b');
  });

  it('chooses an Fn::If branch and removes AWS::NoValue from objects and lists', () => {
    expect(
      resolve({
        kept: { 'Fn::If': ['IsProd', 'yes', 'no'] },
        dropped: { 'Fn::If': ['IsDev', 'yes', { Ref: 'AWS::NoValue' }] },
        list: ['a', { Ref: 'AWS::NoValue' }, { 'Fn::If': ['IsProd', 'b', { Ref: 'AWS::NoValue' }] }],
      }),
    ).toEqual({ kept: 'yes', list: ['a', 'b'] });
    expect(resolve({ Ref: 'AWS::NoValue' })).toBe(NO_VALUE);
  });

  it('does not resolve the branch Fn::If does not take', () => {
    const throwing = scope({
      ref: (id) => {
        throw new Error(`must not resolve ${id}`);
      },
    });
    expect(resolve({ 'Fn::If': ['IsProd', 'fine', { Ref: 'Missing' }] }, throwing)).toBe('fine');
  });

  it('fails with the template path on an unsupported intrinsic', () => {
    expect(() => resolve({ Cidr: { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] } })).toThrow(
      new TemplateError('Fn::Cidr is not supported by the lifecycle harness', 'Resources/X/Properties/Cidr/Fn::Cidr'),
    );
    expect(() => resolve({ A: { 'Fn::ToJsonString': {} } })).toThrow('Resources/X/Properties/A/Fn::ToJsonString: Fn::ToJsonString is not supported');
  });

  it('fails on null, on a non-string in Fn::Join, and on Fn::Select out of range, naming the path', () => {
    expect(() => resolve({ A: null })).toThrow("Resources/X/Properties/A: 'null' values are not allowed in templates");
    expect(() => resolve({ A: { 'Fn::Join': ['', ['a', ['b']]] } })).toThrow(
      'Resources/X/Properties/A/Fn::Join/1/1: Fn::Join element must be a string, got a list',
    );
    expect(() => resolve({ 'Fn::Select': [5, ['a']] })).toThrow('Fn::Select cannot select nonexistent value at index 5');
    expect(() => resolve({ 'Fn::FindInMap': ['Sizes', 'dev', 'Count'] })).toThrow('mapping Sizes has no entry [dev][Count]');
  });
});

describe('conditions', () => {
  const base = { region: 'ap-southeast-2', accountId: '123456789012', stackName: 'S', stackId: STACK_ID, parameters: { Env: 'prod', Count: '3' } };

  it('evaluates Fn::Equals/Not/And/Or and references to other conditions', () => {
    const evaluate = createConditionEvaluator(
      {
        IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
        IsThree: { 'Fn::Equals': [{ Ref: 'Count' }, 3] },
        NotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] },
        Both: { 'Fn::And': [{ Condition: 'IsProd' }, { Condition: 'IsThree' }] },
        Either: { 'Fn::Or': [{ Condition: 'NotProd' }, { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'ap-southeast-2'] }] },
      },
      base,
    );
    expect(['IsProd', 'IsThree', 'NotProd', 'Both', 'Either'].map((name) => evaluate(name, 'test'))).toEqual([true, true, false, true, true]);
  });

  it('rejects a condition that refers to a resource, to itself, or to an undefined condition', () => {
    const evaluate = createConditionEvaluator(
      {
        OnResource: { 'Fn::Equals': [{ Ref: 'Queue' }, 'x'] },
        Loop: { 'Fn::Not': [{ Condition: 'Loop' }] },
      },
      base,
    );
    expect(() => evaluate('OnResource', 'test')).toThrow('conditions cannot refer to resource Queue');
    expect(() => evaluate('Loop', 'test')).toThrow('condition Loop refers to itself');
    expect(() => evaluate('Nope', 'Resources/X/Condition')).toThrow('Resources/X/Condition: condition Nope is not defined in Conditions');
  });
});

describe('collectReferences', () => {
  it('finds resources named by Ref, Fn::GetAtt (both forms) and Fn::Sub, and nothing else', () => {
    const ids = new Set(['A', 'B', 'C', 'D', 'E', 'F']);
    const found = collectReferences(
      {
        x: { Ref: 'A' },
        y: [{ 'Fn::GetAtt': ['B', 'Arn'] }, { 'Fn::GetAtt': 'C.Id' }],
        z: { 'Fn::Sub': '${D}-${E.Arn}-${AWS::Region}-${!F}-${Param}' },
        w: { 'Fn::Sub': ['${F}', { F: 'local' }] },
        p: { Ref: 'Param' },
      },
      ids,
    );
    expect([...found].sort()).toEqual(['A', 'B', 'C', 'D', 'E']);
  });
});

describe('stringifyForCustomResource', () => {
  it('turns numbers and booleans into strings at any depth', () => {
    expect(stringifyForCustomResource({ n: 1, f: 1.5, b: false, s: 's', o: { l: [2, true, { z: 0 }] } }, 'p')).toEqual({
      n: '1',
      f: '1.5',
      b: 'false',
      s: 's',
      o: { l: ['2', 'true', { z: '0' }] },
    });
  });
});
