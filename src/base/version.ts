// The package version, put in by the build (esbuild's define), so the bundle does not carry the whole
// package.json.
declare const PACKAGE_VERSION: string;
export const VERSION: string = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : 'development';
