import { readFileSync } from 'node:fs';
import { configJsonSchemaPath, renderConfigJsonSchema } from '../../lib/config/json-schema';

describe('exported JSON Schema', () => {
  test('the committed schema matches the zod source (run `npm run generate:schema` when this fails)', () => {
    expect(readFileSync(configJsonSchemaPath(), 'utf8')).toBe(renderConfigJsonSchema());
  });

  test('rejects unknown fields and documents defaults, so editors flag typos', () => {
    const schema = JSON.parse(renderConfigJsonSchema());
    expect(schema.additionalProperties).toBe(false);
    const agency = schema.properties.agencies.items;
    expect(agency.additionalProperties).toBe(false);
    expect(agency.properties.recordsRetention.properties.mode.default).toBe('COMPLIANCE');
    expect(agency.properties.networks.items.properties.name.maxLength).toBe(20);
  });
});
