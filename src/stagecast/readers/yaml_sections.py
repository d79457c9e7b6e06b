"""The sections of play.yaml besides the running order, each read on its own: the title and
credits, roles, performers, labels, pronunciations and PDF settings.

Each takes the file's :class:`Walker` and the top mapping, reports its problems located, and
returns what it could read, so one run of ``check`` lists every mistake. The running order
(acts, scenes, intervals) and the scene files are :mod:`.yaml_play`'s, which calls these.
"""

from __future__ import annotations

from pathlib import Path

from yaml.nodes import Node, ScalarNode, SequenceNode

from ..files.display import display_path
from ..labels import FIELDS as LABEL_KEYS
from ..labels import label_problem, unused_form
from ..model import Meta, Paren, PdfSettings, Performer, Pronunciation, Role
from ..pdf_settings import BUILTIN, PAPERS, font_file_problem, is_builtin
from ..rules import role_id_for, role_id_problem, slug
from ..text import parse_text
from .suggest import did_you_mean, role_hint
from .yaml_casting import CastingReader
from .yaml_nodes import Walker, is_null

ROLE_KEYS = ("name", "description", "lang", "other_langs", "gender")
GENDERS = ("female", "male")
PERFORMER_KEYS = ("name", "plays", "intended")
PDF_KEYS = ("font", "paper")


def read_meta(w: Walker, top: dict, node: Node) -> Meta | None:
    title_node = w.require(top, "title", node, "the play")
    title = w.string(title_node, "title") if title_node is not None else None
    text = {k: w.string(top[k][1], k) for k in ("subtitle", "company", "notes") if k in top}
    lang = w.language(top["language"][1], "language") if "language" in top else "en"
    credits = read_credits(w, top["credits"][1]) if "credits" in top else ()
    if title is None:
        return None
    return Meta(title=title, subtitle=text.get("subtitle"), company=text.get("company"),
                credits=credits, lang=lang or "en", notes=text.get("notes"), loc=w.loc(node))


def read_credits(w: Walker, node: Node) -> tuple[tuple[str, str], ...]:
    fields = w.mapping(node, "credits")
    out = []
    for key, (_, value) in (fields or {}).items():
        who = w.string(value, f"credit '{key}'")
        if who is not None:
            out.append((key, who))
    return tuple(out)


def read_roles(w: Walker, top: dict, node: Node) -> list[Role]:
    roles_node = w.require(top, "roles", node, "the play")
    fields = w.mapping(roles_node, "roles") if roles_node is not None else None
    roles = []
    for role_id, (key_node, value) in (fields or {}).items():
        role = _role(w, role_id, key_node, value)
        if role is not None:
            roles.append(role)
            _check_role_id(w, key_node, role)
    return roles


def _role(w: Walker, role_id: str, key_node: Node, value: Node) -> Role | None:
    if isinstance(value, ScalarNode):
        name = w.string(value, f"name of role '{role_id}'")
        return Role(role_id, name, loc=w.loc(key_node)) if name else None
    fields = w.mapping(value, f"role '{role_id}'")
    if fields is None:
        return None
    w.check_keys(fields, ROLE_KEYS, f"role '{role_id}'")
    got = {k: w.string(fields[k][1], f"{k} of role '{role_id}'") for k in ("name", "description") if k in fields}
    if "lang" in fields:
        got["lang"] = w.language(fields["lang"][1], f"language of role '{role_id}'")
    other = w.languages(fields["other_langs"][1], f"other language of role '{role_id}'") \
        if "other_langs" in fields else ()
    gender = _gender(w, fields["gender"][1], role_id) if "gender" in fields else None
    return Role(role_id, got.get("name") or role_id.replace("-", " ").title(), description=got.get("description"),
                lang=got.get("lang"), other_langs=other, gender=gender, loc=w.loc(key_node))


