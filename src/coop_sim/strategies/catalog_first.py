"""Named strategies: filled in by the catalogue work."""
