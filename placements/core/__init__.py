"""The pure domain core: immutable values, exact money, no I/O.

``terms`` holds what a book states and what it implies, ``scenario`` how it
is projected under prices and policies, ``value`` what warrants are worth.
"""
