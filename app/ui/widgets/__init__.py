"""Small reusable widgets: date entry and forms that validate in the user's language."""
