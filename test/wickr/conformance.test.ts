import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { API_VERSION, ENDPOINT_PREFIX, OPERATIONS, SIGNING_NAME } from '../../lambda/wickr/model/operations';
import { SHAPES } from '../../lambda/wickr/model/shapes';
import * as api from '../../lambda/wickr';
import { compareTableWithModel, type KitTable, type SmithyModel } from './conformance';

const REPO_ROOT = resolve(__dirname, '../..');
const MODEL_PATH = resolve(REPO_ROOT, process.env.WICKR_MODEL_PATH ?? '../shared/wickr/wickr-2024-02-01.smithy.json');
const FIXTURES = resolve(__dirname, '../fixtures/wickr');

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
// Mutations work on copies, never on the table the client uses.
type Mutable = { operations: Record<string, Record<string, unknown>>; shapes: Record<string, Record<string, any>> };

describe('compareTableWithModel (hand-made mini model)', () => {
  const model = readJson<SmithyModel>(resolve(FIXTURES, 'mini-model.json'));
  const table = readJson<KitTable>(resolve(FIXTURES, 'mini-table.json'));
  const mutated = (change: (t: Mutable) => void): KitTable => {
    const copy = structuredClone(table) as unknown as Mutable;
    change(copy);
    return copy as unknown as KitTable;
  };

  it('finds nothing when the table matches', () => {
    expect(compareTableWithModel(model, table)).toEqual([]);
  });

  it.each<[string, (t: Mutable) => void, string[]]>([
    ['a wrong method', (t) => (t.operations.CreateWidget!.method = 'PUT'), ["CreateWidget: method is PUT in the kit's table, POST in the model"]],
    [
      'a wrong path',
      (t) => (t.operations.ListWidgets!.uri = '/networks/{networkId}/widget'),
      ["ListWidgets: URI is /networks/{networkId}/widget in the kit's table, /networks/{networkId}/widgets in the model"],
    ],
    ['a dropped required member', (t) => delete t.shapes.CreateWidgetRequest!.members.name, ["CreateWidgetRequest.name: member in the model, missing from the kit's table"]],
    ['a lost required flag', (t) => delete t.shapes.Widget!.members.id.required, ["Widget.id: required in the model, not in the kit's table"]],
    ['a changed enum value', (t) => (t.shapes.Color!.values.RED = 'crimson'), ["Color: enum value RED is crimson in the kit's table, red in the model"]],
    ['a changed intEnum value', (t) => (t.shapes.WidgetStatus!.values.OFF = 0), ["WidgetStatus: enum value OFF is 0 in the kit's table, 2 in the model"]],
    ['an extra enum value', (t) => (t.shapes.Color!.values.GREEN = 'green'), ["Color: enum value GREEN is in the kit's table, not in the model"]],
    [
      'a renamed query parameter',
      (t) => (t.shapes.CreateWidgetRequest!.members.dryRun.locationName = 'dry_run'),
      ["CreateWidgetRequest.dryRun: query name is dry_run in the kit's table, dryRun in the model"],
    ],
    [
      'a label moved to the body',
      (t) => delete t.shapes.ListWidgetsRequest!.members.networkId.location,
      ["ListWidgetsRequest.networkId: binding is body in the kit's table, label in the model"],
    ],
    ['a lost idempotency token', (t) => delete t.shapes.CreateWidgetRequest!.members.token.idempotencyToken, ["CreateWidgetRequest.token: idempotencyToken in the model, not in the kit's table"]],
    [
      'a changed timestamp format',
      (t) => (t.shapes.ListWidgetsRequest!.members.since.timestampFormat = 'date-time'),
      ["ListWidgetsRequest.since: timestampFormat is date-time in the kit's table, epoch-seconds in the model"],
    ],
    [
      'a wrong member target',
      (t) => (t.shapes.CreateWidgetRequest!.members.size.target = 'Long'),
      ["CreateWidgetRequest.size: target is Long in the kit's table, Integer in the model"],
    ],
    [
      'a changed range',
      (t) => (t.shapes.CreateWidgetRequest!.members.size.range = { min: 1, max: 10 }),
      ['CreateWidgetRequest.size: range is {"min":1,"max":10} in the kit\'s table, {"min":1,"max":9} in the model'],
    ],
    ['a changed length', (t) => (t.shapes.NetworkId!.length = { min: 1, max: 8 }), ['NetworkId: length is {"min":1,"max":8} in the kit\'s table, {"min":8,"max":8} in the model']],
    ['a changed pattern', (t) => (t.shapes.NetworkId!.pattern = '^[0-9]+$'), ["NetworkId: pattern is ^[0-9]+$ in the kit's table, ^[0-9]{8}$ in the model"]],
    ['a lost sensitive flag', (t) => delete t.shapes.SecretString!.sensitive, ["SecretString: sensitive in the model, not in the kit's table"]],
    ['a wrong httpError', (t) => (t.shapes.BadRequestError!.httpError = 409), ["BadRequestError: httpError is 409 in the kit's table, 400 in the model"]],
    ['a wrong list member', (t) => (t.shapes.TagList!.member = 'Widget'), ["TagList: list member is Widget in the kit's table, String in the model"]],
    ['a lost readonly trait', (t) => delete t.operations.ListWidgets!.readonly, ["ListWidgets: readonly in the model, not in the kit's table"]],
    ['a spurious idempotent trait', (t) => (t.operations.ListWidgets!.idempotent = true), ["ListWidgets: idempotent in the kit's table, not in the model"]],
    [
      'a wrong pagination items member (service defaults merged)',
      (t) => ((t.operations.ListWidgets!.paginated as Record<string, string>).items = 'things'),
      ["ListWidgets: paginated.items is things in the kit's table, widgets in the model"],
    ],
    ['lost pagination', (t) => delete t.operations.ListWidgets!.paginated, ["ListWidgets: paginated in the model, not in the kit's table"]],
    ['a missing error', (t) => (t.operations.CreateWidget!.errors = ['BadRequestError']), ["CreateWidget: error InternalServerError is in the model, not in the kit's table"]],
    ['a missing operation', (t) => delete t.operations.ListWidgets, ["ListWidgets: operation in the model, missing from the kit's table"]],
    [
      'an operation the model lacks',
      (t) => (t.operations.DeleteWidget = { ...t.operations.CreateWidget!, method: 'DELETE' }),
      ["DeleteWidget: operation in the kit's table, not in the model"],
    ],
    ['a missing nested shape', (t) => delete t.shapes.Widget, ["Widget: shape in the model, missing from the kit's table"]],
    ['an extra member', (t) => (t.shapes.Widget!.members.extra = { target: 'String' }), ["Widget.extra: member in the kit's table, not in the model"]],
  ])('fails on %s', (_what, change, lines) => {
    expect(compareTableWithModel(model, mutated(change))).toEqual(lines);
  });

  it('fails on model features the table cannot express', () => {
    const changed = structuredClone(model);
    const request = changed.shapes['example.mini#CreateWidgetRequest']!;
    request.members!.name!.traits = { 'smithy.api#required': {}, 'smithy.api#httpPayload': {} };
    request.members!.secret!.traits = { 'smithy.api#sensitive': {} };
    changed.shapes['example.mini#Widget']!.members!.tags = { target: 'example.mini#TagMap' };
    changed.shapes['example.mini#TagMap'] = { type: 'map', key: { target: 'smithy.api#String' }, value: { target: 'smithy.api#String' } };
    const withMap = structuredClone(table) as unknown as Mutable;
    withMap.shapes.Widget!.members.tags.target = 'TagMap';
    withMap.shapes.TagMap = { type: 'map' };
    expect(compareTableWithModel(changed, withMap as unknown as KitTable)).toEqual([
      "CreateWidgetRequest.name: has @httpPayload in the model, which the kit's table cannot express",
      "CreateWidgetRequest.secret: sensitive on the member in the model, which the kit's table cannot record",
      "TagMap: map shapes are not supported by the kit's table or client",
    ]);
  });

  it('fails on service facts', () => {
    const wrong = { ...table, service: { version: '2000-01-02', signingName: 'admin.mini', endpointPrefix: 'admin.mini' } };
    expect(compareTableWithModel(model, wrong)).toEqual([
      "service: version is 2000-01-02 in the kit's table, 2000-01-01 in the model",
      "service: SigV4 signing name is admin.mini in the kit's table, mini in the model",
    ]);
  });
});

