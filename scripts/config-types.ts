/**
 * Renders lib/config/config-types.ts: the parsed config's types (defaults applied) as plain
 * TypeScript interfaces, generated from the zod schema in lib/config/schema.ts through its
 * output-form JSON Schema and json-schema-to-typescript.
 *
 * Why: `z.output<typeof KitConfigSchema>` in the library's declarations made every consumer's
 * compiler load zod's own declarations, which do not compile without DOM or @types/node typings
 * (TypeScript 6+ loads no @types by default). The interfaces carry the same shape with no import.
 * test/config/config-types.test.ts fails when the committed file is stale, and checks at type level
 * that the interfaces are exactly `z.output` of the schema.
 *
 * Used by scripts/generate-schema.ts (`npm run generate:schema`) and the test; a dev-only module
 * (json-schema-to-typescript is a devDependency).
 */
import { join } from 'node:path';
import { compile } from 'json-schema-to-typescript';
import { z } from 'zod';
import { DriftDetectionSchema } from '../lib/config/drift';
import { FederationSchema } from '../lib/config/federation';
import { PipelineSchema } from '../lib/config/pipeline';
import * as schema from '../lib/config/schema';
import { packageRoot } from '../lib/package-root';

/** The committed file. */
export function configTypesPath(): string {
  return join(packageRoot(), 'lib', 'config', 'config-types.ts');
}

/** Parts of the schema that get their own named interface (the names the kit's code already uses). */
const NAMED: readonly (readonly [z.ZodType, string])[] = [
  [schema.KitConfigSchema, 'KitConfig'],
  [schema.PolicySchema, 'PolicyConfig'],
  [schema.AgencySchema, 'AgencyConfig'],
  [schema.RecordsRetentionSchema, 'RecordsRetentionConfig'],
  [schema.StorageSchema, 'StorageConfig'],
  [schema.GuardrailsSchema, 'GuardrailsConfig'],
  [schema.LostDeviceRunbookSchema, 'LostDeviceRunbookConfig'],
  [DriftDetectionSchema, 'DriftDetectionConfig'],
  [schema.NetworkSchema, 'NetworkConfig'],
  [schema.DataRetentionSchema, 'DataRetentionConfig'],
  [schema.SecurityGroupSchema, 'SecurityGroupConfig'],
  [schema.SsoSchema, 'SsoConfig'],
  [FederationSchema, 'FederationConfig'],
  [PipelineSchema, 'PipelineConfig'],
];

const BANNER = `/**
 * The config after parsing, with every default applied: plain interfaces generated from the zod
 * schema (lib/config/schema.ts) so the library's public types need no zod. DO NOT EDIT: run
 * \`npm run generate:schema\` after changing the schema (test/config/config-types.test.ts checks it).
 */
/* eslint-disable */`;

/** The text of lib/config/config-types.ts. */
export async function renderConfigTypes(): Promise<string> {
  const names = new Map<unknown, string>(NAMED);
  const jsonSchema = z.toJSONSchema(schema.KitConfigSchema, {
    io: 'output',
    // draft-7 writes tuples as `items: [...]`, which json-schema-to-typescript reads (it does not read prefixItems).
    target: 'draft-7',
    // A title makes json-schema-to-typescript declare a named interface for that part.
    override: (ctx) => {
      const name = names.get(ctx.zodSchema);
      if (name) ctx.jsonSchema.title = name;
    },
  });
  const text = await compile(jsonSchema as Parameters<typeof compile>[0], 'KitConfig', {
    bannerComment: BANNER,
    additionalProperties: false,
    // Arrays stay arrays (as in z.output), not tuples of every allowed length.
    ignoreMinAndMaxItems: true,
    unreachableDefinitions: false,
    format: true,
    style: { singleQuote: true, printWidth: 140 },
  });
  return text;
}
