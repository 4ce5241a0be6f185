// The library entry: the whole function as text in, text out, for embedding without a process.
export { run, type RunOptions, type RunOutcome } from './pipeline.js';
export { RUNTIMES, RuntimeTable } from './runtimes/table.js';
export { KINDS, type Kind } from './base/kinds.js';
export type { RuntimeUnit } from './runtimes/unit.js';
export type { Result, Severity, ResourceRef } from './base/results.js';
