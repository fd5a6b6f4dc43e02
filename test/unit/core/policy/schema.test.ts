import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { actionKinds } from '../../../../src/core/actions';
import { ruleFields, topLevelFields } from '../../../../src/core/policy/parse';
import { presets } from '../../../../src/core/policy/types';

const root = join(__dirname, '../../../../..');
const schema = JSON.parse(readFileSync(join(root, 'media/policy.schema.json'), 'utf8')) as {
  additionalProperties: boolean;
  properties: Record<string, { enum?: string[] }>;
  definitions: { rule: { additionalProperties: boolean; properties: Record<string, { enum?: string[]; items?: { enum?: string[] } }> } };
};
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: { jsonValidation: { fileMatch: string[]; url: string }[] };
};

test('the schema accepts exactly the fields the policy parser accepts', () => {
  assert.equal(schema.additionalProperties, false);
  assert.deepEqual(Object.keys(schema.properties).sort(), [...topLevelFields].sort());
  assert.equal(schema.definitions.rule.additionalProperties, false);
  assert.deepEqual(Object.keys(schema.definitions.rule.properties).sort(), [...ruleFields].sort());
});

test('the schema enums match the parser: presets, kinds, decisions', () => {
  assert.deepEqual(schema.properties.preset?.enum, [...presets]);
  assert.deepEqual(schema.definitions.rule.properties.kinds?.items?.enum, [...actionKinds]);
  assert.deepEqual(schema.definitions.rule.properties.decision?.enum, ['allow', 'ask', 'deny']);
});

test('package.json registers the schema for workspace policy files', () => {
  const entry = manifest.contributes.jsonValidation.find((j) => j.url === './media/policy.schema.json');
  assert.ok(entry, 'no jsonValidation entry for the policy schema');
  assert.ok(entry.fileMatch.includes('**/.airlock/policy.json'));
});
