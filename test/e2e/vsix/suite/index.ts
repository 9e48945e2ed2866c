// extensionTestsPath of the VSIX smoke run: mocha over the compiled *.test.js beside it.
import { runMocha } from '../../suite/index';

export function run(): Promise<void> {
  return runMocha(__dirname);
}
