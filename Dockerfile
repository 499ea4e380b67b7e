# Vplan in a container: gunicorn serving vplan.wsgi on port 8000, as a user without privileges.
# The same image runs the job worker (`vplan worker`) and the one-off commands (`vplan migrate`).
# See compose.yaml and docs/production.md#containers.
#
#   docker build -t vplan .
#   docker run --env-file vplan.env -p 8000:8000 vplan

# 1. The static assets (Designsystemet, htmx, axe-core) from the npm registry, as `make assets`.
FROM node:20-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
COPY scripts/build-assets.sh scripts/build-assets.sh
RUN bash scripts/build-assets.sh

# 2. Vplan and its dependencies in a virtualenv, with the assets inside the package.
FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/vplan
WORKDIR /src
COPY pyproject.toml README.md ./
COPY vplan vplan
COPY --from=assets /src/vplan/static/vendor vplan/static/vendor
RUN /opt/vplan/bin/pip install --upgrade pip \
    && /opt/vplan/bin/pip install . \
    && VPLAN_STATIC_ROOT=/opt/vplan/static VPLAN_SECRET_KEY=build-only-not-a-secret-$(date +%s)-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx \
       /opt/vplan/bin/vplan collectstatic --no-input --verbosity 0

# 3. What runs: Python, WeasyPrint's system libraries (Pango, HarfBuzz) and the DejaVu fonts the
#    PDF reports embed; no compiler, no Node, no Chromium.
FROM python:3.11-slim-bookworm
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        fonts-dejavu-core fonts-dejavu-extra \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /var/lib/vplan --shell /usr/sbin/nologin vplan \
    && mkdir -p /var/lib/vplan/media \
    && chown vplan:vplan /var/lib/vplan/media
COPY --from=build /opt/vplan /opt/vplan
ENV PATH=/opt/vplan/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    VPLAN_STATIC_ROOT=/opt/vplan/static \
    VPLAN_MEDIA_ROOT=/var/lib/vplan/media \
    VPLAN_LOG_FORMAT=json \
    GUNICORN_CMD_ARGS="--bind 0.0.0.0:8000 --workers 4 --timeout 60 --forwarded-allow-ips=*"
USER vplan
WORKDIR /var/lib/vplan
EXPOSE 8000
# /healthz answers 200 while the database does; asked with the first allowed host name, as
# Django refuses a Host header that VPLAN_ALLOWED_HOSTS does not name.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["python", "-c", "import os, urllib.request; host = os.environ.get('VPLAN_ALLOWED_HOSTS', 'localhost').split(',')[0].strip().lstrip('.*') or 'localhost'; urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:8000/healthz', headers={'Host': host}), timeout=4)"]
CMD ["gunicorn", "vplan.wsgi"]
