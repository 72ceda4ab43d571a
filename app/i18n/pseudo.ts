import { en } from './en';
import { pseudoize } from './pseudo-text';
import type { Dictionary } from './types';

type Tree = string | { readonly [key: string]: Tree };

function mapTree(node: Tree): Tree {
  if (typeof node === 'string') return pseudoize(node);
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, mapTree(value)]));
}

let cached: Dictionary | undefined;

/** The source dictionary, pseudo-transformed (plural forms included), built once per process. */
export function pseudoDictionary(): Dictionary {
  cached ??= mapTree(en as unknown as Tree) as unknown as Dictionary;
  return cached;
}
