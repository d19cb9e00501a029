#!/usr/bin/env node
/**
 * The `golden-signals` command (package.json `bin`): `golden-signals serve`
 * runs the dashboard and its OTLP receiver as a process of their own, for
 * PM2 instances and other processes that export OTLP to it. Like the
 * `register` entry, it acts on import; nothing else in the package does.
 */
import { parseServeCommand, serveUntilSignalled } from './src/cli/serveCommand.js';
import { ConfigError } from './src/config.js';
import { startGoldenSignals } from './src/startGoldenSignals.js';

const command = parseServeCommand(process.argv.slice(2), process.env);
if (command.kind === 'exit') {
  (command.code === 0 ? console.log : console.error)(command.text);
  process.exit(command.code);
}
try {
  const handle = startGoldenSignals(command.options);
  if ((await handle.dashboardUrl) === undefined) {
    await handle.shutdown();
    process.exit(1);
  }
  process.exit(await serveUntilSignalled(handle));
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`golden-signals: ${err.message}`);
  process.exit(1);
}
