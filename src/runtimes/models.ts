// What only an entry of a run's own needs: the kubernetes-models types that check what it injects, the
// core/v1 fields that decode it (./core-types.ts), and the JSON reader that sees its repeated keys.
// They are most of the CLI's code, so the build keeps this module as text in the bundle, compiled when
// an entry is first read, decoded or checked: a run that injects nothing, or only the built-in
// defaults, does not pay for them at start-up.
import { parseTree } from 'jsonc-parser';
import { CORE_TYPES } from '../base/core-types.js';
import { Container } from 'kubernetes-models/v1/Container';
import { EnvVar } from 'kubernetes-models/v1/EnvVar';
import { LifecycleHandler } from 'kubernetes-models/v1/LifecycleHandler';
import { Volume } from 'kubernetes-models/v1/Volume';
import { VolumeMount } from 'kubernetes-models/v1/VolumeMount';

export const MODELS = { Container, EnvVar, LifecycleHandler, Volume, VolumeMount };
export type Models = typeof MODELS;
export const loadModels = (): Models => MODELS;
export { CORE_TYPES };
export const loadCoreTypes = (): typeof CORE_TYPES => CORE_TYPES;
export { parseTree };
export const loadParseTree = (): typeof parseTree => parseTree;
