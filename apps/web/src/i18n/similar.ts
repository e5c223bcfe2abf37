/** Similar strings, English then French (same keys; the catalog test checks both). */
export const similarEn = {
} as const;

export const similarFr: Record<keyof typeof similarEn, string> = {
};
