/** Where an entry's bundle lies under the build's output folder: client/<source>.js. */
export declare function builtClientPath(source: string): string;
/** Writes every browser entry's bundle under outdir; returns the files written. */
export declare function buildClients(root: string, outdir: string): Promise<string[]>;
/** One browser entry's bundle, in memory (running from the sources). */
export declare function bundleClient(root: string, source: string): Promise<string>;
