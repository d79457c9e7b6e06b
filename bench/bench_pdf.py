"""Benchmark: the script PDF (`stagecast pdf`) against screenplain on the same Hamlet-sized play.

The play is Hamlet from the test corpus (Jon Bosak's public-domain PLAY XML: 1,138 speeches,
~30,000 words, 35 speakers), converted here into a stagecast YAML play and into Fountain for
screenplain. Without the corpus a deterministic generated play of the same size is used.
Both tools run as whole processes (start-up, reading, layout, writing), alternating, and the
median wall time of each is compared: the ratio is what we track (target ≤ 0.5).

screenplain is not a stagecast dependency. Install it for this benchmark only:

    python3 -m venv bench/.venv-screenplain
    bench/.venv-screenplain/bin/pip install 'screenplain[PDF]'

Run: .venv/bin/python bench/bench_pdf.py [--runs 5] [--source hamlet|generated] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("STAGECAST_CORPUS", REPO.parent / "shared" / "corpus"))
HAMLET = CORPUS / "shakespeare_en" / "bosak_hamlet.xml"
SCREENPLAIN = REPO / "bench" / ".venv-screenplain" / "bin" / "screenplain"


# -- a neutral play representation both writers use ------------------------------
# play = (title, [(act title, [(scene title, [("speech", speakers, text) | ("direction", text)])])])

def _role_id(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _text(element: ET.Element) -> str:
    """A LINE's text with any STAGEDIR inside it written as an inline (direction)."""
    parts = [element.text or ""]
    for child in element:
        parts.append(f"({' '.join((child.text or '').split())})" if child.tag == "STAGEDIR" else (child.text or ""))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def hamlet() -> tuple[str, list]:
    root = ET.parse(HAMLET).getroot()
    acts = []
    for act in root.iter("ACT"):
        scenes = []
        for scene in act.iter("SCENE"):
            items = []
            for child in scene:
                if child.tag == "STAGEDIR":
                    items.append(("direction", " ".join((child.text or "").split())))
                elif child.tag == "SPEECH":
                    speakers = [s.text or "" for s in child.findall("SPEAKER")]
                    lines = []
                    for part in child:
                        if part.tag == "LINE":
                            lines.append(_text(part))
                        elif part.tag == "STAGEDIR":
                            lines.append(f"({' '.join((part.text or '').split())})")
                    items.append(("speech", speakers, "\n".join(x for x in lines if x)))
            scenes.append((scene.findtext("TITLE") or "Scene", items))
        acts.append((act.findtext("TITLE") or "Act", scenes))
    return root.findtext("TITLE") or "Hamlet", acts


