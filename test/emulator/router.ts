/**
 * Matches method + path against the table's URI templates. When two templates fit one path, literal
 * segments beat labels position by position (so GET /networks/{id}/users/count is GetUsersCount, not
 * GetUser with userId "count"), which is how restJson1 servers resolve such overlaps.
 */
import { badRequest } from './errors';
import { OPERATION_NAMES, OperationName, operationFacts } from './model';

type Segment = { readonly literal: string } | { readonly label: string };

interface Route {
  readonly operation: OperationName;
  readonly method: string;
  readonly segments: readonly Segment[];
}

export interface RouteMatch {
  readonly operation: OperationName;
  /** Percent-decoded label values. */
  readonly labels: Record<string, string>;
}

function parseTemplate(uri: string): Segment[] {
  return uri
    .split('/')
    .slice(1)
    .map((part) => {
      const label = /^\{([A-Za-z0-9_]+)\}$/.exec(part);
      return label ? { label: label[1] } : { literal: part };
    });
}

/** Orders routes so that, for equal length, a literal segment sorts before a label at the first difference. */
function compareSpecificity(a: Route, b: Route): number {
  for (let i = 0; i < Math.min(a.segments.length, b.segments.length); i++) {
    const aLiteral = 'literal' in a.segments[i];
    const bLiteral = 'literal' in b.segments[i];
    if (aLiteral !== bLiteral) return aLiteral ? -1 : 1;
  }
  return 0;
}

export class Router {
  private readonly routes: Route[];

  constructor(operations: readonly OperationName[] = OPERATION_NAMES) {
    this.routes = operations
      .map((operation) => {
        const facts = operationFacts(operation);
        return { operation, method: facts.method, segments: parseTemplate(facts.uri) };
      })
      .sort(compareSpecificity);
  }

  /**
   * The operation for this method and raw (still percent-encoded) path, or undefined. Throws a
   * BadRequestError when a label is not valid percent-encoding.
   */
  match(method: string, rawPath: string): RouteMatch | undefined {
    const parts = rawPath.split('/').slice(1);
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== parts.length) continue;
      const labels: Record<string, string> = {};
      let fits = true;
      for (let i = 0; i < parts.length && fits; i++) {
        const segment = route.segments[i];
        if ('literal' in segment) fits = segment.literal === parts[i];
        else if (parts[i] === '') fits = false;
        else labels[segment.label] = decodeLabel(parts[i], segment.label);
      }
      if (fits) return { operation: route.operation, labels };
    }
    return undefined;
  }
}

function decodeLabel(raw: string, label: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw badRequest(`${label}: "${raw}" is not valid percent-encoding`);
  }
}