def _gender(w: Walker, node: Node, role_id: str) -> str | None:
    """A role's ``gender:``, used only to choose its automatic voice."""
    value = w.string(node, f"gender of role '{role_id}'")
    if value is None or value.casefold() in GENDERS:
        return value.casefold() if value else None
    w.error(node, f"unknown gender '{value}' for role '{role_id}' (choices: {', '.join(GENDERS)})")
    return None


def read_performers(w: Walker, top: dict, casting: CastingReader) -> list[Performer]:
    """``performers:``; ``casting.roles`` maps each declared role id to its printed name."""
    if "performers" not in top:
        return []
    fields = w.mapping(top["performers"][1], "performers")
    out: list[Performer] = []
    for performer_id, (key_node, value) in (fields or {}).items():
        performer = _performer(w, performer_id, key_node, value, casting)
        if performer is None:
            continue
        same = next((p for p in out if p.name.casefold() == performer.name.casefold()), None)
        if same is not None:  # --performer "Actor A" could mean either, and the sheets would look alike
            w.warning(key_node, f"performers '{same.id}' and '{performer_id}' are both called '{performer.name}'; "
                      "give each a name of their own (name: …), so cue sheets and --performer tell them apart")
        out.append(performer)
    return out


def _performer(w: Walker, performer_id: str, key_node: Node, value: Node, casting: CastingReader
               ) -> Performer | None:
    roles = casting.roles
    fields = w.mapping(value, f"performer '{performer_id}'")
    if fields is None:
        return None
    _roles_as_keys(w, fields, performer_id, roles)
    w.check_keys(fields, PERFORMER_KEYS, f"performer '{performer_id}'")
    name = w.string(fields["name"][1], "performer name") if "name" in fields else performer_id
    example = min(roles, default="tatyana")
    fix = f"write the ids of the roles they play, e.g. plays: [{example}]"
    plays, parts = casting.plays(performer_id, fields["plays"][1], fix) if "plays" in fields else ([], [])
    for role_id, at in plays:
        if role_id not in roles:
            hint = role_hint(role_id, roles) or f" (roles: {', '.join(sorted(roles))})"
            w.error(at, f"performer '{performer_id}' plays unknown role '{role_id}'{hint}")
    played = tuple(dict.fromkeys(r for r, _ in plays if r in roles))
    intended = tuple(casting.intended(performer_id, fields["intended"][1])) if "intended" in fields else ()
    return Performer(performer_id, name or performer_id, played, loc=w.loc(key_node),
                     parts=tuple(p for p in parts if p.role in roles), intended=intended)


def _roles_as_keys(w: Walker, fields: dict, performer_id: str, roles: dict[str, str]) -> None:
    """``{name: Ann, plays: tatyana, maria}`` reads as a key 'maria' with no value: say so
    (and drop those keys) rather than call 'maria' an unknown key."""
    stray = [k for k, (_, value) in fields.items()
             if k not in PERFORMER_KEYS and k in roles and is_null(value)]
    if not stray or "plays" not in fields:
        return
    listed = [fields["plays"][1].value] if isinstance(fields["plays"][1], ScalarNode) else []
    for key in stray:
        w.error(fields.pop(key)[0], f"role '{key}' is read as a key of performer '{performer_id}', not as a role "
                f"they play; list several roles in brackets: plays: [{', '.join([*listed, *stray])}]")


def read_labels(w: Walker, top: dict, lang: str) -> tuple[tuple[str, str], ...]:
    """The play's own wording of stagecast's labels (``labels:``), each checked."""
    if "labels" not in top:
        return ()
    out = []
    for key, (key_node, value) in (w.mapping(top["labels"][1], "labels") or {}).items():
        text = w.string(value, f"label '{key}'")
        problem = label_problem(key, text) if text is not None else None
        if problem is None and text is not None:
            out.append((key, text))
            unused = unused_form(key, lang)
            if unused:
                w.warning(key_node, unused)
        elif problem is not None and problem[0] == "unknown":
            w.error(key_node, problem[1] + (did_you_mean(key, LABEL_KEYS) or " (docs/format.md lists the labels)"))
        elif problem is not None:
            w.error(key_node if problem[0] == "form" else value, problem[1])
    return tuple(out)


