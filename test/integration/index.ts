// Entry point the VS Code extension host requires (extensionTestsPath); it awaits the exported run().
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 20_000, reporter: 'spec' });
  // Suites are bundled into this file; expose mocha's globals before their modules evaluate.
  mocha.suite.emit('pre-require', globalThis, 'integration', mocha);
  await import('./activation.test');
  await import('./guard.test');
  await import('./policy.test');
  await import('./bridge.test');
  await import('./frontEnds.test');
  await import('./auditPanel.test');
  await import('./observer.test');
  await import('./auditExports.test');
  await import('./snapshots.test');
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
