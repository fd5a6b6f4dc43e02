import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shimText } from '../../../src/vscode/cliOnPath';

test('the airlock command file runs the CLI with the checked Node, quoting paths with spaces and quotes', () => {
  const { name, text } = shimText('linux', "/ext/it's here/dist/cli.js", '/usr/bin/node', '/opt/code/code');
  assert.equal(name, 'airlock');
  assert.equal(text.split('\n')[2], `exec '/usr/bin/node' '/ext/it'\\''s here/dist/cli.js' "$@"`);
});

test("without a Node, the editor's own runtime runs it as Node; Windows gets a .cmd", () => {
  assert.match(shimText('darwin', '/ext/dist/cli.js', undefined, '/Applications/Code.app/x').text, /^ELECTRON_RUN_AS_NODE=1 exec '\/Applications\/Code\.app\/x' '\/ext\/dist\/cli\.js' "\$@"$/m);
  const win = shimText('win32', 'C:\\ext\\dist\\cli.js', 'C:\\node\\node.exe', 'C:\\code.exe');
  assert.equal(win.name, 'airlock.cmd');
  assert.match(win.text, /"C:\\node\\node\.exe" "C:\\ext\\dist\\cli\.js" %\*/);
});
