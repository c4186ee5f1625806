"""The contributor kit: scaffold a plugin folder, and check one the way the app loads it.

Kept apart from the CLI so the same logic serves ``flask new-plugin``,
``flask check-plugin`` and the pytest plugin in ``clinic.testing``.
"""
