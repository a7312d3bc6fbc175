/**
 * Album names as keywords in XMP sidecars, where digiKam, darktable, Lightroom and exiftool look
 * for them: `dc:subject` (a Bag of plain keywords) and `lr:hierarchicalSubject` (a Bag of
 * `Recollect|<album>` paths, Lightroom's keyword hierarchy, which digiKam and darktable read too).
 *
 * An existing sidecar is merged, never rewritten: it is parsed with saxes (a conformant,
 * namespace-aware XML parser that reports string offsets), and only the new `rdf:li` items (or a
 * new `rdf:Description` when the file has no such property yet) are spliced in, so every byte
 * the merge does not add stays as it was. What is inserted is built and escaped by xmldom's DOM
 * and serializer, never by joining strings. Pure: text in, text out.
 */
import { DOMImplementation, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import { SaxesParser, type SaxesTagNS } from 'saxes';

const NS = {
  x: 'adobe:ns:meta/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dc: 'http://purl.org/dc/elements/1.1/',
  lr: 'http://ns.adobe.com/lightroom/1.0/',
  xmlns: 'http://www.w3.org/2000/xmlns/',
} as const;

/** The top of the keyword hierarchy Recollect writes under. */
export const KEYWORD_ROOT = 'Recollect';

export interface AlbumKeywords {
  subject: string[];
  hierarchical: string[];
}

export function keywordsFor(albums: readonly string[]): AlbumKeywords {
  const names = [...new Set(albums)];
  // `|` separates levels in lr:hierarchicalSubject: an album name containing one would become two levels.
  return { subject: names, hierarchical: names.map((a) => `${KEYWORD_ROOT}|${a.replaceAll('|', '/')}`) };
}

export class XmpError extends Error {}

/** What saxes found in an existing sidecar: positions are JavaScript string offsets. */
interface BagSite {
  /** Where new items go: right after the last `rdf:li` (or the Bag's start tag when empty). */
  insertAt: number;
  indent: string;
  items: Set<string>;
}

interface Scan {
  rdfPrefix: string;
  /** Offset of the `</rdf:RDF>` end tag. */
  rdfClose: number;
  about: string;
  bags: { subject?: BagSite; hierarchical?: BagSite };
}

function startOfTag(text: string, endExclusive: number): number {
  // '<' cannot occur unescaped inside a tag (attribute values forbid it): the last one is its start.
  return text.lastIndexOf('<', endExclusive - 1);
}

function indentBefore(text: string, at: number): string {
  const line = text.lastIndexOf('\n', at - 1);
  const lead = text.slice(line + 1, at);
  return /^[ \t]*$/.test(lead) ? lead : '';
}

function scanSidecar(text: string): Scan {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: SaxesTagNS[] = [];
  let rdfPrefix: string | null = null;
  let rdfClose = -1;
  let about = '';
  let liText: string | null = null;
  const bags: Scan['bags'] = {};
  const propertyOf = (depthFromTop: number): 'subject' | 'hierarchical' | null => {
    const prop = stack[stack.length - depthFromTop];
    if (prop?.uri === NS.dc && prop.local === 'subject') return 'subject';
    if (prop?.uri === NS.lr && prop.local === 'hierarchicalSubject') return 'hierarchical';
    return null;
  };
  parser.on('opentag', (tag) => {
    stack.push(tag);
    const end = parser.position;
    if (tag.uri === NS.rdf && tag.local === 'RDF') rdfPrefix = tag.prefix;
    if (tag.uri === NS.rdf && tag.local === 'Description' && about === '') {
      const a = tag.attributes['rdf:about'] ?? Object.values(tag.attributes).find((v) => v.uri === NS.rdf && v.local === 'about');
      about = a?.value ?? '';
    }
    const bagProp = tag.uri === NS.rdf && tag.local === 'Bag' ? propertyOf(2) : null;
    if (bagProp && !bags[bagProp] && !tag.isSelfClosing) {
      bags[bagProp] = { insertAt: end, indent: `${indentBefore(text, startOfTag(text, end))} `, items: new Set() };
    }
    if (tag.uri === NS.rdf && tag.local === 'li' && propertyOf(3)) {
      liText = '';
      const site = bags[propertyOf(3) ?? 'subject'];
      if (site && site.items.size === 0) site.indent = indentBefore(text, startOfTag(text, end));
    }
  });
  parser.on('text', (t) => {
    if (liText !== null) liText += t;
  });
  parser.on('closetag', (tag) => {
    stack.pop();
    if (tag.uri === NS.rdf && tag.local === 'RDF') rdfClose = startOfTag(text, parser.position);
    if (tag.uri === NS.rdf && tag.local === 'li' && liText !== null) {
      const site = bags[propertyOf(2) ?? 'subject'];
      if (site && propertyOf(2)) {
        site.items.add(liText.trim());
        site.insertAt = parser.position;
      }
      liText = null;
    }
  });
  try {
    parser.write(text).close();
  } catch (err) {
    throw new XmpError(`not well-formed XML (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
  }
  if (rdfPrefix === null || rdfClose < 0) throw new XmpError('no rdf:RDF element: not an XMP packet');
  return { rdfPrefix, rdfClose, about, bags };
}

/** A scratch document whose root declares the prefixes in scope, so serialized children do not redeclare them. */
function scratch(prefixes: Record<string, string>): { doc: Document; root: Element } {
  const doc = new DOMImplementation().createDocument(null, 'scratch', null);
  const root = doc.documentElement;
  if (!root) throw new XmpError('xmldom created no root element');
  for (const [prefix, uri] of Object.entries(prefixes)) root.setAttributeNS(NS.xmlns, `xmlns:${prefix}`, uri);
  return { doc, root };
}

/**
 * The serialized children of the scratch root. Serialized as a whole so the children see the
 * root's namespace declarations; the root's own start and end tags are ours and are cut off
 * (its start tag holds only xmlns attributes, whose URIs contain no '>').
 */
function innerXml(root: Element): string {
  const whole = new XMLSerializer().serializeToString(root);
  const open = whole.indexOf('>') + 1;
  const close = whole.lastIndexOf('</scratch>');
  if (open <= 0 || close < open) throw new XmpError('unexpected serializer output');
  return whole.slice(open, close);
}

function bagWithItems(doc: Document, rdf: string, items: readonly string[], indent: string): Element {
  const bag = doc.createElementNS(NS.rdf, `${rdf}:Bag`);
  for (const item of items) {
    bag.appendChild(doc.createTextNode(`\n${indent}  `));
    const li = doc.createElementNS(NS.rdf, `${rdf}:li`);
    li.appendChild(doc.createTextNode(item));
    bag.appendChild(li);
  }
  bag.appendChild(doc.createTextNode(`\n${indent}`));
  return bag;
}

/** `rdf:li` items to splice after an existing Bag's last item. */
function itemsXml(rdf: string, items: readonly string[], indent: string): string {
  const { doc, root } = scratch({ [rdf]: NS.rdf });
  for (const item of items) {
    root.appendChild(doc.createTextNode(`\n${indent}`));
    const li = doc.createElementNS(NS.rdf, `${rdf}:li`);
    li.appendChild(doc.createTextNode(item));
    root.appendChild(li);
  }
  return innerXml(root);
}

/** A new `rdf:Description` holding the properties the sidecar lacks. */
function descriptionXml(rdf: string, about: string, props: { subject?: string[]; hierarchical?: string[] }, indent: string): string {
  const { doc, root } = scratch({ [rdf]: NS.rdf });
  const desc = doc.createElementNS(NS.rdf, `${rdf}:Description`);
  desc.setAttributeNS(NS.rdf, `${rdf}:about`, about);
  const add = (uri: string, qname: string, items: string[] | undefined) => {
    if (!items || items.length === 0) return;
    const prefix = qname.split(':')[0] ?? '';
    desc.setAttributeNS(NS.xmlns, `xmlns:${prefix}`, uri);
    desc.appendChild(doc.createTextNode(`\n${indent}  `));
    const prop = doc.createElementNS(uri, qname);
    prop.appendChild(doc.createTextNode(`\n${indent}   `));
    prop.appendChild(bagWithItems(doc, rdf, items, `${indent}   `));
    prop.appendChild(doc.createTextNode(`\n${indent}  `));
    desc.appendChild(prop);
  };
  add(NS.dc, 'dc:subject', props.subject);
  add(NS.lr, 'lr:hierarchicalSubject', props.hierarchical);
  desc.appendChild(doc.createTextNode(`\n${indent}`));
  root.appendChild(doc.createTextNode(indent));
  root.appendChild(desc);
  root.appendChild(doc.createTextNode('\n'));
  return innerXml(root);
}

/**
 * `existing` with the album keywords added (only those missing), every other byte unchanged.
 * Returns `existing` itself when every keyword is there already. Throws XmpError for a file that
 * is not a well-formed XMP packet (the caller keeps it as it is).
 */
export function mergeKeywords(existing: string, albums: readonly string[]): string {
  const scan = scanSidecar(existing);
  const wanted = keywordsFor(albums);
  const inserts: { at: number; xml: string }[] = [];
  const missing: { subject?: string[]; hierarchical?: string[] } = {};
  for (const key of ['subject', 'hierarchical'] as const) {
    const site = scan.bags[key];
    const add = wanted[key].filter((k) => !site?.items.has(k));
    if (add.length === 0) continue;
    if (site) inserts.push({ at: site.insertAt, xml: itemsXml(scan.rdfPrefix, add, site.indent) });
    else missing[key] = add;
  }
  if (missing.subject || missing.hierarchical) {
    // At the start of the `</rdf:RDF>` line when it has one of its own, so both keep their indentation.
    const indent = indentBefore(existing, scan.rdfClose);
    const ownLine = existing[scan.rdfClose - indent.length - 1] === '\n';
    const at = ownLine ? scan.rdfClose - indent.length : scan.rdfClose;
    const xml = descriptionXml(scan.rdfPrefix, scan.about, missing, `${indent} `);
    inserts.push({ at, xml: ownLine ? xml : xml.trimEnd() });
  }
  // Splice from the end so earlier offsets stay valid.
  let out = existing;
  for (const ins of inserts.sort((a, b) => b.at - a.at)) out = out.slice(0, ins.at) + ins.xml + out.slice(ins.at);
  return out;
}

/** A new sidecar holding only the album keywords (for a photo that had none). */
export function newSidecar(albums: readonly string[]): string {
  const impl = new DOMImplementation();
  const doc = impl.createDocument(NS.x, 'x:xmpmeta', null);
  const meta = doc.documentElement;
  if (!meta) throw new XmpError('xmldom created no root element');
  meta.setAttributeNS(NS.xmlns, 'xmlns:x', NS.x);
  meta.setAttributeNS(NS.x, 'x:xmptk', 'Recollect');
  const rdf = doc.createElementNS(NS.rdf, 'rdf:RDF');
  rdf.setAttributeNS(NS.xmlns, 'xmlns:rdf', NS.rdf);
  rdf.appendChild(doc.createTextNode('\n'));
  meta.appendChild(doc.createTextNode('\n '));
  meta.appendChild(rdf);
  meta.appendChild(doc.createTextNode('\n'));
  // The packet wrapper (XMP spec part 1, 7.3): some readers look for it even in sidecars.
  doc.insertBefore(doc.createProcessingInstruction('xpacket', "begin='\uFEFF' id='W5M0MpCehiHzreSzNTczkc9d'"), meta);
  doc.appendChild(doc.createProcessingInstruction('xpacket', "end='w'"));
  const skeleton = new XMLSerializer().serializeToString(doc).replace('?><x:xmpmeta', '?>\n<x:xmpmeta').replace('</x:xmpmeta><?xpacket', '</x:xmpmeta>\n<?xpacket');
  return `${mergeKeywords(skeleton, albums)}\n`;
}
