"""What a long-running process keeps between renders (``audio --watch``): worker processes with
their engine already loaded, so a one-line re-render does not start one and load eSpeak again."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # multiprocessing is imported only when a clip has to be made
    from .cache import ClipCache
    from .engine_set import EngineSet
    from .workers import WorkerPool


class AudioSession:
    """Pass to :func:`~stagecast.audio.render.render_audio` for every render of one process;
    close it (or use it as a context manager) to stop the workers it kept."""

    def __init__(self) -> None:
        self._pools: dict[tuple[str, str, int, float], WorkerPool] = {}

    def __enter__(self) -> AudioSession:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def pool(self, engines: EngineSet, cache: ClipCache, size: int, timeout: float) -> WorkerPool:
        """The pool for these settings. Settings that differ from the last render's (voices.yaml
        now names another engine) get a new pool, and the old one's workers are stopped."""
        from .workers import WorkerPool

        key = (engines.label, str(cache.root), size, timeout)
        if key not in self._pools:
            self.close()
            self._pools[key] = WorkerPool(engines, cache, size, timeout)
        return self._pools[key]

    def close(self) -> None:
        pools, self._pools = self._pools, {}
        for pool in pools.values():
            pool.close()
