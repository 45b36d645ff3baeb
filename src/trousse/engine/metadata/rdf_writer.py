"""Fast RDF output for large feeds: collect triples in a plain set and write Turtle, JSON-LD or RDF/XML.

rdflib's Graph indexes every triple as it is added and its serializers pretty-print with sorting and
lookups; for a catalogue page of a hundred datasets (about 6,000 triples) that is most of a second. A
feed only needs the triples written once, so ``TripleSet`` keeps them in insertion order and the writers
below emit each subject's statements directly. The output is the same RDF (tests parse it back with
rdflib and compare the graphs), just not pretty-printed the same way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

Term = URIRef | BNode | Literal
Triple = tuple[URIRef | BNode, URIRef, Term]

# Characters an IRI may not hold in Turtle's <…> (and that no valid URL holds): percent-encode them.
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LOCAL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
# XML 1.0 forbids most control characters, even escaped.
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
RDF_TYPE = RDF.type  # looked up once: rdflib namespaces build a new term on every attribute access
_CONTROL = re.compile("[\x00-\x1f]")
_TURTLE_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}


class TripleSet:
    """The triples of a graph in insertion order, without duplicates; ``add`` is what rdflib's Graph offers."""

    def __init__(self) -> None:
        # subject -> {(predicate, object): None}: grouped as the writers need them, ordered, no repeats.
        self._subjects: dict[URIRef | BNode, dict[tuple[URIRef, Term], None]] = {}
        self._prefixes: dict[str, str] = {"rdf": str(RDF), "xsd": str(XSD)}
        self._described: set[URIRef | BNode] = set()

    def add(self, triple: Triple) -> TripleSet:
        """Add one triple (a repeat is ignored, as in a graph)."""
        subject, predicate, obj = triple
        statements = self._subjects.get(subject)
        if statements is None:
            statements = self._subjects[subject] = {}
        statements[(predicate, obj)] = None
        return self

    def first_time(self, node: URIRef | BNode) -> bool:
        """Return True the first time ``node`` is asked about: its shared description is then added once.

        A vocabulary term (a theme, a licence, a media type) is described for every dataset that uses
        it; skipping the repeats saves hashing and comparing thousands of identical triples.
        """
        if node in self._described:
            return False
        self._described.add(node)
        return True

    def bind(self, prefix: str, namespace: Any) -> None:
        """Declare ``prefix`` for ``namespace`` in the output."""
        self._prefixes[prefix] = str(namespace)

    def __len__(self) -> int:
        return sum(len(statements) for statements in self._subjects.values())

    def __iter__(self) -> Iterator[Triple]:
        for subject, statements in self._subjects.items():
            for predicate, obj in statements:
                yield subject, predicate, obj

    def to_graph(self) -> Graph:
        """Return the same triples as an rdflib Graph (for queries and validation)."""
        graph = Graph()
        for prefix, namespace in self._prefixes.items():
            graph.bind(prefix, namespace)
        for triple in self:
            graph.add(triple)
        return graph

    def by_subject(self) -> dict[URIRef | BNode, dict[tuple[URIRef, Term], None]]:
        """Return each subject's (predicate, object) pairs (dict keys, in order), subjects in first-seen order."""
        return self._subjects

    @property
    def prefixes(self) -> dict[str, str]:
        return dict(self._prefixes)


def _iri(value: str) -> str:
    return _IRI_BAD.sub(lambda m: f"%{ord(m.group()):02X}", value)


def _escape_control(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04X}"


