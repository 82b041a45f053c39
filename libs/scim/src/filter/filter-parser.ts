import { ScimError, ScimType } from '../scim-error';
import { AttributePath, CompareOperator, CompareValue, FilterNode, PatchPath } from './filter-ast';

/** Limits that keep a hostile filter from costing more than a well-formed one. */
export interface FilterParseOptions {
  /** Maximum nesting of parentheses, `not` and value filters (default 32). */
  readonly maxDepth?: number;
  /** Maximum number of comparisons (default 1000). */
  readonly maxTerms?: number;
}

const COMPARE_OPERATORS: ReadonlySet<string> = new Set([
  'eq',
  'ne',
  'co',
  'sw',
  'ew',
  'gt',
  'ge',
  'lt',
  'le',
]);

const enum Char {
  Tab = 9,
  LineFeed = 10,
  CarriageReturn = 13,
  Space = 32,
  Quote = 34,
  Dollar = 36,
  OpenParen = 40,
  CloseParen = 41,
  Minus = 45,
  Dot = 46,
  Digit0 = 48,
  Digit9 = 57,
  Colon = 58,
  UpperA = 65,
  UpperZ = 90,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  Underscore = 95,
  LowerA = 97,
  LowerZ = 122,
}

function isWhitespace(code: number): boolean {
  return code === Char.Space || code === Char.Tab || code === Char.LineFeed || code === Char.CarriageReturn;
}

function isAlpha(code: number): boolean {
  return (code >= Char.LowerA && code <= Char.LowerZ) || (code >= Char.UpperA && code <= Char.UpperZ);
}

function isDigit(code: number): boolean {
  return code >= Char.Digit0 && code <= Char.Digit9;
}

function isNameChar(code: number): boolean {
  return isAlpha(code) || isDigit(code) || code === Char.Minus || code === Char.Underscore;
}

/** Characters that end an unquoted token (a URN, or a lenient bare value). */
function isTokenEnd(code: number): boolean {
  return (
    isWhitespace(code) ||
    code === Char.OpenParen ||
    code === Char.CloseParen ||
    code === Char.OpenBracket ||
    code === Char.CloseBracket ||
    code === Char.Quote
  );
}

/** `ATTRNAME = ALPHA *(nameChar)`, plus `$ref`, which RFC 7643 uses although the grammar forgot it. */
export function isAttributeName(text: string): boolean {
  if (text === '$ref') return true;
  if (text.length === 0 || !isAlpha(text.charCodeAt(0))) return false;
  for (let index = 1; index < text.length; index++) {
    if (!isNameChar(text.charCodeAt(index))) return false;
  }
  return true;
}

/** The JSON number grammar (ECMA-404), checked by hand so that no regular expression can backtrack. */
function isJsonNumber(text: string): boolean {
  let index = 0;
  const length = text.length;
  if (text.charCodeAt(index) === Char.Minus) index++;
  if (index >= length) return false;
  if (text.charCodeAt(index) === Char.Digit0) {
    index++;
  } else if (isDigit(text.charCodeAt(index))) {
    while (index < length && isDigit(text.charCodeAt(index))) index++;
  } else {
    return false;
  }
  if (index < length && text.charCodeAt(index) === Char.Dot) {
    index++;
    if (index >= length || !isDigit(text.charCodeAt(index))) return false;
    while (index < length && isDigit(text.charCodeAt(index))) index++;
  }
  if (index < length && (text[index] === 'e' || text[index] === 'E')) {
    index++;
    if (index < length && (text[index] === '+' || text[index] === '-')) index++;
    if (index >= length || !isDigit(text.charCodeAt(index))) return false;
    while (index < length && isDigit(text.charCodeAt(index))) index++;
  }
  return index === length;
}

type Mode = 'filter' | 'path' | 'attribute';

