/**
 * Widget identity: the npm package name and version that Python's `_model_module` and
 * `_model_module_version` must name (the Python package version is kept in lockstep).
 */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const pkg = require('../package.json') as { name: string; version: string };

export const MODULE_NAME: string = pkg.name;
export const MODULE_VERSION: string = pkg.version;
