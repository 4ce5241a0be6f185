// The library entry: the whole function as text in, text out, for embedding without a process.
export { run, type RunOptions, type RunOutput } from './pipeline.js';
export type { Result, Severity, ResourceRef } from './base/results.js';