/**
 * A recursive-descent parser over the string itself: no token array, no regular expressions, one pass.
 * Errors carry the 1-based character position, so an administrator can see where an identity provider's
 * filter went wrong.
 */
class FilterParser {
  private position = 0;
  private depth = 0;
  private terms = 0;
  private inValueFilter = false;
  private readonly maxDepth: number;
  private readonly maxTerms: number;
  /** Errors inside the brackets of a PATCH path are filter errors, the rest are path errors. */
  private currentErrorType: ScimType;

  constructor(
    private readonly text: string,
    private readonly mode: Mode,
    errorType: ScimType,
    options: FilterParseOptions,
  ) {
    this.maxDepth = options.maxDepth ?? 32;
    this.maxTerms = options.maxTerms ?? 1000;
    this.currentErrorType = errorType;
  }

  parseFilterText(): FilterNode {
    this.skipWhitespace();
    if (this.atEnd()) this.fail('the filter is empty');
    const node = this.parseOr();
    this.skipWhitespace();
    if (!this.atEnd()) {
      if (this.peek() === Char.CloseParen) this.fail('unbalanced ")"');
      if (this.peek() === Char.CloseBracket) this.fail('unbalanced "]"');
      this.fail(`expected "and", "or" or the end of the filter, found ${this.describeHere()}`);
    }
    return node;
  }

  parsePathText(): PatchPath {
    this.skipWhitespace();
    if (this.atEnd()) this.fail('the path is empty');
    const attribute = this.parseAttributePath();
    if (this.peek() !== Char.OpenBracket) {
      this.expectEnd('the end of the path');
      return { attribute };
    }
    if (attribute.subAttr !== undefined) {
      this.fail('a value filter must follow an attribute, not a sub-attribute');
    }
    const filter = this.parseValueFilter();
    let subAttr: string | undefined;
    if (this.peek() === Char.Dot) {
      this.position++;
      subAttr = this.readSubAttributeName();
    }
    this.expectEnd('the end of the path');
    return subAttr === undefined ? { attribute, filter } : { attribute, filter, subAttr };
  }

  parseAttributePathText(): AttributePath {
    this.skipWhitespace();
    if (this.atEnd()) this.fail('the attribute path is empty');
    const path = this.parseAttributePath();
    this.expectEnd('the end of the attribute path');
    return path;
  }

  private parseOr(): FilterNode {
    let left = this.parseAnd();
    for (;;) {
      const save = this.position;
      this.skipWhitespace();
      if (!this.acceptKeyword('or')) {
        this.position = save;
        return left;
      }
      const right = this.parseAnd();
      left = { kind: 'or', left, right };
    }
  }

  private parseAnd(): FilterNode {
    let left = this.parsePrimary();
    for (;;) {
      const save = this.position;
      this.skipWhitespace();
      if (!this.acceptKeyword('and')) {
        this.position = save;
        return left;
      }
      const right = this.parsePrimary();
      left = { kind: 'and', left, right };
    }
  }

  private parsePrimary(): FilterNode {
    this.skipWhitespace();
    if (this.atEnd()) this.fail('expected an attribute, "not" or "(", found the end of the filter');
    const code = this.peek();
    if (code === Char.OpenParen) {
      this.position++;
      const inner = this.nested(() => this.parseOr());
      this.expectChar(Char.CloseParen, '")"');
      return inner;
    }
    if (this.isNotKeyword()) {
      this.position += 3;
      this.skipWhitespace();
      this.expectChar(Char.OpenParen, '"(" after "not"');
      const inner = this.nested(() => this.parseOr());
      this.expectChar(Char.CloseParen, '")"');
      return { kind: 'not', filter: inner };
    }
    return this.parseAttributeExpression();
  }

  /** `not` starts a negation only when a parenthesis follows: an attribute may be called `not`. */
  private isNotKeyword(): boolean {
    const text = this.text;
    const at = this.position;
    if (at + 3 > text.length || text.slice(at, at + 3).toLowerCase() !== 'not') return false;
    let index = at + 3;
    while (index < text.length && isWhitespace(text.charCodeAt(index))) index++;
    return index < text.length && text.charCodeAt(index) === Char.OpenParen;
  }

