"""The offline rehearsal page (``build/index.html``)."""
