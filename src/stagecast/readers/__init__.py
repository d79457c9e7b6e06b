"""Readers: a play's source → the play model (:class:`stagecast.model.Play`), with every problem located.

The YAML play (:mod:`.yaml_play`, :mod:`.yaml_scene`, through PyYAML's node tree in
:mod:`.yaml_nodes`) and voices.yaml (:mod:`.voices_yaml`); the importers for Fountain
(:mod:`.fountain`), TEI/DraCor (:mod:`.tei`) and Bosak's XML (:mod:`.bosak`), picked by
:mod:`.detect`. The JSON Schemas editors check the YAML files with are made from the readers' own
key lists (:mod:`.json_schema`). No reader imports a writer or an output.
"""

from __future__ import annotations

from .. import lazy_exports

_EXPORTS = {
    "read_voices": "voices_yaml",
    "find_voices": "voices_yaml",
    "detect_format": "detect",
    "read_fountain": "fountain",
    "read_tei": "tei",
    "read_bosak": "bosak",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
