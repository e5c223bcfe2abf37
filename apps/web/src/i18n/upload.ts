/** Upload strings, English then French (same keys; the catalog test checks both). */
export const uploadEn = {
} as const;

export const uploadFr: Record<keyof typeof uploadEn, string> = {
};