const modelPresent = existsSync(MODEL_PATH);
if (!modelPresent) {
  console.warn(`Wickr conformance: no Smithy model at ${MODEL_PATH} (set WICKR_MODEL_PATH); skipping the check of the kit's table against it.`);
}

(modelPresent ? describe : describe.skip)(`the kit's table against the official model (${MODEL_PATH})`, () => {
  const model = modelPresent ? readJson<SmithyModel>(MODEL_PATH) : { shapes: {} };
  const kit: KitTable = {
    operations: OPERATIONS,
    shapes: SHAPES,
    service: { version: API_VERSION, signingName: SIGNING_NAME, endpointPrefix: ENDPOINT_PREFIX },
  };

  it('agrees on every operation, shape, member, binding, constraint, enum and error', () => {
    expect(compareTableWithModel(model, kit)).toEqual([]);
    expect(Object.keys(OPERATIONS)).toHaveLength(44);
  });

  it('fails when the real table is wrong (method, path, required member, enum value)', () => {
    const copy = structuredClone({ operations: OPERATIONS, shapes: SHAPES }) as unknown as Mutable;
    copy.operations.CreateNetwork!.method = 'PUT';
    copy.operations.GetNetwork!.uri = '/network/{networkId}';
    delete copy.shapes.CreateNetworkRequest!.members.networkName;
    copy.shapes.AccessLevel!.values.PREMIUM = 'GOLD';
    expect(compareTableWithModel(model, copy as unknown as KitTable)).toEqual([
      "CreateNetwork: method is PUT in the kit's table, POST in the model",
      "GetNetwork: URI is /network/{networkId} in the kit's table, /networks/{networkId} in the model",
      "CreateNetworkRequest.networkName: member in the model, missing from the kit's table",
      "AccessLevel: enum value PREMIUM is GOLD in the kit's table, PREMIUM in the model",
    ]);
  });

  it('exports a command for every operation and a paginator for every paginated one', () => {
    const exported = api as unknown as Record<string, unknown>;
    for (const [id, shape] of Object.entries(model.shapes)) {
      if (shape.type !== 'operation') continue;
      const name = id.slice(id.indexOf('#') + 1);
      expect([name, typeof exported[`${name}Command`]]).toEqual([name, 'function']);
      const paginated = shape.traits?.['smithy.api#paginated'] !== undefined;
      expect([name, typeof exported[`paginate${name}`]]).toEqual([name, paginated ? 'function' : 'undefined']);
    }
  });
});
