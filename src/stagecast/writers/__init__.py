"""Writers: a play model → another format (our YAML folder, Fountain)."""
