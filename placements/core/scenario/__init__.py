"""Projecting a book under a scenario: prices, policies, the engine, counts."""
