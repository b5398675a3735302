"""An Atom feed that cannot be broken by what is in the catalogue."""

from django.utils.feedgenerator import Atom1Feed
from django.utils.xmlutils import SimplerXMLGenerator

from portal.core.text import without_control_characters


class _ControlFreeXMLGenerator(SimplerXMLGenerator):
    """Drops control characters from text and attribute values instead of failing the whole feed
    (Django raises UnserializableContentError, which would answer 500 to every reader)."""

    def characters(self, content):
        super().characters(without_control_characters(content) if content else content)

    def startElement(self, name, attrs):
        if attrs:
            attrs = {key: without_control_characters(str(value)) for key, value in attrs.items()}
        super().startElement(name, attrs)


class ControlFreeAtom1Feed(Atom1Feed):
    def write(self, outfile, encoding):
        handler = _ControlFreeXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")
