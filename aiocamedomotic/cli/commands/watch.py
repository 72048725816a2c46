"""CLI layer: `watch` (being written)."""
