"""Fuzz: mutated Fountain, TEI and Bosak files from tests/data/corpus through `stagecast import`.

Every outcome is a clean error located in the file, or an imported play that — written out as a
play folder — `check` accepts and reads back equal, and that every cheap output accepts.
XML is mutated both as a tree (elements deleted, copied, moved, renamed; attributes and text
replaced: the importer's logic) and as text (the parser's error handling).
"""

from __future__ import annotations

import copy
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stagecast.api import check_play, load_play
from stagecast.interchange import read_import, write_play_folder
from tests.fuzz_support import edits, exercise, fuzz_settings, mutate, outcome
from tests.test_fountain_round_trip import WHOLE, play_folder

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
FOUNTAINS = sorted((CORPUS / "fountain").rglob("*.fountain"))
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_NS = "{http://www.w3.org/XML/1998/namespace}"

FOUNTAIN_NOISE = [
    "INT. HOUSE - DAY", "EXT. ", "INT./EXT. CAR #12#", "ИНТ. ДОМ", ".FORCED HEADING", "@McCLANE", "BOB",
    "BOB (V.O.)", "BOB (CONT'D)", "BOB ^", "BOB & ALICE", "BOB, ALICE", "(beat)", "(", ")", "((", "> THE END <",
    ">", "<", "CUT TO:", "===", "# Act", "## Scene", "### ", "= synopsis", "[[note", "]]", "[[", "/*", "*/",
    "~lyric", "!action", "Title: X", "Title:", "Author: ", "Draft date: 1/2/3", "    indented", "  ", "\t", "",
    "*bold*", "_u_", "\\*", "**", "+", "++", "\u0301", "а\u0301", "[aside]", "[", "]", "映画", "\r", "\x00",
    "\ufeff", "\x0c", "SPEECH", "BY", "ID", "DIRECTION", "\u2028", "...", "。",
]
TEXT_NOISE = ["", " ", "(", ")", "+", "++", "[", "]", "\u0301", "о\u0301", "(beat)", "[aside]", "\u00ad",
              "Ein Hofmann", "Hamlet", "Мурашкин", "\n\n", "\t", "映画", "#", "&", "speech", "by"]
ATTR_NOISE = ["", "#", "#nobody", "#Hamlet", "#Murashkin #Tolkachov", "speech", "by", "id", "act", "scene",
              "configuration", "prologue", "epilogue", "xx", "ru-RU", "rus", "de", "zzz", "0", "#a #a"]
XML_TEXT_NOISE = ["<", ">", "&", "&amp;", "&#0;", "&#x1F;", "&nbsp;", "]]>", "<![CDATA[x]]>", "<!-- -->",
                  "<!DOCTYPE TEI>", '<?xml version="1.0"?>', "</sp>", "<sp>", "<div>", "</TEI>", "\x00",
                  "\ufeff", "<speaker>", 'who="#x"', "xml:lang='ru'", "\xe9"]


def _reduced_tei(name: str, acts: int = 2, scenes: int = 2, children: int = 8) -> ET.Element:
    """The play's header and cast with only the first few speeches of its first scenes."""
    root = ET.parse(CORPUS / "dracor" / name).getroot()
    body = root.find(f"{TEI}text/{TEI}body")
    assert body is not None
    for act in [d for d in body if d.tag == f"{TEI}div"][acts:]:
        body.remove(act)
    for act in body.iter(f"{TEI}div"):
        inner = [d for d in act if d.tag == f"{TEI}div"]
        for scene in inner[scenes:]:
            act.remove(scene)
        if not inner:
            for extra in [c for c in act if c.tag == f"{TEI}sp"][children:]:
                act.remove(extra)
    return root


def _reduced_bosak(scenes: int = 2, speeches: int = 10) -> ET.Element:
    root = ET.parse(CORPUS / "shakespeare_en" / "bosak_hamlet.xml").getroot()
    for act in root.findall("ACT")[1:]:
        root.remove(act)
    act = root.find("ACT")
    assert act is not None
    for scene in act.findall("SCENE")[scenes:]:
        act.remove(scene)
    for scene in act.findall("SCENE"):
        for extra in scene.findall("SPEECH")[speeches:]:
            scene.remove(extra)
    return root


SEEDS = {
    "tragik.xml": ET.parse(CORPUS / "dracor" / "rus_chekhov_tragik_ponevole.xml").getroot(),
    "hamlet-de.xml": _reduced_tei("gersh_hamlet_prinz_von_daenemark.xml"),
    "groza.xml": _reduced_tei("rus_ostrovsky_groza.xml"),
    "chaika.xml": _reduced_tei("rus_chekhov_chaika.xml", scenes=3),
    "bosak-hamlet.xml": _reduced_bosak(),
}
TREE_OPS = ("delete", "duplicate", "move", "rename", "text", "tail", "attr", "drop-attr")


def _apply(root: ET.Element, ops: list[tuple[str, int, int, str]]) -> ET.Element:
    root = copy.deepcopy(root)
    for op, a, b, noise in ops:
        parents = {child: parent for parent in root.iter() for child in parent}
        elements = [e for e in root.iter() if e is not root]
        if not elements:
            break
        element, other = elements[a % len(elements)], elements[b % len(elements)]
        parent = parents[element]
        if op == "delete":
            parent.remove(element)
        elif op == "duplicate":
            parent.insert(b % (len(parent) + 1), copy.deepcopy(element))
        elif op == "move" and element not in other.iter() and other is not parent:
            parent.remove(element)
            other.insert(a % (len(other) + 1), element)
        elif op == "rename":
            element.tag = other.tag
        elif op == "text":
            element.text = noise
        elif op == "tail":
            element.tail = noise
        elif op == "attr":
            key = sorted(element.attrib)[b % len(element.attrib)] if element.attrib and b % 3 else \
                ["who", "type", f"{XML_NS}id", f"{XML_NS}lang", "n"][b % 5]
            element.set(key, noise)
        elif op == "drop-attr" and element.attrib:
            del element.attrib[sorted(element.attrib)[b % len(element.attrib)]]
    return root


