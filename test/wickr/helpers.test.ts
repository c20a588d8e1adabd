import {
  BadRequestError,
  InternalServerError,
  RateLimitError,
  ResourceNotFoundError,
  UnauthorizedError,
  ForbiddenError,
  ValidationError,
  WickrOutcomeUnknownError,
  WickrServiceException,
  isAmbiguousWriteError,
  isRetryableError,
} from '../../lambda/wickr';
import { resolveEndpoint } from '../../lambda/wickr/endpoint';
import { SERVICE_ERRORS } from '../../lambda/wickr/errors';
import { SHAPES } from '../../lambda/wickr/model/shapes';
import { REDACTED, collectSecrets, redactShape, scrubText, isSensitiveMember } from '../../lambda/wickr/redact';
import { parseErrorResponse, serializeRequest } from '../../lambda/wickr/serde';

const meta = (httpStatusCode?: number) => ({ httpStatusCode, attempts: 1, totalRetryDelay: 0 });
const base = { operation: 'GetNetwork', message: 'm' };

describe('exceptions', () => {
  it('has one class per error shape of the table, with the same HTTP status', () => {
    const errorShapes = Object.entries(SHAPES).filter(([, s]) => s.type === 'structure' && s.error !== undefined);
    expect(errorShapes.map(([n]) => n).sort()).toEqual(Object.keys(SERVICE_ERRORS).sort());
    for (const [name, shape] of errorShapes) {
      const type = SERVICE_ERRORS[name as keyof typeof SERVICE_ERRORS];
      expect([name, type.httpStatus]).toEqual([name, (shape as { httpError?: number }).httpError]);
      const err = new type({ ...base, $metadata: meta(type.httpStatus) });
      expect(err).toBeInstanceOf(WickrServiceException);
      expect(err).toBeInstanceOf(Error);
      expect(err.name).toBe(name);
      expect(err.$fault).toBe((shape as { error?: string }).error);
    }
  });

  it('carries the ValidationError reasons', () => {
    const err = new ValidationError({ ...base, $metadata: meta(422), reasons: [{ field: 'a', reason: 'b' }] });
    expect(err.reasons).toEqual([{ field: 'a', reason: 'b' }]);
  });
});

describe('isRetryableError', () => {
  it('is true for throttling, 5xx and lost connections', () => {
    expect(isRetryableError(new RateLimitError({ ...base, $metadata: meta(429) }))).toBe(true);
    expect(isRetryableError(new InternalServerError({ ...base, $metadata: meta(500) }))).toBe(true);
    expect(isRetryableError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetryableError(new Error('socket hang up'))).toBe(true);
    // An @aws-sdk/client-wickr style error is judged the same way.
    expect(isRetryableError({ name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } })).toBe(true);
    expect(isRetryableError({ name: 'TimeoutError' })).toBe(true);
  });

  it('is false for other client errors, aborts, outcome-unknown errors and non-errors', () => {
    for (const type of [BadRequestError, UnauthorizedError, ForbiddenError, ResourceNotFoundError, ValidationError]) {
      expect(isRetryableError(new type({ ...base, $metadata: meta(type.httpStatus) }))).toBe(false);
    }
    expect(isRetryableError(new WickrOutcomeUnknownError({ ...base, $metadata: meta(500) }))).toBe(false);
    expect(isRetryableError({ name: 'AbortError' })).toBe(false);
    expect(isRetryableError(new Error('bad input'))).toBe(false);
    expect(isRetryableError(undefined)).toBe(false);
    expect(isRetryableError('ECONNRESET')).toBe(false);
  });
});

describe('isAmbiguousWriteError', () => {
  it('is true only for outcome-unknown errors and flagged writes', () => {
    expect(isAmbiguousWriteError(new WickrOutcomeUnknownError({ ...base, $metadata: meta(500) }))).toBe(true);
    expect(isAmbiguousWriteError(new InternalServerError({ ...base, $metadata: meta(500), ambiguousWrite: true }))).toBe(true);
    expect(isAmbiguousWriteError(new InternalServerError({ ...base, $metadata: meta(500) }))).toBe(false);
    expect(isAmbiguousWriteError(new Error('x'))).toBe(false);
    expect(isAmbiguousWriteError(null)).toBe(false);
  });
});

