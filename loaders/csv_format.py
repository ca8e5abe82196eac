"""CSV: one template per entity type and relation type, derived from the ontology.

A file is named for its type (``Person.csv``, ``holds.csv``); a folder (or zip) of such
files is one batch. ``citations.csv`` (columns ``fact, source, quote, locator``) cites
sources with a quoted span; a ``sources`` column cites them by id, ``|``-separated.
Cells are converted by the property's datatype before validation, so that spreadsheets can
use the forms people type: dates as ``2024-09-18``, ``2024/9/18`` or ``2024年9月18日``;
codes as the code or its Chinese or English label; booleans as ``true``/``false``/``是``/``否``.
Files are read row by row (streaming); errors name the file, line, ``#row=N`` (RFC 7111)
and field. ``safetykg ontology build`` (or ``python -m loaders.csv_format``) rewrites the templates, the CSVW
metadata, ``docs/csv-format.md`` and the demo as CSVs.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from ontology.errors import Problem
from ontology.facts import Entity, Relation
from ontology.model import Model, Property, model

from .batch import RawDoc
from .jsonpos import Located

CITATIONS = "citations"
CITATION_COLUMNS = ("fact", "source", "quote", "locator")
LANGS = ("zh", "en")
SEP = "|"
_SPLIT = re.compile(r"(?<!\\)\|")
_LANG_COLUMN = re.compile(r"^(?P<key>[a-z_]+?)_(?P<lang>[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)$")
_DATES = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
)
_TRUE = {"true", "yes", "1", "是", "y", "t"}
_FALSE = {"false", "no", "0", "否", "n", "f"}
ROOT = Path(__file__).resolve().parent
TEMPLATES = ROOT / "templates"
DOCS = ROOT.parent / "docs" / "csv-format.md"
EXAMPLE = ROOT.parent / "docs" / "csv" / "songtai-collapse"


@dataclass(frozen=True)
class Column:
    name: str
    key: str  # the facts-format key it fills
    required: bool
    datatype: str
    multiple: bool = False
    schemes: tuple[str, ...] = ()
    lang: str | None = None
    description: str = ""


def _prop_columns(props: dict[str, Property]) -> list[Column]:
    order = sorted(props.values(), key=lambda p: (p.key != "name", not p.required, list(props).index(p.key)))
    cols: list[Column] = []
    for p in order:
        if p.datatype == "text":
            for lang in LANGS:
                cols.append(Column(f"{p.key}_{lang}", p.key, False, "text", lang=lang,
                                   description=f"{p.labels.en} in {'Chinese' if lang == 'zh' else 'English'}"
                                   + ("; at least one of name_zh, name_en is required" if p.required else "")))
        else:
            cols.append(Column(p.key, p.key, p.required, p.datatype, p.multiple, p.schemes, description=p.definition or p.labels.en))
    return cols


def columns(type_name: str, m: Model | None = None) -> list[Column]:
    """The columns of the template of an entity or relation type."""
    m = m or model()
    src = Column("sources", "sources", False, "id", True, description="SourceDocument ids this fact cites")
    if type_name in m.types:
        t = m.types[type_name]
        return [Column("id", "id", True, "id")] + _prop_columns(t.properties) + [src]
    r = m.relations[type_name]
    target = "code" if r.schemes else "id"
    cols = [
        Column("id", "id", True, "id"),
        Column("from", "from", True, "id", description=f"a {' or '.join(r.domain)}"),
        Column("to", "to", True, target, schemes=r.schemes,
               description=f"a {' or '.join(r.range)}" if r.range else "a code or its label"),
    ]
    if r.temporal:
        cols += [Column("valid_from", "valid_from", False, "date", description="first day it holds"),
                 Column("valid_to", "valid_to", False, "date", description="first day it no longer holds")]
    return cols + _prop_columns(r.properties) + [src]


def template_types(m: Model | None = None) -> list[str]:
    m = m or model()
    return sorted(m.concrete_types()) + sorted(m.relations)


# --- reading --------------------------------------------------------------------


@cache
def _labels_index() -> dict[tuple[str, str], str]:
    """(scheme, lower-cased code or label) -> code."""
    out: dict[tuple[str, str], str] = {}
    for scheme, concepts in model().schemes.items():
        for c in concepts.values():
            for name in (c.labels.zh, c.labels.en):
                out.setdefault((scheme, name.strip().lower()), c.code)
    for scheme, concepts in model().schemes.items():
        for c in concepts.values():
            out[(scheme, c.code.lower())] = c.code
    return out


def concept_code(schemes: tuple[str, ...], cell: str) -> str:
    """The code a cell means: the code itself, or a concept's Chinese or English label."""
    index = _labels_index()
    for s in schemes:
        found = index.get((s, cell.strip().lower()))
        if found:
            return found
    return cell


