export declare const DIST: string;
export declare const ENTRY: string;
export declare const SOURCE_DIRS: string[];
/** The built entry when dist/ is newer than every source file; undefined otherwise. */
export declare function freshBundle(root: string): string | undefined;