def _check_import(source: Path, work: Path) -> None:
    play = outcome(lambda: read_import(source).play, [source])
    if play is None:
        return
    folder = work / "imported"
    shutil.rmtree(folder, ignore_errors=True)
    write_play_folder(play, folder)
    report = check_play(folder)
    assert not report.errors, "\n".join(map(str, report.errors))
    assert load_play(folder) == play, "the imported play does not read back equal"
    exercise(play)


@fuzz_settings(50)
@given(which=st.integers(0, 1000), changes=edits(FOUNTAIN_NOISE, max_size=6))
def test_mutated_fountain_imports_or_gives_located_errors(tmp_path: Path, which: int, changes) -> None:
    seed = FOUNTAINS[which % len(FOUNTAINS)]
    source = tmp_path / seed.name
    source.write_text(mutate(seed.read_text(encoding="utf-8-sig"), changes), encoding="utf-8",
                      errors="surrogatepass")
    _check_import(source, tmp_path)


SAMPLE = Path(__file__).resolve().parents[1] / "script"
NOTE_NOISE = [
    "[[stagecast: {lang: kk}]]", "[[stagecast: {by: [nobody]}]]", "[[stagecast: {by: director, label: ALL}]]",
    "[[stagecast: {enter: [artur]}]]", "[[stagecast: {id: one}]]", "[[stagecast: {setting: x}]]",
    "[[stagecast: {sound: thunder, file: ../../../etc/passwd}]]", "[[stagecast: {sound: x, file: sounds/none.wav}]]",
    "[[stagecast: {pause: -1}]]", "[[stagecast: {pause: 2}]]", "[[stagecast: {interval: 5}]]", "[[stagecast: {",
    "[[stagecast: ]]", "[[stagecast: {nope: 1}]]", "[[stagecast: [1, 2]]]", "[[stagecast: {light: L, number: L1}]]",
    "/* stagecast\nroles: {a: b}\n*/", "/* stagecast", "folder: ..", "roles:", "  director:", "    lang: zz",
    "performers: {x: {name: X, plays: [nobody]}}", "credits: {A: b}", "{", "}", "]]", "*/",
    "/* [[stagecast: {cut: true}]]", "/* [[stagecast: {lang: kk}]]", "[[stagecast: {cut: 3}]]",
    '[[stagecast: {text: "Hi [kz: x]"}]]', '[[stagecast: {text: "Here."}]]', "casts: {c: {olena: nobody}}",
    "  y: {name: Y, plays: [{role: olena, scenes: [nowhere]}], intended: {nowhere: x}}",
]


def _exported(play_path: Path, beside: Path) -> str:
    from stagecast.interchange import export_fountain

    play = load_play(play_path) if play_path.is_dir() else read_import(play_path).play
    return export_fountain(play, beside=beside)


@fuzz_settings(40)
@given(which=st.integers(0, 3), changes=edits(FOUNTAIN_NOISE + NOTE_NOISE, max_size=6))
def test_mutated_fountain_of_ours_imports_or_gives_located_errors(tmp_path: Path, which: int, changes) -> None:
    """A file stagecast exported (block, notes, cut comments), edited anyhow, as another app or a person might."""
    whole = play_folder(tmp_path, "whole", WHOLE)  # casts, spans, a bed, cuts of every kind
    seed = [SAMPLE, CORPUS / "fountain" / "nyousefi_Dialogue.fountain", CORPUS / "dracor" / "rus_chekhov_tragik_ponevole.xml",
            whole][which]
    source = tmp_path / "export.fountain"
    source.write_text(mutate(_exported(seed, tmp_path), changes), encoding="utf-8", errors="surrogatepass")
    _check_import(source, tmp_path)


@fuzz_settings(25)
@given(seed=st.sampled_from(sorted(SEEDS)),
       ops=st.lists(st.tuples(st.sampled_from(TREE_OPS), st.integers(0, 1 << 16), st.integers(0, 1 << 16),
                              st.sampled_from(TEXT_NOISE + ATTR_NOISE)), min_size=1, max_size=6))
def test_mutated_xml_tree_imports_or_gives_located_errors(tmp_path: Path, seed: str, ops) -> None:
    source = tmp_path / seed
    source.write_bytes(ET.tostring(_apply(SEEDS[seed], ops), encoding="utf-8"))
    _check_import(source, tmp_path)


@fuzz_settings(30)
@given(seed=st.sampled_from(sorted(SEEDS)), changes=edits(XML_TEXT_NOISE, max_size=3))
def test_mutated_xml_text_imports_or_gives_located_errors(tmp_path: Path, seed: str, changes) -> None:
    source = tmp_path / seed
    text = ET.tostring(SEEDS[seed], encoding="unicode")
    source.write_text(mutate(text, changes), encoding="utf-8", errors="surrogatepass")
    _check_import(source, tmp_path)


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_every_unmutated_seed_imports_cleanly(tmp_path: Path, seed: str) -> None:
    source = tmp_path / seed
    source.write_bytes(ET.tostring(SEEDS[seed], encoding="utf-8"))
    _check_import(source, tmp_path)