def parse_date_cell(cell: str) -> str:
    for pattern in _DATES:
        m = pattern.match(cell.strip())
        if m:
            y, mo, d = m.groups()
            return f"{y}-{int(mo):02d}-{int(d):02d}"
    return cell


def _scalar(col: Column, cell: str) -> Any:
    kind = col.datatype
    if kind == "date":
        return parse_date_cell(cell)
    if kind in ("count", "integer"):
        return int(cell) if re.fullmatch(r"[+-]?\d+", cell) else cell
    if kind == "decimal":
        try:
            value = Decimal(cell)
        except InvalidOperation:
            return cell
        if not value.is_finite():
            return cell
        return int(value) if value == value.to_integral_value() and "." not in cell and "e" not in cell.lower() else float(value)
    if kind == "boolean":
        low = cell.lower()
        return True if low in _TRUE else False if low in _FALSE else cell
    if kind in ("concept", "code"):
        return concept_code(col.schemes, cell)
    return cell


def _cell_value(col: Column, cell: str) -> Any:
    if col.multiple:
        return [_scalar(col, v.replace("\\|", "|").strip()) for v in _SPLIT.split(cell) if v.strip()]
    return _scalar(col, cell)


def _open_members(path: Path) -> Iterator[tuple[str, str, IO[str]]]:
    """(display name, file stem, text stream) for each CSV of a file, folder or zip."""
    if path.is_dir():
        for p in sorted(path.glob("*.csv")):
            with open(p, encoding="utf-8-sig", newline="") as f:
                yield str(p), p.stem, f
    elif path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as z:
            for info in sorted(z.infolist(), key=lambda i: i.filename):
                if info.filename.lower().endswith(".csv") and not info.is_dir():
                    with z.open(info) as raw:
                        yield f"{path}!{info.filename}", Path(info.filename).stem, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    else:
        with open(path, encoding="utf-8-sig", newline="") as f:
            yield str(path), path.stem, f


def read_csv(path: Path) -> list[RawDoc]:
    """A CSV file, a folder of CSVs or a zip of CSVs as raw documents (one per file)."""
    if not path.exists():
        return [RawDoc(str(path), problems=[Problem("", None, "no such file or folder", "unreadable", str(path))])]
    docs: list[RawDoc] = []
    citations: list[tuple[RawDoc, int, dict[str, str]]] = []
    try:
        for name, stem, stream in _open_members(path):
            doc = RawDoc(name, where={"entities": [], "relations": []})
            try:
                _read_one(doc, stem, stream, citations)
            except UnicodeDecodeError as exc:
                doc.problems.append(Problem("", None, f"not UTF-8 ({exc.reason}); save the sheet as “CSV UTF-8”", "bad-encoding", name))
            except csv.Error as exc:
                doc.problems.append(Problem("", None, f"malformed CSV: {exc}", "malformed-csv", name))
            docs.append(doc)
    except (OSError, zipfile.BadZipFile) as exc:
        return [RawDoc(str(path), problems=[Problem("", None, str(exc), "unreadable", str(path))])]
    if not docs:
        return [RawDoc(str(path), problems=[Problem("", None, "no .csv files found", "empty", str(path))])]
    _attach_citations(docs, citations)
    return docs


