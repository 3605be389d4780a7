/** The bench notebook and its helper files, written into the Jupyter server's scratch root. */
import * as fs from 'fs';
import * as path from 'path';

/**
 * Writes notebook `name` into `dir` with one code cell per source in `cells` (Python 3 kernel),
 * copies each of `files` (absolute paths) next to it under its base name, and turns JupyterLab's
 * autosave off there: it would write the cells' outputs (hundreds of MB for some) to disk in the
 * middle of a run.
 *
 * @example
 * writeBenchNotebook(info.dir, 'bench.ipynb', ['import kernel_steps as B', 'B.step()'], [path.join(HERE, 'kernel_steps.py')]);
 */
export function writeBenchNotebook(dir: string, name: string, cells: string[], files: string[]): void {
  const code = (src: string) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: src });
  const nb = {
    cells: cells.map(code),
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3 (ipykernel)', language: 'python' } },
    nbformat: 4,
    nbformat_minor: 5
  };
  fs.writeFileSync(path.join(dir, name), JSON.stringify(nb));
  for (const file of files) fs.copyFileSync(file, path.join(dir, path.basename(file)));
  const settings = path.join(dir, 'settings', '@jupyterlab', 'docmanager-extension');
  fs.mkdirSync(settings, { recursive: true });
  fs.writeFileSync(path.join(settings, 'plugin.jupyterlab-settings'), JSON.stringify({ autosave: false }));
}
