import { join } from 'node:path';
import { packageRoot } from '../package-root';
import { configJsonSchema } from './schema';

/** Where the committed JSON Schema for editors lives. */
export function configJsonSchemaPath(): string {
  return join(packageRoot(), 'schema', 'wickr-kit-config.schema.json');
}

/** The JSON Schema text as committed (regenerate with `npm run generate:schema`). */
export function renderConfigJsonSchema(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