def _read_one(doc: RawDoc, stem: str, stream: IO[str], citations: list) -> None:  # noqa: C901
    m = model()
    reader = csv.reader(stream)
    header = next(reader, None)
    if header is None:
        doc.problems.append(Problem("", None, "empty file: no header row", "empty", doc.name, 1))
        return
    header = [h.strip() for h in header]
    if stem == CITATIONS:
        bad = [h for h in header if h not in CITATION_COLUMNS] + [f"missing {c}" for c in ("fact", "source") if c not in header]
        if bad:
            reason = f"citations.csv has columns {', '.join(CITATION_COLUMNS)}; found: {', '.join(bad)}"
            doc.problems.append(Problem("#row=0", None, reason, "bad-header", doc.name, 1))
            return
        for row in reader:
            if any(c.strip() for c in row):
                citations.append((doc, reader.line_num, dict(zip(header, (c.strip() for c in row)))))
        return
    if stem in m.types and not m.types[stem].abstract:
        key = "entities"
    elif stem in m.relations:
        key = "relations"
    else:
        choices = ", ".join(template_types(m))
        doc.problems.append(Problem("", None, f"the file name must be a type: {CITATIONS}.csv or one of {choices} (.csv)", "unknown-type", doc.name))
        return
    cols = {c.name: c for c in columns(stem, m)}
    header_problems = []
    mapped: list[Column | None] = []
    for h in header:
        col = cols.get(h)
        if col is None:
            lang = _LANG_COLUMN.match(h)
            if lang:
                base = next((c for c in cols.values() if c.key == lang.group("key") and c.datatype == "text"), None)
                if base:
                    col = Column(h, base.key, False, "text", lang=lang.group("lang"))
        if col is None:
            header_problems.append(Problem("#row=0", h, f"unknown column for {stem}; columns: {', '.join(cols)}", "unknown-property", doc.name, 1))
        mapped.append(col)
    seen = [h for h in header if h]
    for h in {h for h in seen if seen.count(h) > 1}:
        header_problems.append(Problem("#row=0", h, "column appears twice", "duplicate-key", doc.name, 1))
    for c in cols.values():
        if c.required and c.name not in header:
            header_problems.append(Problem("#row=0", c.name, f"required column missing for {stem}", "required", doc.name, 1))
    if header_problems:
        doc.problems.extend(header_problems)
        return
    items = doc.doc[key]
    n = 0
    for row in reader:
        if not any(c.strip() for c in row):
            continue
        n += 1
        item = Located(type=stem)
        item.line = reader.line_num
        if len(row) > len(header):
            doc.problems.append(Problem(f"#row={n}", None, f"{len(row)} cells but {len(header)} columns", "malformed-csv", doc.name, reader.line_num))
        for col, cell in zip(mapped, row):
            cell = cell.strip()
            if not cell or col is None:
                continue
            if col.datatype == "text":
                item.setdefault(col.key, {})[col.lang] = cell
            elif col.name == "sources":
                item["sources"] = _cell_value(col, cell)
            else:
                item[col.key] = _cell_value(col, cell)
        items.append(item)
        doc.where[key].append(f"#row={n}")  # type: ignore[index]


def _attach_citations(docs: list[RawDoc], citations: list[tuple[RawDoc, int, dict[str, str]]]) -> None:
    by_id: dict[str, dict[str, Any]] = {}
    for d in docs:
        for key in ("entities", "relations"):
            for item in d.doc.get(key, []):
                if isinstance(item.get("id"), str):
                    by_id.setdefault(item["id"], item)
    for doc, line, row in citations:
        fact, source = row.get("fact", ""), row.get("source", "")
        if not fact or not source:
            doc.problems.append(
                Problem("", "fact" if not fact else "source", "a citation needs a fact id and a source id", "required", doc.name, line))
            continue
        item = by_id.get(fact)
        if item is None:
            reason = f"cites for {fact!r}, which is not in this batch of CSV files"
            doc.problems.append(Problem("", "fact", reason, "unknown-reference", doc.name, line))
            continue
        ref: dict[str, str] = {"source": source}
        for k in ("quote", "locator"):
            if row.get(k):
                ref[k] = row[k]
        item.setdefault("sources", []).append(ref if len(ref) > 1 else source)


# --- writing --------------------------------------------------------------------


