/**
 * Writes (or confirms current) the PyTorch reference fixtures before any test runs
 * (tests/fixtures/make.py). Uses the project's .venv when present, else `python3` on PATH.
 * Plain JS: jest loads a root-level globalSetup without the projects' ts transform.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

module.exports = function globalSetup() {
  const root = path.resolve(__dirname, '../..');
  const venv = path.join(root, '.venv', 'bin', 'python');
  const python = fs.existsSync(venv) ? venv : 'python3';
  const out = process.env.NETLENS_FIXTURES || path.join(root, '.fixtures');
  execFileSync(python, [path.join(root, 'tests', 'fixtures', 'make.py'), out], { stdio: 'inherit' });
};