  private parseAttributeExpression(): FilterNode {
    this.terms++;
    if (this.terms > this.maxTerms) this.fail(`the filter has more than ${this.maxTerms} comparisons`);
    const start = this.position;
    const path = this.parseAttributePath();
    const afterPath = this.position;
    this.skipWhitespace();
    if (this.peek() === Char.OpenBracket) {
      if (this.inValueFilter) this.fail('value filters cannot be nested');
      if (path.subAttr !== undefined) {
        this.position = afterPath;
        this.fail('a value filter must follow an attribute, not a sub-attribute');
      }
      const filter = this.parseValueFilter();
      if (this.peek() !== Char.Dot) return { kind: 'valuePath', path, filter };
      // Entra ID looks users up with `emails[type eq "work"].value eq "x"`, which is outside the filter
      // grammar but means `emails[type eq "work" and value eq "x"]`; parse it as that.
      this.position++;
      const subAttr = this.readSubAttributeName();
      const comparison = this.parseOperatorAndValue({ name: subAttr }, start);
      return { kind: 'valuePath', path, filter: { kind: 'and', left: filter, right: comparison } };
    }
    this.position = afterPath;
    return this.parseOperatorAndValue(path, start);
  }

  private parseOperatorAndValue(path: AttributePath, start: number): FilterNode {
    if (this.atEnd() || !isWhitespace(this.peek())) {
      if (this.atEnd()) this.fail(`expected an operator after "${this.text.slice(start, this.position)}"`);
      this.fail(`expected whitespace and an operator after the attribute, found ${this.describeHere()}`);
    }
    this.skipWhitespace();
    const operatorStart = this.position;
    const word = this.readLetters().toLowerCase();
    if (word === 'pr') {
      this.requireBoundary(operatorStart);
      return { kind: 'present', path };
    }
    if (!COMPARE_OPERATORS.has(word)) {
      this.position = operatorStart;
      this.fail(
        `expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr), found ${this.describeHere()}`,
      );
    }
    const value = this.parseValue();
    return { kind: 'compare', path, op: word as CompareOperator, value };
  }

  private parseValue(): CompareValue {
    const operatorEnd = this.position;
    this.skipWhitespace();
    if (this.atEnd()) this.fail('expected a value, found the end of the filter');
    if (this.peek() === Char.Quote) return this.readString();
    if (this.position === operatorEnd) {
      this.fail(`expected whitespace and a value, found ${this.describeHere()}`);
    }
    const start = this.position;
    while (!this.atEnd() && !isTokenEnd(this.peek())) this.position++;
    const token = this.text.slice(start, this.position);
    if (token.length === 0) {
      this.fail(`expected a value, found ${this.describeHere()}`);
    }
    if (token === 'true') return true;
    if (token === 'false') return false;
    if (token === 'null') return null;
    if (isJsonNumber(token)) {
      const number = Number(token);
      if (!Number.isFinite(number)) {
        this.position = start;
        this.fail(`the number ${token} is out of range`);
      }
      return number === 0 ? 0 : number;
    }
    const lower = token.toLowerCase();
    if (lower === 'and' || lower === 'or' || lower === 'not') {
      this.position = start;
      this.fail(`expected a value, found "${token}"`);
    }
    // Lenient: some identity providers send unquoted values (`externalId eq 65f0a1b2`); a token that is not a
    // JSON literal or number cannot mean anything but a string.
    return token;
  }

