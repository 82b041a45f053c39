import { AttributePath, CompareValue, FilterNode, PatchPath } from './filter-ast';

/** Prints an attribute path: `[uri:]name[.subAttr]`. */
export function printAttributePath(path: AttributePath): string {
  const qualified = path.uri === undefined ? path.name : `${path.uri}:${path.name}`;
  return path.subAttr === undefined ? qualified : `${qualified}.${path.subAttr}`;
}

function printValue(value: CompareValue): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function parenthesize(text: string, wrap: boolean): string {
  return wrap ? `(${text})` : text;
}

/**
 * Prints a filter AST in canonical form: lowercase operators, single spaces, JSON values, and parentheses
 * exactly where the tree needs them, so that `parseFilter(printFilter(ast))` returns the same tree.
 */
export function printFilter(node: FilterNode): string {
  switch (node.kind) {
    case 'compare':
      return `${printAttributePath(node.path)} ${node.op} ${printValue(node.value)}`;
    case 'present':
      return `${printAttributePath(node.path)} pr`;
    case 'not':
      return `not (${printFilter(node.filter)})`;
    case 'valuePath':
      return `${printAttributePath(node.path)}[${printFilter(node.filter)}]`;
    case 'and':
      // `and` is left-associative and binds tighter than `or`.
      return `${parenthesize(printFilter(node.left), node.left.kind === 'or')} and ${parenthesize(
        printFilter(node.right),
        node.right.kind === 'or' || node.right.kind === 'and',
      )}`;
    case 'or':
      return `${printFilter(node.left)} or ${parenthesize(printFilter(node.right), node.right.kind === 'or')}`;
  }
}

/** Prints a PATCH path in canonical form. */
export function printPath(path: PatchPath): string {
  const attribute = printAttributePath(path.attribute);
  if (path.filter === undefined) return attribute;
  const selected = `${attribute}[${printFilter(path.filter)}]`;
  return path.subAttr === undefined ? selected : `${selected}.${path.subAttr}`;
}
