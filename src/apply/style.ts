// An item's own indentation style, read from its text, so injected lines look like their neighbours.
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { DEFAULT_STYLE, type Style } from './render.js';
import { columnOf, propsStart } from '../read/text.js';

/**
 * The first nested block mapping gives the indent; the first block list under a key gives the list
 * style. kpt's seqindent annotation, when present, says the list style outright.
 */
export function detectStyle(text: string, root: Node, seqIndentAnnotation?: string): Style {
  let indent: number | undefined;
  let seqIndent: Style['seqIndent'] | undefined =
    seqIndentAnnotation === 'wide' || seqIndentAnnotation === 'compact' ? seqIndentAnnotation : undefined;
  // Pairs in document order, until both are known (a plain walk: yaml's visit costs more per node).
  // A flow collection holds no block collection, and so says nothing of either: it is not walked (nor
  // is minified JSON, which would else cost a walk back to its line's start for every key).
  const walk = (node: unknown): boolean => {
    if ((!isMap(node) && !isSeq(node)) || node.flow) return false;
    for (const item of node.items) {
      if (!isPair(item)) {
        if (walk(item)) return true;
        continue;
      }
      const { key, value } = item;
      if (isScalar(key) && key.range) {
        const keyColumn = columnOf(text, propsStart(text, key.range[0]));
        if (
          indent === undefined &&
          isMap(value) &&
          !value.flow &&
          value.items[0] &&
          isScalar(value.items[0].key) &&
          value.items[0].key.range
        ) {
          const step = columnOf(text, propsStart(text, value.items[0].key.range[0])) - keyColumn;
          if (step > 0) indent = step;
        }
        if (seqIndent === undefined && isSeq(value) && !value.flow && value.range) {
          seqIndent = columnOf(text, value.range[0]) > keyColumn ? 'wide' : 'compact';
        }
        if (indent !== undefined && seqIndent !== undefined) return true;
      }
      if (walk(key) || walk(value)) return true;
    }
    return false;
  };
  walk(root);
  const style: Style = { indent: indent ?? DEFAULT_STYLE.indent, seqIndent: seqIndent ?? DEFAULT_STYLE.seqIndent };
  if (writtenInJson(root)) style.json = true;
  return style;
}

/** An item written in JSON syntax: a flow mapping whose keys are double-quoted (docs/io.md: JSON stays JSON). */
function writtenInJson(root: Node): boolean {
  if (!isMap(root) || !root.flow) return false;
  return root.items.length > 0 && root.items.every((p) => isScalar(p.key) && p.key.type === 'QUOTE_DOUBLE');
}
