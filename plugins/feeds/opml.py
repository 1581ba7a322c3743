"""An OPML 2.0 subscription list of feeds, for importing them into a reader in one go."""

from xml.etree import ElementTree


def opml_document(title: str, owner: str, outlines) -> bytes:
    """``outlines`` are ``(text, feed URL, page URL)``; the document has no date (determinism)."""
    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = title
    ElementTree.SubElement(head, "ownerName").text = owner
    body = ElementTree.SubElement(root, "body")
    for text, xml_url, html_url in outlines:
        ElementTree.SubElement(body, "outline", type="rss", text=text, title=text,
                               xmlUrl=xml_url, htmlUrl=html_url)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
