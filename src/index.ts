/**
 * netlens: what the widget manager loads (JupyterLab's registry, the html-manager, the
 * AMD bundle). Model and view classes are exported by the names Python's `_model_name`
 * and `_view_name` use.
 */
export { MODULE_NAME, MODULE_VERSION } from './version';
export * from './widgets';
