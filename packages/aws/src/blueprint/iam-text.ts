/**
 * IAM role and policy descriptions accept Latin-1 only (`[\t\n\r\x20-\x7E\xA1-\xFF]`); a character
 * outside it fails the apply. Every description is made safe before rendering: each other
 * character, an emoji or a lone surrogate alike, becomes `?`.
 */
export function iamDescriptionSafe(text: string): string {
  return text.replace(/[^\t\n\r\x20-\x7E\xA1-\xFF]/gu, '?');
}