class _Names:
    """Prefixed names of one document's IRIs, each worked out once (predicates repeat on every subject)."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.prefixes = prefixes
        self._found: dict[str, tuple[str, str] | None] = {}

    def split(self, iri: str) -> tuple[str, str] | None:
        """Return (prefix, local name) when ``iri`` is in a declared namespace with a plain local name."""
        try:
            return self._found[iri]
        except KeyError:
            found = self._found[iri] = _find_prefix(iri, self.prefixes)
            return found


def _find_prefix(iri: str, prefixes: dict[str, str]) -> tuple[str, str] | None:
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and _LOCAL_NAME.match(iri[len(namespace):]):
            return prefix, iri[len(namespace):]
    return None


def _bnode_label(node: BNode) -> str:
    return "b" + re.sub(r"[^A-Za-z0-9]", "", str(node))


# --- Turtle -------------------------------------------------------------------------------------


def write_turtle(triples: TripleSet) -> str:
    """Return the triples as Turtle: prefixes, then one block per subject."""
    prefixes = triples.prefixes
    names = _Names(prefixes)
    out = [f"@prefix {p}: <{ns}> ." for p, ns in prefixes.items()]
    out.append("")

    def term(node: Term) -> str:
        if isinstance(node, Literal):
            text = _CONTROL.sub(_escape_control, str(node).translate(_TURTLE_ESCAPES))
            if node.language:
                return f'"{text}"@{node.language}'
            if node.datatype is not None:
                return f'"{text}"^^{name(node.datatype)}'
            return f'"{text}"'
        if isinstance(node, BNode):
            return f"_:{_bnode_label(node)}"
        return name(node)

    def name(iri: URIRef) -> str:
        found = names.split(str(iri))
        return f"{found[0]}:{found[1]}" if found else f"<{_iri(str(iri))}>"

    for subject, pairs in triples.by_subject().items():
        lines = []
        for predicate, obj in pairs:
            verb = "a" if predicate == RDF_TYPE else name(predicate)
            lines.append(f"    {verb} {term(obj)}")
        out.append(f"{term(subject)}\n" + " ;\n".join(lines) + " .\n")
    return "\n".join(out)


# --- JSON-LD ------------------------------------------------------------------------------------


def jsonld_document(triples: TripleSet) -> dict[str, Any]:
    """Return the triples as a flattened JSON-LD document: compact keys, every value an explicit object."""
    prefixes = triples.prefixes
    names = _Names(prefixes)

    def key(iri: URIRef) -> str:
        found = names.split(str(iri))
        return f"{found[0]}:{found[1]}" if found else str(iri)

    def ident(node: URIRef | BNode) -> str:
        return f"_:{_bnode_label(node)}" if isinstance(node, BNode) else _iri(str(node))

    nodes = []
    for subject, pairs in triples.by_subject().items():
        node: dict[str, Any] = {"@id": ident(subject)}
        for predicate, obj in pairs:
            if predicate == RDF_TYPE and isinstance(obj, URIRef):
                node.setdefault("@type", []).append(key(obj))
                continue
            if isinstance(obj, Literal):
                value: dict[str, Any] = {"@value": str(obj)}
                if obj.language:
                    value["@language"] = obj.language
                elif obj.datatype is not None:
                    value["@type"] = str(obj.datatype)
            else:
                value = {"@id": ident(obj)}
            node.setdefault(key(predicate), []).append(value)
        nodes.append(node)
    return {"@context": prefixes, "@graph": nodes}


def write_jsonld(triples: TripleSet) -> str:
    """Return the triples as JSON-LD text (UTF-8, accents as they are)."""
    # No indent: json.dumps only uses its C encoder without one (four times faster on a page).
    return json.dumps(jsonld_document(triples), ensure_ascii=False, separators=(",", ":"))


# --- RDF/XML ------------------------------------------------------------------------------------


def _xml_text(value: str) -> str:
    value = _XML_BAD.sub("", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xml_attr(value: str) -> str:
    return _xml_text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")


def write_rdfxml(triples: TripleSet) -> str:
    """Return the triples as RDF/XML: one rdf:Description per subject."""
    prefixes = triples.prefixes
    names = _Names(prefixes)
    extra: dict[str, str] = {}

    def qname(iri: URIRef) -> str:
        found = names.split(str(iri)) or _find_prefix(str(iri), extra)
        if found is None:
            # A predicate outside the declared namespaces: declare its own (never happens for DCAT-AP).
            text = str(iri)
            cut = max(text.rfind("#"), text.rfind("/")) + 1
            extra[f"ns{len(extra) + 1}"] = text[:cut]
            found = (f"ns{len(extra)}", text[cut:])
        return f"{found[0]}:{found[1]}"

    body = []
    for subject, pairs in triples.by_subject().items():
        about = (f'rdf:nodeID="{_bnode_label(subject)}"' if isinstance(subject, BNode)
                 else f'rdf:about="{_xml_attr(_iri(str(subject)))}"')
        body.append(f"  <rdf:Description {about}>")
        for predicate, obj in pairs:
            tag = qname(predicate)
            if isinstance(obj, Literal):
                attr = (f' xml:lang="{obj.language}"' if obj.language else
                        f' rdf:datatype="{_xml_attr(str(obj.datatype))}"' if obj.datatype is not None else "")
                body.append(f"    <{tag}{attr}>{_xml_text(str(obj))}</{tag}>")
            elif isinstance(obj, BNode):
                body.append(f'    <{tag} rdf:nodeID="{_bnode_label(obj)}"/>')
            else:
                body.append(f'    <{tag} rdf:resource="{_xml_attr(_iri(str(obj)))}"/>')
        body.append("  </rdf:Description>")
    namespaces = "".join(f'\n   xmlns:{p}="{_xml_attr(ns)}"' for p, ns in {**prefixes, **extra}.items())
    return f'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF{namespaces}>\n' + "\n".join(body) + "\n</rdf:RDF>\n"


WRITERS = {"turtle": write_turtle, "json-ld": write_jsonld, "xml": write_rdfxml}
