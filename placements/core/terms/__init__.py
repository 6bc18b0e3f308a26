"""A book's terms and what they imply: tranche figures, holds, schedules, series."""
