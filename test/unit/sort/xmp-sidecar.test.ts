import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { mergeKeywords, newSidecar, XmpError } from '../../../electron/core/sort/xmp-sidecar.js';

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

/** Keywords as an XMP reader sees them: the rdf:li texts under each property (any Description). */
function read(xml: string): { subject: string[]; hierarchical: string[] } {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const items = (ns: string, local: string) =>
    Array.from(doc.getElementsByTagNameNS(ns, local)).flatMap((prop) => Array.from(prop.getElementsByTagNameNS(RDF, 'li')).map((li) => li.textContent ?? ''));
  return { subject: items('http://purl.org/dc/elements/1.1/', 'subject'), hierarchical: items('http://ns.adobe.com/lightroom/1.0/', 'hierarchicalSubject') };
}

const EXISTING = `<?xpacket begin='\uFEFF' id='W5M0MpCehiHzreSzNTczkc9d'?>
<x:xmpmeta xmlns:x='adobe:ns:meta/'>
<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>
 <rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/' xmlns:lr='http://ns.adobe.com/lightroom/1.0/'>
  <dc:subject>
   <rdf:Bag>
    <rdf:li>Holiday</rdf:li>
   </rdf:Bag>
  </dc:subject>
  <lr:hierarchicalSubject>
   <rdf:Bag>
    <rdf:li>Places|Zürich</rdf:li>
   </rdf:Bag>
  </lr:hierarchicalSubject>
 </rdf:Description>
 <rdf:Description rdf:about='' xmlns:xmp='http://ns.adobe.com/xap/1.0/' xmp:Rating='4'/>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end='w'?>`;

describe('album keywords in XMP sidecars', () => {
  it('a new sidecar has the albums as dc:subject and Recollect|<album> as lr:hierarchicalSubject, escaped', () => {
    const xml = newSidecar(['Cats', 'Tom & Jerry <3']);
    expect(read(xml)).toEqual({ subject: ['Cats', 'Tom & Jerry <3'], hierarchical: ['Recollect|Cats', 'Recollect|Tom & Jerry <3'] });
    expect(xml).toContain('Tom &amp; Jerry &lt;3');
  });

  it('merges into existing Bags and keeps every other byte where it was', () => {
    const merged = mergeKeywords(EXISTING, ['Cats']);
    expect(read(merged)).toEqual({ subject: ['Holiday', 'Cats'], hierarchical: ['Places|Zürich', 'Recollect|Cats'] });
    // Removing exactly the inserted items gives the original bytes back.
    const inserted = merged.replace('\n    <rdf:li>Cats</rdf:li>', '').replace('\n    <rdf:li>Recollect|Cats</rdf:li>', '');
    expect(inserted).toBe(EXISTING);
  });

  it('adds a Description for the properties a sidecar lacks, before </rdf:RDF>, leaving the rest untouched', () => {
    const lightroom = `<x:xmpmeta xmlns:x="adobe:ns:meta/">\n <rdf:RDF xmlns:rdf="${RDF}">\n  <rdf:Description rdf:about="" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:City="Zürich"/>\n </rdf:RDF>\n</x:xmpmeta>\n`;
    const merged = mergeKeywords(lightroom, ['Cats']);
    expect(read(merged)).toEqual({ subject: ['Cats'], hierarchical: ['Recollect|Cats'] });
    const at = lightroom.indexOf(' </rdf:RDF>');
    expect(merged.startsWith(lightroom.slice(0, at))).toBe(true);
    expect(merged.endsWith(lightroom.slice(at))).toBe(true);
  });

  it('uses the prefix the file binds to the RDF namespace', () => {
    const odd = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><r:RDF xmlns:r="${RDF}"><r:Description r:about=""/></r:RDF></x:xmpmeta>`;
    const merged = mergeKeywords(odd, ['Cats']);
    expect(merged).toContain('<r:Description r:about=""');
    expect(merged).not.toContain('rdf:');
    expect(read(merged).subject).toEqual(['Cats']);
  });

  it('adds nothing when every keyword is there already', () => {
    const once = mergeKeywords(EXISTING, ['Cats']);
    expect(mergeKeywords(once, ['Cats'])).toBe(once);
  });

  it('refuses a file that is not well-formed XMP instead of guessing', () => {
    expect(() => mergeKeywords('<x:xmpmeta><rdf:RDF>', ['Cats'])).toThrow(XmpError);
    expect(() => mergeKeywords('<a>no rdf here</a>', ['Cats'])).toThrow(/no rdf:RDF/);
  });
});
