"""Scripts in everyday documents (plain text and Markdown, Word, OpenDocument, PDF) → the play model.

Two halves, so the conventions of play scripts are recognised once for every format:

- a *document reader* per format (:mod:`.plain_text`, :mod:`.word_docx`, :mod:`.open_document`,
  :mod:`.pdf_text`) only extracts :class:`~.source_lines.SourceLine` s — the text with what
  matters of its look (bold, italic, centred, heading level, a name set in a column of its own)
  and where it is (page, line); a PDF's running heads and page numbers are left out there;
- the *script recogniser* (:mod:`.recogniser`, with the conventions in :mod:`.conventions`)
  turns those lines into a :class:`~stagecast.model.Play`, listing every guess it made.
"""
