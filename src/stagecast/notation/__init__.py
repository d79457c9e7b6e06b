"""The notations a play is written in, shared by the side that reads them and the side that writes them.

``readers/`` accepts a notation and ``writers/`` produces it; neither may import the other
(readers → play model → writers), so what both must agree on lives here, once, and both import
it: the keys of a scene file and the speech markup (:mod:`.yaml_keys`, :mod:`.markup`);
Fountain's syntax and where stagecast's notes sit in it (:mod:`.fountain_syntax`,
:mod:`.fountain_notes_syntax`); and how a direction's words name roles, entrances and exits
(:mod:`.direction_words`), which the importers guess with and the Fountain export checks its
guesses against; and where a play folder keeps its editor schemas, and the line naming them
(:mod:`.editor_schema`). Nothing here reads or writes a file, or imports a reader or a writer.
"""
