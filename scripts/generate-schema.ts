/**
 * Writes schema/wickr-kit-config.schema.json from the zod schema in lib/config/schema.ts, the one
 * source of truth. test/config/json-schema.test.ts fails when the committed file is stale.
 *
 *   npm run generate:schema
 */
import { writeFileSync } from 'node:fs';
import { configJsonSchemaPath, renderConfigJsonSchema } from '../lib/config/json-schema';

writeFileSync(configJsonSchemaPath(), renderConfigJsonSchema());
console.log(`wrote ${configJsonSchemaPath()}`);
