"""Rehearsal playback in the terminal: ``stagecast play`` and ``stagecast rehearse``."""
