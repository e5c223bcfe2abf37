/** Account strings, English then French (same keys; the catalog test checks both). */
export const accountEn = {
} as const;

export const accountFr: Record<keyof typeof accountEn, string> = {
};
