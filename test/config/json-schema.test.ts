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

describe('every number has a documented range', () => {
  /** Every schema node that takes a number, with where it sits and the description of its field. */
  function numbers(node: unknown, path: string, description: string | undefined, out: { path: string; node: Record<string, unknown>; description?: string }[]) {
    if (node === null || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    const here = typeof n.description === 'string' ? n.description : description;
    const values = Array.isArray(n.enum) && n.enum.every((v) => typeof v === 'number') ? (n.enum as number[]) : undefined;
    // A list of allowed values is a range too: from the smallest to the largest, each listed.
    if (values) out.push({ path, node: { ...n, minimum: Math.min(...values), maximum: Math.max(...values) }, description: here });
    else if (n.type === 'number' || n.type === 'integer') out.push({ path, node: n, description: here });
    for (const [key, value] of Object.entries(n)) {
      if (key === 'properties' && value && typeof value === 'object') for (const [name, child] of Object.entries(value)) numbers(child, `${path}.${name}`, undefined, out);
      else if (key === 'items' || key === 'anyOf' || key === 'oneOf' || key === 'additionalProperties') numbers(value, `${path}[]`, here, out);
      else if (Array.isArray(value)) value.forEach((v) => numbers(v, path, here, out));
    }
  }

  test('in the JSON Schema (minimum and maximum) and in the field description', () => {
    const found: { path: string; node: Record<string, unknown>; description?: string }[] = [];
    numbers(JSON.parse(renderConfigJsonSchema()), '', undefined, found);
    const numeric = found.filter((f) => f.node.const === undefined);
    expect(numeric.length).toBeGreaterThan(20);
    for (const { path, node, description } of numeric) {
      expect([path, typeof node.minimum, typeof node.maximum]).toEqual([path, 'number', 'number']);
      const text = description ?? '';
      // The description says the range: "0 to 100", or lists the values it may take.
      const says = text.includes(`${node.minimum} to ${node.maximum}`) || text.includes(String(node.maximum));
      expect([path, text, says]).toEqual([path, text, true]);
    }
  });
});
