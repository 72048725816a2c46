"""CLI layer: `demo` (being written)."""
