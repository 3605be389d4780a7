/**
 * JupyterLab 4 plugin: registers the netlens widget module with ipywidgets' registry.
 * The module itself (tfjs, Arrow, Vega) loads lazily, on the first netlens widget.
 */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { IJupyterWidgetRegistry } from '@jupyter-widgets/base';
import { MODULE_NAME, MODULE_VERSION } from './version';

const plugin: JupyterFrontEndPlugin<void> = {
  id: 'netlens:plugin',
  description: 'netlens widgets: tensors, attributions and more, computed in the browser.',
  requires: [IJupyterWidgetRegistry],
  autoStart: true,
  activate: (_app: JupyterFrontEnd, registry: IJupyterWidgetRegistry): void => {
    registry.registerWidget({
      name: MODULE_NAME,
      version: MODULE_VERSION,
      exports: async () => import('./index') as any
    });
  }
};

export default plugin;
