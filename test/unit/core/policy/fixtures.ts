// Policy texts for the parser's tests and the CLI's: every malformed one must be refused with the field it names.
import type { PolicyFile } from '../../../../src/core/policy/types';

export interface MalformedPolicy {
  readonly name: string;
  readonly text: string;
  /** The field the error must name ('' for the whole file). */
  readonly field: string;
  readonly message: RegExp;
}

const rule = (fields: Record<string, unknown>) => JSON.stringify({ rules: [fields] });
const ok = { id: 'r', decision: 'deny' };

export const malformedPolicies: readonly MalformedPolicy[] = [
  { name: 'bad JSON', text: '{"rules": [', field: '', message: /^not valid JSON: / },
  { name: 'trailing comma', text: '{"rules": [],}', field: '', message: /^not valid JSON: / },
  { name: 'empty file', text: '', field: '', message: /^not valid JSON: / },
  { name: 'a list at top level', text: '[]', field: '', message: /must be a JSON object/ },
  { name: 'null', text: 'null', field: '', message: /must be a JSON object/ },
  { name: 'unknown top-level field', text: '{"rules": [], "rule": []}', field: 'rule', message: /^unknown field "rule" \(expected \$schema, preset, rules\)$/ },
  { name: 'bad preset', text: '{"preset": "lax"}', field: 'preset', message: /^must be one of strict, balanced, permissive$/ },
  { name: 'rules not a list', text: '{"rules": {}}', field: 'rules', message: /must be a list of rules/ },
  { name: 'a rule that is not an object', text: '{"rules": [1]}', field: 'rules[0]', message: /a rule must be an object/ },
  { name: 'unknown field in a rule', text: rule({ ...ok, paths: ['src'], path: 'src' }), field: 'rules[0].path', message: /^unknown field "path"/ },
  { name: 'missing id', text: rule({ decision: 'deny', paths: ['x'] }), field: 'rules[0].id', message: /must be a name/ },
  { name: 'id with a space', text: rule({ ...ok, id: 'no spaces', paths: ['x'] }), field: 'rules[0].id', message: /must be a name/ },
  { name: 'bad decision', text: rule({ ...ok, decision: 'block', paths: ['x'] }), field: 'rules[0].decision', message: /must be "allow", "ask" or "deny"/ },
  { name: 'missing decision', text: rule({ id: 'r', paths: ['x'] }), field: 'rules[0].decision', message: /must be "allow", "ask" or "deny"/ },
  { name: 'decision in capitals', text: rule({ ...ok, decision: 'DENY', paths: ['x'] }), field: 'rules[0].decision', message: /must be/ },
  { name: 'reason not a string', text: rule({ ...ok, paths: ['x'], reason: 5 }), field: 'rules[0].reason', message: /at most 500/ },
  { name: 'reason too long', text: rule({ ...ok, paths: ['x'], reason: 'x'.repeat(501) }), field: 'rules[0].reason', message: /at most 500/ },
  { name: 'bad glob src/[abc', text: rule({ ...ok, paths: ['src/[abc'] }), field: 'rules[0].paths[0]', message: /'src\/\[abc' is not a valid glob: '\[' without '\]'/ },
  { name: 'bad glob src/{a,b', text: rule({ ...ok, paths: ['src/{a,b'] }), field: 'rules[0].paths[0]', message: /'\{' without '\}'/ },
  { name: 'bad glob src/a}', text: rule({ ...ok, paths: ['src/a}'] }), field: 'rules[0].paths[0]', message: /'\}' without '\{'/ },
  { name: 'a glob with ..', text: rule({ ...ok, paths: ['src', '../secrets/**'] }), field: 'rules[0].paths[1]', message: /contains '\.\.'/ },
  { name: "a glob with another user's home", text: rule({ ...ok, paths: ['~bob/.ssh/**'] }), field: 'rules[0].paths[0]', message: /another user's home/ },
  { name: 'an empty glob', text: rule({ ...ok, paths: [''] }), field: 'rules[0].paths[0]', message: /empty/ },
  { name: 'a glob that is not a string', text: rule({ ...ok, paths: [5] }), field: 'rules[0].paths[0]', message: /must be a string/ },
  { name: 'paths not a list', text: rule({ ...ok, paths: 'src/**' }), field: 'rules[0].paths', message: /non-empty list of patterns/ },
  { name: 'empty paths', text: rule({ ...ok, paths: [] }), field: 'rules[0].paths', message: /non-empty list of patterns/ },
  { name: 'bad CIDR 10.0.0.0/33', text: rule({ ...ok, hosts: ['10.0.0.0/33'] }), field: 'rules[0].hosts[0]', message: /prefix length "\/33" must be a number from 0 to 32/ },
  { name: 'CIDR with host bits set', text: rule({ ...ok, hosts: ['10.0.0.1/8'] }), field: 'rules[0].hosts[0]', message: /bits set outside the prefix/ },
  { name: 'bad IPv6 CIDR', text: rule({ ...ok, hosts: ['[fd00::/129]'] }), field: 'rules[0].hosts[0]', message: /prefix length/ },
  { name: 'bad port', text: rule({ ...ok, hosts: ['127.0.0.1:70000'] }), field: 'rules[0].hosts[0]', message: /port "70000"/ },
  { name: 'a URL instead of a host', text: rule({ ...ok, hosts: ['https://example.com/'] }), field: 'rules[0].hosts[0]', message: /without a scheme/ },
  { name: 'empty hosts', text: rule({ ...ok, hosts: [] }), field: 'rules[0].hosts', message: /non-empty list/ },
  { name: 'empty commands', text: rule({ ...ok, commands: [] }), field: 'rules[0].commands', message: /non-empty list/ },
  { name: 'unterminated quote in a command', text: rule({ ...ok, commands: ["git commit -m 'x"] }), field: 'rules[0].commands[0]', message: /unterminated/ },
  { name: 'empty kinds', text: rule({ ...ok, kinds: [] }), field: 'rules[0].kinds', message: /non-empty list of action kinds/ },
  { name: 'unknown kind', text: rule({ ...ok, kinds: ['read', 'copy'], paths: ['x'] }), field: 'rules[0].kinds[1]', message: /unknown action kind "copy"/ },
  { name: 'kinds not a list', text: rule({ ...ok, kinds: 'read' }), field: 'rules[0].kinds', message: /non-empty list/ },
  { name: 'paths with fetch kinds', text: rule({ ...ok, kinds: ['fetch'], paths: ['x'] }), field: 'rules[0].paths', message: /"paths" apply to read\/write\/delete\/rename actions/ },
  { name: 'hosts with read kinds', text: rule({ ...ok, kinds: ['read'], hosts: ['example.com'] }), field: 'rules[0].hosts', message: /"hosts" apply to fetch actions/ },
  { name: 'commands with write kinds', text: rule({ ...ok, kinds: ['write'], commands: ['make'] }), field: 'rules[0].commands', message: /"commands" apply to exec/ },
  { name: 'a kind no matcher covers', text: rule({ ...ok, kinds: ['read', 'exec'], paths: ['x'] }), field: 'rules[0].kinds', message: /no matcher of this rule applies to "exec"/ },
  { name: 'one matcher of two unused', text: rule({ ...ok, kinds: ['read'], paths: ['x'], hosts: ['a.example'] }), field: 'rules[0].hosts', message: /apply to fetch/ },
  { name: 'no kinds and no matcher', text: rule(ok), field: 'rules[0]', message: /needs "kinds" or at least one of/ },
  {
    name: 'duplicate id',
    text: JSON.stringify({ rules: [{ ...ok, paths: ['a'] }, { ...ok, paths: ['b'] }] }),
    field: 'rules[1].id',
    message: /^duplicate rule id "r"$/,
  },
  {
    name: 'the error names the rule by its index',
    text: JSON.stringify({ rules: [{ ...ok, id: 'a', paths: ['a'] }, { ...ok, id: 'b', paths: ['b'] }, { ...ok, id: 'c', hosts: ['10.0.0.0/33'] }] }),
    field: 'rules[2].hosts[0]',
    message: /prefix length/,
  },
];

/** Valid policies and what they must parse to: every rule kept, in order, with every field. */
export const validPolicies: readonly { readonly name: string; readonly text: string; readonly expected: PolicyFile }[] = [
  { name: 'empty object', text: '{}', expected: { rules: [] } },
  { name: 'empty rules', text: '{"rules": []}', expected: { rules: [] } },
  { name: 'preset only', text: '{"$schema": "./policy.schema.json", "preset": "strict"}', expected: { preset: 'strict', rules: [] } },
  {
    name: 'every kind of rule',
    text: JSON.stringify({
      preset: 'balanced',
      rules: [
        { id: 'allow-dev-server', hosts: ['127.0.0.1:3000', '[::1]:3000'], decision: 'allow', reason: 'The dev server.' },
        { id: 'no-secrets', paths: ['secrets/**', '~/.config/app/**', '/srv/data/**'], decision: 'deny' },
        { id: 'ask-pushes', commands: ['git push *'], decision: 'ask' },
        { id: 'ask-deletes', kinds: ['delete'], decision: 'ask' },
        { id: 'reads-of-src', kinds: ['read', 'write'], paths: ['src/[abc]*.ts', 'lib/{x,y}/**'], decision: 'allow' },
        { id: 'internal-net', hosts: ['10.0.0.0/8', '*.corp.example', 'fd00::/8'], kinds: ['fetch'], decision: 'deny' },
      ],
    }),
    expected: {
      preset: 'balanced',
      rules: [
        { id: 'allow-dev-server', decision: 'allow', hosts: ['127.0.0.1:3000', '[::1]:3000'], reason: 'The dev server.' },
        { id: 'no-secrets', decision: 'deny', paths: ['secrets/**', '~/.config/app/**', '/srv/data/**'] },
        { id: 'ask-pushes', decision: 'ask', commands: ['git push *'] },
        { id: 'ask-deletes', decision: 'ask', kinds: ['delete'] },
        { id: 'reads-of-src', decision: 'allow', kinds: ['read', 'write'], paths: ['src/[abc]*.ts', 'lib/{x,y}/**'] },
        { id: 'internal-net', decision: 'deny', kinds: ['fetch'], hosts: ['10.0.0.0/8', '*.corp.example', 'fd00::/8'] },
      ],
    },
  },
  {
    name: 'mixed matchers with matching kinds',
    text: JSON.stringify({ rules: [{ id: 'mixed', kinds: ['read', 'fetch'], paths: ['docs'], hosts: ['example.com'], decision: 'ask' }] }),
    expected: { rules: [{ id: 'mixed', decision: 'ask', kinds: ['read', 'fetch'], paths: ['docs'], hosts: ['example.com'] }] },
  },
];
