"""The patient handout: snapshot, HTML, PDF, cache and the record of what was issued."""