def read_pronunciations(w: Walker, top: dict) -> list[Pronunciation]:
    if "pronunciations" not in top:
        return []
    out = []
    for lang, (_, table) in (w.mapping(top["pronunciations"][1], "pronunciations") or {}).items():
        for word, (key_node, spoken_node) in (w.mapping(table, f"pronunciations for '{lang}'") or {}).items():
            spoken = w.string(spoken_node, f"pronunciation of '{word}'")
            if spoken is not None and _spoken_form_ok(w, spoken_node, spoken):
                out.append(Pronunciation(word, spoken, lang, loc=w.loc(key_node)))
    return out


def _spoken_form_ok(w: Walker, node: Node, spoken: str) -> bool:
    """A spoken form follows a speech's markup rules (a ``+`` before a consonant is an error
    here too, never a mark silently dropped); brackets are refused: a direction is never said."""
    parts, problems = parse_text(spoken)
    for problem in problems:
        w.error(w.loc_in(node, problem.offset), f"pronunciation: {problem.message}")
    if not problems and any(isinstance(p, Paren) for p in parts):
        w.error(node, "a pronunciation is what is said: brackets (a direction) cannot be in it")
        return False
    return not problems


def read_pdf(w: Walker, node: Node, root: Path) -> PdfSettings:
    """``pdf: {font: FILE or [FILE, …], paper: a4|letter}``: the play's own PDF settings; a font
    file is found from the play folder ``root``."""
    if isinstance(node, ScalarNode) and not is_null(node):  # pdf: NotoSansJP.ttf
        w.error(node, f"pdf holds settings, not a value of its own; for a font write pdf: {{font: {node.value}}}")
        return PdfSettings()
    fields = w.mapping(node, "pdf")
    if fields is None:
        return PdfSettings()
    w.check_keys(fields, PDF_KEYS, "pdf")
    fonts: list[str] = []
    if "font" in fields:
        value = fields["font"][1]
        for child in (w.sequence(value, "pdf font") or []) if isinstance(value, SequenceNode) else [value]:
            name = w.string(child, "pdf font")
            if name is not None and _font_usable(w, child, name.strip(), root):
                fonts.append(name.strip())
    paper = None
    if "paper" in fields:
        given = w.string(fields["paper"][1], "pdf paper")
        if given is not None and given.strip().casefold() in PAPERS:
            paper = given.strip().casefold()
        elif given is not None:
            hint = did_you_mean(given.strip().casefold(), PAPERS) or f" (use {' or '.join(PAPERS)})"
            w.error(fields["paper"][1], f"unknown paper size '{given}'{hint}")
    return PdfSettings(tuple(fonts), paper, loc=w.loc(node))


def _font_usable(w: Walker, node: Node, name: str, root: Path) -> bool:
    if is_builtin(name):
        return True
    path = root / name  # an absolute path stays itself
    problem = font_file_problem(path)
    if problem == "does not exist":
        w.error(node, f"font file '{name}' not found (looked for {display_path(path)}); give a TrueType font "
                      f"file (.ttf or .ttc), relative to the play folder, or {BUILTIN} for the built-in")
    elif problem is not None:
        w.error(node, f"font '{name}' {problem}")
    return problem is None


def _check_role_id(w: Walker, key_node: Node, role: Role) -> None:
    """A role id that breaks the id rule is an error where it is declared, with the id to write
    instead; the role is still declared, so the lines naming it are not unknown roles too."""
    problem = role_id_problem(role.id)
    if problem is None:
        return
    if problem == "is blank":
        named = slug(role.name) if role.name.strip() else "ghost"
        w.error(key_node, f"role id '{role.id}' is blank; scenes name a role by its id, so give it one, e.g. "
                          f"{named}: {role.name.strip() or 'The Ghost'}")
        return
    w.error(key_node, f"role id '{role.id}' {problem}; role ids are lowercase, with no spaces or commas "
                      f"(docs/format.md, Roles): write '{role_id_for(role.id)}', here and wherever the role is named")
