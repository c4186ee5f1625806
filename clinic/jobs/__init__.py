"""Handouts rendered as jobs: in the web process by default, on render workers when Redis is set.

An export becomes a ``RenderJob`` row holding the snapshot the therapist
clicked on (``create``). With no ``REDIS_URL`` the job runs at once in the
request, as exports always did; with one it goes on an RQ queue (``queue``)
and any render worker on any host lays it out (``worker``, ``tasks``).
Either way ``render.run_render_job`` does the work, and writes the issued
handout exactly once whatever the retries.
"""
