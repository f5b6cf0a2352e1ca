export declare const DIST: string;
export declare const ENTRY: string;
export declare const SOURCE_DIRS: string[];
/** The built entry to run: always dist/ in the installed package, in a checkout only while it is fresh. */
export declare function freshBundle(root: string): string | undefined;
