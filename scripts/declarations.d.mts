/** Keeps the declarations the entries reach (relative paths rewritten to .js); see declarations.mjs. */
export declare function finishDeclarations(typesDir: string, entryFiles: string[]): { files: string[]; packages: string[] };
