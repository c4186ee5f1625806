"""Service functions: one place for each change a view or command makes."""
