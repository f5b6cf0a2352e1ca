/**
 * The font stack of every page wxmock serves: system faces only, so pages render offline on any OS.
 * Chinese text faces first, then colour emoji faces (nicknames carry emoji, e.g. 赵六🌸), then the
 * generic family. Emoji faces must come after the text faces: they have glyphs for digits, # and *,
 * which would otherwise be drawn as emoji. A character no face has falls to the browser's own
 * fallback; `wxmock doctor` says when the machine has no emoji font at all.
 */
const TEXT_FACES = `-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Helvetica Neue", Arial`;

const EMOJI_FACES = `"Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol", "Noto Color Emoji", "Noto Emoji"`;

export const PAGE_FONTS = `${TEXT_FACES}, ${EMOJI_FACES}, sans-serif`;

/** Monospace for ids and bodies, with a CJK face and the emoji faces after it (Chinese and emoji inside JSON). */
export const MONO_FONTS = `ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "Noto Sans Mono CJK SC", "Noto Sans CJK SC", ${EMOJI_FACES}, monospace`;
