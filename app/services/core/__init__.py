"""Small helpers every domain uses: errors, the clock, validation, formatting, atomic files, preferences,
the station-wide settings table.

Each module here is public on its own (``from app.services.core import clock``)."""
