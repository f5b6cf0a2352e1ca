/** Defaults the CLI needs before it loads the rest of intercept/ (and node-forge). */
export const DEFAULT_INTERCEPT_PORTS = { proxy: 7704, https: 7705 } as const;
/** The folder of the data dir that keeps the CA. */
export const CA_DIR = 'ca';
