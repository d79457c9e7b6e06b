"""The play's YAML notation, shared by the side that reads it and the side that writes it.

``readers/`` accepts this notation and ``writers/`` produces it; neither may import the other
(readers → play model → writers), so what both must agree on — the keys of a scene file and
the speech markup — lives here, once, and both import it. Nothing here reads or writes a file.
"""
