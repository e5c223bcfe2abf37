/** Share strings, English then French (same keys; the catalog test checks both). */
export const shareEn = {
} as const;

export const shareFr: Record<keyof typeof shareEn, string> = {
};