describe('resolveEndpoint', () => {
  it('follows the service endpoint rules', () => {
    expect(resolveEndpoint({ region: 'ap-southeast-2' }).href).toBe('https://admin.wickr.ap-southeast-2.amazonaws.com/');
    expect(resolveEndpoint({ region: 'us-gov-west-1', useFipsEndpoint: true }).href).toBe('https://admin.wickr-fips.us-gov-west-1.amazonaws.com/');
    expect(resolveEndpoint({ region: 'us-east-1', useDualstackEndpoint: true }).href).toBe('https://admin.wickr.us-east-1.api.aws/');
    expect(resolveEndpoint({ region: 'eu-west-2', env: { WICKR_ENDPOINT_URL: 'http://127.0.0.1:9' } }).href).toBe('http://127.0.0.1:9/');
    expect(resolveEndpoint({ region: 'eu-west-2', env: { WICKR_ENDPOINT_URL: '  ' } }).href).toBe('https://admin.wickr.eu-west-2.amazonaws.com/');
  });

  it('rejects FIPS or dual-stack with a custom endpoint, bad schemes and bad regions', () => {
    expect(() => resolveEndpoint({ region: 'x', endpoint: 'http://127.0.0.1:1', useFipsEndpoint: true })).toThrow(
      'Invalid configuration: FIPS and a custom endpoint cannot be combined',
    );
    expect(() => resolveEndpoint({ region: 'x', env: { WICKR_ENDPOINT_URL: 'http://h' }, useDualstackEndpoint: true })).toThrow(
      'Invalid configuration: dual-stack and a custom endpoint cannot be combined',
    );
    expect(() => resolveEndpoint({ region: 'x', endpoint: 'ftp://h' })).toThrow('Invalid endpoint ftp://h/: only http: and https: are supported');
    expect(() => resolveEndpoint({ region: 'evil.com/x' })).toThrow('Invalid region "evil.com/x"');
  });
});

describe('redaction helpers', () => {
  it('uses the table: sensitive targets, plus OIDC token material and secret names', () => {
    expect(isSensitiveMember('CreateBotRequest', 'challenge')).toBe(true);
    expect(isSensitiveMember('User', 'firstName')).toBe(true);
    expect(isSensitiveMember('OidcTokenInfo', 'idToken')).toBe(true);
    expect(isSensitiveMember('GetOidcInfoRequest', 'code')).toBe(true);
    expect(isSensitiveMember('User', 'username')).toBe(false);
    expect(isSensitiveMember('OidcTokenInfo', 'tokenType')).toBe(false);
  });

  it('redacts nested structures and lists, leaving the original alone', () => {
    const input = { networkId: '12345678', users: [{ username: 'u', firstName: 'Ann', lastName: 'Lee', securityGroupIds: ['g'] }] };
    expect(redactShape(input, 'BatchCreateUserRequest')).toEqual({
      networkId: '12345678',
      users: [{ username: 'u', firstName: REDACTED, lastName: REDACTED, securityGroupIds: ['g'] }],
    });
    expect(input.users[0]!.firstName).toBe('Ann');
    expect([...collectSecrets(input, 'BatchCreateUserRequest', new Set())].sort()).toEqual(['Ann', 'Lee']);
  });

  it('scrubs secrets (raw, URL-encoded and JSON-escaped) out of free text', () => {
    const secrets = new Set(['p@ss "word"/1']);
    expect(scrubText('a p@ss "word"/1 b p%40ss%20%22word%22%2F1 c p@ss \\"word\\"/1', secrets)).toBe('a *** b *** c ***');
  });
});

describe('serializer and error parser details', () => {
  it('rejects a label that is not in the table', () => {
    expect(() => serializeRequest('GetBot', { networkId: '12345678' })).toThrow('GetBot: the URI label botId has no value');
  });

  it('reads codes from namespaced __type and ignores empty ones', () => {
    expect(parseErrorResponse({}, '{"__type":"com.amazonaws.wickr#RateLimitError:extra","message":"m"}')).toMatchObject({ code: 'RateLimitError', message: 'm' });
    expect(parseErrorResponse({ 'x-amzn-errortype': '' }, '{"code":"X"}').code).toBe('X');
    expect(parseErrorResponse({}, '').code).toBeUndefined();
  });
});

describe('public surface (from the table, model or not)', () => {
  it('has an XxxCommand bound to each of the 44 operations and a paginateXxx for each paginated one', async () => {
    const api = (await import('../../lambda/wickr')) as unknown as Record<string, unknown>;
    const { OPERATIONS } = await import('../../lambda/wickr/model/operations');
    for (const [name, op] of Object.entries(OPERATIONS)) {
      const Command = api[`${name}Command`] as new (input: object) => { operation: string; input: object };
      expect([name, typeof Command]).toEqual([name, 'function']);
      const command = new Command({ networkId: '12345678' });
      expect(command.operation).toBe(name);
      expect(command.input).toEqual({ networkId: '12345678' });
      expect([name, typeof api[`paginate${name}`]]).toEqual([name, 'paginated' in op ? 'function' : 'undefined']);
    }
  });
});