def _cell(col: Column, value: Any) -> str:
    if value is None:
        return ""
    if col.multiple:
        return SEP.join(_cell(Column(col.name, col.key, False, col.datatype), v).replace(SEP, "\\" + SEP) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def csv_files(entities: Iterable[Entity], relations: Iterable[Relation]) -> dict[str, str]:
    """Facts as CSV texts by file name, in the template layout (plus ``citations.csv`` for quoted citations)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    cites: list[list[str]] = []
    for f in list(entities) + list(relations):
        doc = f.as_json()
        srcs = doc.pop("sources", [])
        if all(isinstance(s, str) for s in srcs):
            if srcs:
                doc["sources"] = srcs
        else:
            for s in srcs:
                s = {"source": s} if isinstance(s, str) else s
                cites.append([f.id, s["source"], s.get("quote", ""), s.get("locator", "")])
        groups.setdefault(f.type, []).append(doc)
    out: dict[str, str] = {}
    for type_name in sorted(groups):
        rows = groups[type_name]
        cols = columns(type_name)
        text_keys = {c.key for c in cols if c.datatype == "text"}
        extra = sorted({(k, lang) for r in rows for k in text_keys for lang in (r.get(k) or {}) if lang not in LANGS})
        for k, lang in extra:
            idx = max(i for i, c in enumerate(cols) if c.key == k) + 1
            cols.insert(idx, Column(f"{k}_{lang}", k, False, "text", lang=lang))
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow([c.name for c in cols])
        for r in rows:
            w.writerow([
                (r.get(c.key) or {}).get(c.lang, "") if c.datatype == "text" else _cell(c, r.get(c.key)) for c in cols
            ])
        out[f"{type_name}.csv"] = buf.getvalue()
    if cites:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(CITATION_COLUMNS)
        w.writerows(cites)
        out[f"{CITATIONS}.csv"] = buf.getvalue()
    return out


def write_zip(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), text.encode("utf-8"))
    return buf.getvalue()


# --- templates and docs ---------------------------------------------------------


CITATION_SPEC = (
    Column("fact", "fact", True, "id", description="the entity or relation that cites"),
    Column("source", "source", True, "id", description="a SourceDocument id"),
    Column("quote", "quote", False, "string", description="the quoted span"),
    Column("locator", "locator", False, "string", description="where in the document (article, page)"),
)
_CSVW_TYPES = {"count": "nonNegativeInteger", "integer": "integer", "decimal": "decimal"}


def csvw_metadata(m: Model | None = None) -> dict[str, Any]:
    """The templates described in W3C CSV on the Web metadata (``templates/csv-metadata.json``).

    Dates, codes and booleans are typed as strings there, since cells may use the other
    accepted forms (``2024年9月18日``, a label, ``是``); the description says which.
    """
    m = m or model()

    def col(c: Column) -> dict[str, Any]:
        out: dict[str, Any] = {"name": c.name, "titles": c.name, "required": c.required,
                               "datatype": _CSVW_TYPES.get(c.datatype, "string")}
        if c.multiple:
            out["separator"] = SEP
        notes = c.datatype + (f" of {', '.join(c.schemes)}" if c.schemes else "")
        out["dc:description"] = f"{notes}: {c.description}" if c.description else notes
        return out

    tables = [
        {"url": f"{t}.csv", "dc:title": t, "tableSchema": {"columns": [col(c) for c in columns(t, m)], "primaryKey": "id"}}
        for t in template_types(m)
    ]
    tables.append({"url": f"{CITATIONS}.csv", "dc:title": CITATIONS, "tableSchema": {"columns": [col(c) for c in CITATION_SPEC]}})
    return {"@context": "http://www.w3.org/ns/csvw", "dc:title": "safetykg CSV templates", "dialect": {"encoding": "utf-8"},
            "tables": tables}


def docs_page(m: Model | None = None) -> str:
    m = m or model()
    lines = [
        "# CSV format",
        "",
        "<!-- generated from the ontology by `safetykg ontology build`; do not edit -->",
        "",
        "One CSV file per entity type or relation type, named for the type (`Person.csv`, `holds.csv`); a folder or a",
        "zip of such files loads as **one batch** (`safetykg load folder/`), all or nothing, with references across files.",
        "Empty header-only templates are in [`loaders/templates/`](../loaders/templates/), their column spec as JSON in",
        "[`loaders/templates/csv-metadata.json`](../loaders/templates/csv-metadata.json) (W3C CSV on the Web), and the demo case as CSVs in",
        "[`docs/csv/songtai-collapse/`](csv/songtai-collapse/). `safetykg export --format csv` writes the same layout (a zip).",
        "",
        "## Cells",
        "",
        "- Files are UTF-8 (Excel: “CSV UTF-8”); the first row names the columns, in any order; empty rows are skipped.",
        "- An empty cell means “not given”. Unknown columns and missing required columns are errors (reported once, on the header).",
        "- **Names** (`text`): one column per language, `name_zh`, `name_en` (any other tag works too: `name_ug`).",
        "- **Dates**: `2024-09-18`, `2024/9/18`, `2024.9.18` or `2024年9月18日`, between 1900 and 2100.",
        "- **Codes** (`concept`, and `to` of mandate and portfolio relations): the code (`coal_mining`) or its Chinese or",
        "  English label (`煤矿`, `Coal mining`); the codes are listed in [ontology.md](ontology.md).",
        "- **Booleans**: `true`/`false`, `yes`/`no`, `1`/`0`, `是`/`否`. **Numbers**: digits, `.` for decimals.",
        f"- **Several values** (`multiple`): separated by `{SEP}`; write `\\{SEP}` for a literal bar.",
        "- **Validity** of relations is half-open, as in the [facts format](facts-format.md): `valid_to` is the first day the",
        "  relation no longer holds.",
        "",
        "## Sources",
        "",
        f"- A `sources` column cites `SourceDocument` ids (from `SourceDocument.csv` or the store), `{SEP}`-separated.",
        f"- `{CITATIONS}.csv` (`fact, source, quote, locator`) adds a citation with the quoted span and where it is, one row",
        "  per citation, for any entity or relation of the same batch; its citations follow those of the `sources` column.",
        "",
        "## Errors",
        "",
        "Every problem is listed (up to 200) as `file:line #row=N [field]: reason (code)`; `#row=N` is the N-th data row",
        "(RFC 7111 fragment), `#row=0` the header. A batch with any problem writes nothing.",
        "",
        "## Templates",
        "",
    ]
    for t in template_types(m):
        label = m.types[t].labels if t in m.types else m.relations[t].labels
        lines += [f"### `{t}.csv` — {label.en} ({label.zh})", "", "| column | required | type | notes |", "|---|---|---|---|"]
        for c in columns(t, m):
            kind = c.datatype + (" (several)" if c.multiple else "")
            notes = c.description.replace("|", "\\|").replace("\n", " ")
            if c.schemes:
                notes = (notes + "; " if notes else "") + "codes of " + ", ".join(c.schemes)
            lines.append(f"| `{c.name}` | {'yes' if c.required else ''} | {kind} | {notes} |")
        lines.append("")
    lines += [f"### `{CITATIONS}.csv`", "", "| column | required | type | notes |", "|---|---|---|---|"]
    for c in CITATION_SPEC:
        lines.append(f"| `{c.name}` | {'yes' if c.required else ''} | {c.datatype} | {c.description} |")
    return "\n".join(lines) + "\n"


def generated() -> dict[Path, str]:
    """Every file derived here, by path: templates, column spec, docs page, the demo as CSVs."""
    from importlib import resources

    from loaders.facts_json import read_document
    from ontology.validation import validate

    out: dict[Path, str] = {}
    for t in template_types():
        out[TEMPLATES / f"{t}.csv"] = ",".join(c.name for c in columns(t)) + "\n"
    out[TEMPLATES / "csv-metadata.json"] = json.dumps(csvw_metadata(), ensure_ascii=False, indent=1) + "\n"
    out[DOCS] = docs_page()
    with resources.as_file(resources.files("loaders").joinpath("demo", "songtai-collapse.facts.json")) as p:
        batch = validate(read_document(p))
    ordered = sorted(batch.entities, key=lambda e: e.id), sorted(batch.relations, key=lambda r: r.id)
    for name, text in csv_files(*ordered).items():  # in id order, as a store exports them
        out[EXAMPLE / name] = text
    return out


def stale() -> list[Path]:
    return [p for p, text in generated().items() if not p.exists() or p.read_text(encoding="utf-8") != text]


def write() -> list[Path]:
    written = []
    for p, text in generated().items():
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
        written.append(p)
    return written


if __name__ == "__main__":
    for p in write():
        print(f"wrote {p}")