  private readString(): string {
    const start = this.position;
    const text = this.text;
    let index = start + 1;
    let escaped = false;
    while (index < text.length) {
      const code = text.charCodeAt(index);
      if (code === Char.Backslash) {
        escaped = true;
        index += 2;
        continue;
      }
      if (code === Char.Quote) break;
      index++;
    }
    if (index >= text.length) this.fail('unterminated string');
    this.position = index + 1;
    const raw = text.slice(start, index + 1);
    if (!escaped) {
      for (let scan = start + 1; scan < index; scan++) {
        if (text.charCodeAt(scan) < Char.Space) {
          this.position = scan;
          this.fail('control characters must be escaped in a string');
        }
      }
      return raw.slice(1, -1);
    }
    try {
      return JSON.parse(raw) as string;
    } catch {
      this.position = start;
      return this.fail('invalid escape sequence in string');
    }
  }

  private parseValueFilter(): FilterNode {
    this.position++; // "["
    const outer = this.inValueFilter;
    const outerType = this.currentErrorType;
    this.inValueFilter = true;
    this.currentErrorType = 'invalidFilter';
    const filter = this.nested(() => {
      this.skipWhitespace();
      if (this.peek() === Char.CloseBracket) this.fail('the value filter is empty');
      return this.parseOr();
    });
    this.skipWhitespace();
    // The closing bracket belongs to the enclosing grammar: in a PATCH path, a missing "]" is a malformed
    // path (invalidPath), not a bad filter.
    this.inValueFilter = outer;
    this.currentErrorType = outerType;
    this.expectChar(Char.CloseBracket, '"]"');
    return filter;
  }

  private parseAttributePath(): AttributePath {
    const start = this.position;
    if (this.startsWithUrn()) {
      while (!this.atEnd() && !isTokenEnd(this.peek())) this.position++;
      const token = this.text.slice(start, this.position);
      const colon = token.lastIndexOf(':');
      const uri = token.slice(0, colon);
      const rest = token.slice(colon + 1);
      if (uri.length <= 4 || uri.endsWith(':')) {
        this.position = start;
        this.fail(`"${token}" is not a schema URN followed by an attribute name`);
      }
      const dot = rest.indexOf('.');
      const name = dot < 0 ? rest : rest.slice(0, dot);
      const subAttr = dot < 0 ? undefined : rest.slice(dot + 1);
      if (!isAttributeName(name) || (subAttr !== undefined && !isAttributeName(subAttr))) {
        this.position = start + colon + 1;
        this.fail(`"${rest}" is not a valid attribute name`);
      }
      return subAttr === undefined ? { uri, name } : { uri, name, subAttr };
    }
    const name = this.readName();
    if (this.peek() === Char.Dot) {
      this.position++;
      const subAttr = this.readSubAttributeName();
      return { name, subAttr };
    }
    return { name };
  }

  private readSubAttributeName(): string {
    const name = this.readName();
    if (this.peek() === Char.Dot) this.fail('an attribute path has at most one sub-attribute');
    return name;
  }

  private readName(): string {
    const start = this.position;
    const code = this.peek();
    if (code === Char.Dollar) {
      if (this.text.startsWith('$ref', start) && !isNameChar(this.peekAt(4))) {
        this.position += 4;
        return '$ref';
      }
      this.fail(`expected an attribute name, found ${this.describeHere()}`);
    }
    if (!isAlpha(code)) this.fail(`expected an attribute name, found ${this.describeHere()}`);
    this.position++;
    while (!this.atEnd() && isNameChar(this.peek())) this.position++;
    return this.text.slice(start, this.position);
  }

  private startsWithUrn(): boolean {
    const text = this.text;
    const at = this.position;
    return (
      at + 4 <= text.length &&
      text.charCodeAt(at + 3) === Char.Colon &&
      text.slice(at, at + 3).toLowerCase() === 'urn'
    );
  }

  private acceptKeyword(keyword: 'and' | 'or'): boolean {
    const start = this.position;
    const end = start + keyword.length;
    if (end > this.text.length || this.text.slice(start, end).toLowerCase() !== keyword) return false;
    const next = this.text.charCodeAt(end);
    if (end < this.text.length && !isWhitespace(next) && next !== Char.OpenParen) return false;
    this.position = end;
    return true;
  }

