/**
 * A LIKE pattern matching `search` anywhere, case-insensitively against lower-cased text: wildcards in the
 * input match literally (with the default `\` escape character).
 */
export function likeSubstring(search: string): string {
  return `%${search.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
