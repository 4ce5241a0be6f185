// The types of bench/hostile.mjs, for the tests that run its cases.
export declare const REGION_CONFIG: string;
export declare function blankLines(lines: number): string;
export declare function kindLines(lines: number): string;
export declare function minifiedJson(labels: number): string;
export declare function aliases(size: number, count: number, mapping: boolean): string;
export declare function deepNesting(depth: number): string;
export declare function manyRuntimes(count: number): string;
export declare function lawBreaks(count: number): string;
export declare function didYouMean(unknown: number, known?: number): string;
export declare const HOSTILE: Record<string, { input: () => string; config?: string }>;