  private requireBoundary(wordStart: number): void {
    if (this.atEnd()) return;
    const code = this.peek();
    if (isWhitespace(code) || code === Char.CloseParen || code === Char.CloseBracket) return;
    this.position = wordStart;
    this.fail(`unexpected ${this.describeHere()}`);
  }

  private readLetters(): string {
    const start = this.position;
    while (!this.atEnd() && isAlpha(this.peek())) this.position++;
    return this.text.slice(start, this.position);
  }

  private nested<T>(parse: () => T): T {
    this.depth++;
    if (this.depth > this.maxDepth) this.fail(`the filter is nested more than ${this.maxDepth} levels deep`);
    const result = parse();
    this.depth--;
    return result;
  }

  private expectChar(code: number, what: string): void {
    this.skipWhitespace();
    if (this.peek() !== code) this.fail(`expected ${what}, found ${this.describeHere()}`);
    this.position++;
  }

  private expectEnd(what: string): void {
    this.skipWhitespace();
    if (!this.atEnd()) this.fail(`expected ${what}, found ${this.describeHere()}`);
  }

  private skipWhitespace(): void {
    while (this.position < this.text.length && isWhitespace(this.text.charCodeAt(this.position))) {
      this.position++;
    }
  }

  private atEnd(): boolean {
    return this.position >= this.text.length;
  }

  private peek(): number {
    return this.text.charCodeAt(this.position);
  }

  private peekAt(offset: number): number {
    return this.text.charCodeAt(this.position + offset);
  }

  private describeHere(): string {
    if (this.atEnd()) return 'the end of the input';
    const excerpt = this.text.slice(this.position, this.position + 20);
    return JSON.stringify(excerpt.length < this.text.length - this.position ? `${excerpt}…` : excerpt);
  }

  private fail(message: string): never {
    const what = this.mode === 'filter' ? 'filter' : this.mode === 'path' ? 'path' : 'attribute path';
    throw new ScimError(
      400,
      this.currentErrorType,
      `Invalid ${what} at position ${this.position + 1}: ${message}`,
    );
  }
}

/**
 * Parses a SCIM filter (RFC 7644 §3.4.2.2) into an AST. Operators and `and`/`or`/`not` are case-insensitive;
 * `and` binds tighter than `or`. Lenient where identity providers deviate and the meaning is still
 * unambiguous: any whitespace (or none before a quote or parenthesis) may separate tokens, an unquoted value
 * that is not `true`, `false`, `null` or a JSON number is a string, and `attr[filter].sub op value` means
 * `attr[filter and sub op value]`.
 *
 * @throws ScimError 400 invalidFilter, with the position of the problem in `detail`.
 */
export function parseFilter(text: string, options: FilterParseOptions = {}): FilterNode {
  return new FilterParser(text, 'filter', 'invalidFilter', options).parseFilterText();
}

/**
 * Parses a PATCH path (RFC 7644 §3.5.2): `attrPath` or `attrPath[valFilter]` optionally followed by
 * `.subAttr`.
 *
 * @throws ScimError 400 invalidPath (invalidFilter for errors inside the brackets).
 */
export function parsePath(text: string, options: FilterParseOptions = {}): PatchPath {
  return new FilterParser(text, 'path', 'invalidPath', options).parsePathText();
}

/**
 * Parses a bare attribute path (`[URI ":"] ATTRNAME ["." subAttr]`), as used by `sortBy`, `attributes` and
 * `excludedAttributes`.
 *
 * @throws ScimError 400 with the given scimType (invalidPath by default).
 */
export function parseAttributePath(text: string, scimType: ScimType = 'invalidPath'): AttributePath {
  return new FilterParser(text, 'attribute', scimType, {}).parseAttributePathText();
}
