// XML text of a document given in xmlbuilder2's object notation (element names as keys, "@name" for
// attributes, "#" for text, arrays for repeated elements, undefined/null for absent ones, {} or '' for
// an empty element), pretty-printed exactly as xmlbuilder2's `create(decl, tree).end({ prettyPrint: true })`.
//
// Written here because xmlbuilder2 builds a namespace-aware DOM first: ~6 µs per element, 22 ms for
// the CII of a 25-session invoice, which is rendered for every Factur-X PDF. The tests compare this
// with xmlbuilder2 on random trees and on every e-invoice. Mixed content (text beside child elements)
// is not supported and throws.

export type XmlValue = string | number | XmlElement | XmlValue[] | null | undefined;

export interface XmlElement {
  [name: string]: XmlValue;
}

/** `<?xml version="1.0" encoding="UTF-8"?>` and the tree, two spaces per level. */
export function xmlDocument(tree: XmlElement): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  writeChildren(tree, '', lines);
  return lines.join('\n');
}

function writeChildren(element: XmlElement, indent: string, lines: string[]): void {
  for (const name in element) {
    if (name !== '#' && name[0] !== '@') writeElement(name, element[name], indent, lines);
  }
}

function writeElement(name: string, value: XmlValue, indent: string, lines: string[]): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) writeElement(name, item, indent, lines);
    return;
  }
  if (typeof value !== 'object') {
    const text = String(value);
    lines.push(text === '' ? `${indent}<${name}/>` : `${indent}<${name}>${escapeText(text)}</${name}>`);
    return;
  }
  let open = `${indent}<${name}`;
  let text = '';
  for (const key in value) {
    const part = value[key];
    if (part === undefined || part === null) continue;
    if (key === '#') text = String(part);
    else if (key[0] === '@') open += ` ${key.slice(1)}="${escapeAttribute(String(part))}"`;
  }
  const children: string[] = [];
  writeChildren(value, `${indent}  `, children);
  if (children.length > 0) {
    if (text !== '') throw new Error(`xmlDocument: <${name}> mixes text and elements`);
    lines.push(`${open}>`, ...children, `${indent}</${name}>`);
  } else {
    lines.push(text === '' ? `${open}/>` : `${open}>${escapeText(text)}</${name}>`);
  }
}

const TEXT_SPECIAL = /[&<>]/g;
const ATTRIBUTE_SPECIAL = /[&<>"]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function escapeText(text: string): string {
  return text.replace(TEXT_SPECIAL, (c) => ENTITIES[c]);
}

function escapeAttribute(text: string): string {
  return text.replace(ATTRIBUTE_SPECIAL, (c) => ENTITIES[c]);
}