def generated(speeches: int = 1100, words: int = 30000, roles: int = 25) -> tuple[str, list]:
    rnd = random.Random(7)
    vocabulary = ("the of and to a in that is was he for it with as his on be at by had not are but from or "
                  "have an they which one you were her all she there would their we him been has when who "
                  "will more no if out so said what up its about into than them can only other new some "
                  "could time these two may then do first any my now such like our over man me even most "
                  "made after also did many before must through back years where much your way well down "
                  "should because each just those people how too little state good very make world still "
                  "own see men work long get here between both life being under never day same another "
                  "know while last might us great old year off come since against go came right used take "
                  "three").split()
    names = [f"Role {chr(65 + i % 26)}{i // 26 or ''}" for i in range(roles)]
    per = words // speeches
    items = []
    for n in range(speeches):
        count = max(1, int(rnd.expovariate(1 / per)))
        lines = [" ".join(rnd.choice(vocabulary) for _ in range(min(count, 9))) for _ in range(0, count, 9)]
        text = "\n".join(line.capitalize() + "," for line in lines)
        items.append(("speech", [names[rnd.randrange(roles)]], text[:-1] + "."))
        if n % 12 == 11:
            items.append(("direction", "They cross the stage and stop by the door."))
    scenes = [(f"Scene {i + 1}", items[i * 60:(i + 1) * 60]) for i in range((len(items) + 59) // 60)]
    acts = [(f"Act {a + 1}", scenes[a * 4:(a + 1) * 4]) for a in range((len(scenes) + 3) // 4)]
    return "A Generated Play", acts


# -- writers ------------------------------------------------------------------------
def to_yaml(title: str, acts: list, folder: Path) -> Path:
    speakers = {s for _, scenes in acts for _, items in scenes for it in items if it[0] == "speech" for s in it[1]}
    roles = {_role_id(s): s.title() for s in sorted(speakers)}
    out_acts = []
    for a, (act_title, scenes) in enumerate(acts):
        out_scenes = []
        for s, (scene_title, items) in enumerate(scenes):
            body = []
            for item in items:
                if item[0] == "direction":
                    body.append({"direction": item[1]})
                else:
                    ids = [_role_id(x) for x in item[1]]
                    body.append({", ".join(ids): item[2]})
            out_scenes.append({"id": f"a{a + 1}s{s + 1}", "title": scene_title, "body": body})
        out_acts.append({"id": f"act-{a + 1}", "title": act_title, "scenes": out_scenes})
    performers = {f"p{i + 1}": {"name": f"Performer {i + 1}", "plays": [r]} for i, r in enumerate(roles)}
    play = {"title": title, "roles": roles, "performers": performers, "acts": out_acts}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "play.yaml"
    path.write_text(yaml.safe_dump(play, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return folder


def to_fountain(title: str, acts: list, path: Path) -> Path:
    out = [f"Title: {title}", "Author: William Shakespeare", ""]
    for act_title, scenes in acts:
        for scene_title, items in scenes:
            out += [f".{act_title.upper()}, {' '.join(scene_title.split()).upper()}", ""]
            for item in items:
                if item[0] == "direction":
                    out += [f"!{item[1]}", ""]
                    continue
                out.append(" AND ".join(s.upper() for s in item[1]))
                for line in item[2].split("\n"):
                    out.append(line if not (line.startswith("(") and line.endswith(")")) else line)
                out.append("")
    path.write_text("\n".join(out), encoding="utf-8")
    return path


# -- timing -------------------------------------------------------------------------
def _run(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


def _pages(pdf: Path) -> int:
    try:
        from pypdf import PdfReader
    except ImportError:
        return -1
    return len(PdfReader(pdf).pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--source", choices=("hamlet", "generated"), default="hamlet" if HAMLET.is_file() else "generated")
    parser.add_argument("--keep", type=Path, help="keep the generated play, Fountain and PDFs here")
    args = parser.parse_args()
    screenplain = shutil.which("screenplain") or (str(SCREENPLAIN) if SCREENPLAIN.exists() else None)
    if screenplain is None:
        print("screenplain not found; install it as the module docstring says", file=sys.stderr)
        return 2
    stagecast = str(Path(sys.executable).with_name("stagecast"))
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    title, acts = hamlet() if args.source == "hamlet" else generated()
    play_dir = to_yaml(title, acts, work / "play")
    fountain = to_fountain(title, acts, work / "play.fountain")
    ours_pdf, theirs_pdf = work / "stagecast.pdf", work / "screenplain.pdf"
    ours_cmd = [stagecast, "pdf", str(play_dir), "-o", str(ours_pdf)]
    theirs_cmd = [screenplain, "--format", "pdf", str(fountain), str(theirs_pdf)]
    _run(ours_cmd), _run(theirs_cmd)  # warm the file cache and .pyc files
    ours, theirs = [], []
    for _ in range(args.runs):
        ours.append(_run(ours_cmd))
        theirs.append(_run(theirs_cmd))
    speeches = sum(1 for _, scenes in acts for _, items in scenes for it in items if it[0] == "speech")
    words = sum(len(it[2].split()) for _, scenes in acts for _, items in scenes for it in items if it[0] == "speech")
    o, t = statistics.median(ours), statistics.median(theirs)
    print(f"play: {args.source}, {speeches} speeches, ~{words} words")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"stagecast pdf : {o:.3f} s median of {args.runs} ({_pages(ours_pdf)} pages)")
    print(f"screenplain   : {t:.3f} s median of {args.runs} ({_pages(theirs_pdf)} pages)")
    print(f"ratio         : {o / t:.2f}x (target <= 0.5)")
    for name, seconds in phases(play_dir, args.runs):
        print(f"  in-process {name:<9}: {seconds:.3f} s")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def phases(play_dir: Path, runs: int) -> list[tuple[str, float]]:
    """Where stagecast's time goes, in this process (medians; fonts and imports already warm)."""
    from stagecast.api import load_play
    from stagecast.pdf.fonts import font_set
    from stagecast.pdf.pages import A4
    from stagecast.pdf.pagination import paginate
    from stagecast.pdf.paint import Chrome, paint
    from stagecast.pdf.script import ScriptPdfOptions, script_blocks

    times: dict[str, list[float]] = {"read": [], "blocks": [], "paginate": [], "paint": []}
    for _ in range(runs):
        t0 = time.perf_counter()
        play = load_play(play_dir)
        t1 = time.perf_counter()
        blocks = script_blocks(play, None, ScriptPdfOptions())
        t2 = time.perf_counter()
        fonts = font_set(())
        fonts._width_cache.clear()  # measure text as a fresh process would
        pages = paginate(blocks, A4, fonts)
        t3 = time.perf_counter()
        paint(pages, A4, fonts, Chrome(title=play.meta.title))
        t4 = time.perf_counter()
        for key, value in zip(times, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            times[key].append(value)
    return [(key, statistics.median(values)) for key, values in times.items()]


if __name__ == "__main__":
    sys.exit(main())
