"""The contributor studio: edit a plugin's exercises in the browser, the files on disk staying the source.

``form`` turns the form into exercise fields and back, ``toml_file`` writes
them into the exercise's TOML file without losing its comments or the tables
the form does not show, and ``card_preview`` prints the card as the handout
will, from what is typed, before anything is saved.
"""
