import { CfnResource, Stack, Token } from 'aws-cdk-lib';

/** Resolves a property of a resource to plain JSON (intrinsics stay as `{ Ref }` / `{ Fn::... }` objects). */
export function resolved<T = unknown>(node: CfnResource, value: unknown): T {
  return Stack.of(node).resolve(value) as T;
}

/** True when a resolved value is a literal string (not an intrinsic). */
export function isLiteral(value: unknown): value is string {
  return typeof value === 'string' && !Token.isUnresolved(value);
}

/**
 * A resolved value as text: literal strings as they are, `Fn::Join` flattened, any other intrinsic
 * as `<token>`. Lets rules read the literal parts of ARNs built from pseudo parameters.
 */
export function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] } | undefined)?.['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) return join[1].map(flatten).join(join[0]);
  return '<token>';
}

/** The Region of an ARN (literal, or joined with a literal Region), or undefined. */
export function arnRegion(arn: unknown): string | undefined {
  const parts = flatten(arn).split(':');
  const region = parts[3];
  return parts.length >= 6 && parts[0] === 'arn' && /^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region) ? region : undefined;
}

/** A value as an array (IAM and CloudFormation accept single values or lists). */
export function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** An AWS-managed KMS alias (`alias/aws/...`), literal or ARN form. */
export function isAwsManagedKeyAlias(keyId: unknown, service?: string): boolean {
  if (typeof keyId !== 'string') return false;
  const m = /(?:^|:)alias\/aws\/([a-z0-9-]+)$/.exec(keyId);
  return m !== null && (service === undefined || m[1] === service);
}

/**
 * Reads a field of a resolved L1 property object. L1 properties resolve with camelCase keys; values
 * passed as raw CloudFormation JSON keep PascalCase, so both spellings are accepted.
 */
export function field<T = unknown>(obj: unknown, camel: string, pascal: string): T | undefined {
  if (obj === null || typeof obj !== 'object') return undefined;
  const o = obj as Record<string, unknown>;
  return (o[camel] ?? o[pascal]) as T | undefined;
}
