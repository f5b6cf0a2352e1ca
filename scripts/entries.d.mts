export interface Entry {
  name: string;
  source: string;
  export?: string;
}
/** The package's modules: scripts/build.mjs compiles each into dist/<name>.js. */
export declare const ENTRIES: Entry[];
/** The browser code the services serve, from the repository root; bundled into dist/client/. */
export declare const CLIENT_ENTRIES: string[];
export declare function typed(entry: Entry): boolean;
export declare function exportEntry(entry: Entry): Record<string, string>;
