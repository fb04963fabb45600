"""Qt item models over the services (id-backed and lazy, never holding a database session)."""
