import * as fs from 'fs';
import * as path from 'path';
import { REPO, startJupyter } from './jupyter-server';

export default async function globalSetup(): Promise<void> {
  fs.mkdirSync(path.join(REPO, 'test-results'), { recursive: true });
  await startJupyter();
}
