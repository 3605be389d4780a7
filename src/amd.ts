/**
 * Entry of the self-contained AMD bundle (dist/index.js) that the html-manager, Voilà,
 * Colab and VS Code load from a CDN or an embedded script; it carries the CSS that
 * JupyterLab otherwise loads through `styleModule`.
 */
// eslint-disable-next-line @typescript-eslint/no-var-requires
require('../style/index.css');
export * from './index';
