import { stopJupyter } from './jupyter-server';

export default async function globalTeardown(): Promise<void> {
  stopJupyter();
}
