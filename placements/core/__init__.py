"""The pure domain core: immutable values, exact money, no I/O."""
