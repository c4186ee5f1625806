"""The WSGI entry point for a production server: ``gunicorn clinic.wsgi:app``.

Configuration comes from the instance folder and the environment (DATABASE_URL,
CLINIC_SECRET_KEY, ...), never from this file; see docs/deploy.md.
"""

from werkzeug.middleware.proxy_fix import ProxyFix

from clinic import create_app
from clinic.handout.collector import freeze_worker

app = create_app()

# create_app leaves WeasyPrint out (every flask command would pay for it); a
# server loads it, with the handout's stylesheet and fonts, as each worker
# starts rather than during the first patient's export. Then everything alive
# is frozen out of the garbage collector's reach (clinic/handout/collector.py).
freeze_worker(app)

# Behind a reverse proxy every request comes from the proxy's address, so the
# sign-in limiter would count all users as one and HTTPS would look like HTTP.
# CLINIC_PROXY_HOPS=1 trusts the X-Forwarded-* headers of exactly one proxy.
if hops := int(app.config.get("PROXY_HOPS", 0)):
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
