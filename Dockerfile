# The application image for docker-compose.yml: web, worker, beat and the migrate step.
# Not exercised by CI (docs/operations.md).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# WeasyPrint (the PDF reports) loads Pango and HarfBuzz at run time; DejaVu is the reports'
# font. gettext compiles the translation catalogues below.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app

WORKDIR /app

# Only what the application needs: never .venv/ or var/ (local databases, the dev secret key).
# Add each new app directory here (mous/, incidents/, evaluations/) when it arrives.
COPY pyproject.toml README.md manage.py ./
COPY constraints/ constraints/
COPY sro_admin/ sro_admin/
COPY programs/ programs/
COPY reports/ reports/
COPY templates/ templates/
COPY static/ static/
COPY locale/ locale/

# --build-constraint needs pip 25.3 or later: xstatic-bootstrap builds from its sdist with
# pkg_resources, which setuptools 81 removed (constraints/build.txt pins setuptools<81).
# Editable, as `make install` does: the settings find templates/, static/ and locale/ next
# to the code (BASE_DIR), so the code must run from /app, not from site-packages.
RUN pip install --upgrade "pip>=25.3" \
    && pip install --build-constraint constraints/build.txt -e .

# Spanish: .po -> .mo. Needs no settings (DJANGO_SETTINGS_MODULE is not set yet).
RUN django-admin compilemessages

# VAR_DIR holds collected static files; MEDIA_ROOT the report files. Both are volumes in
# docker-compose.yml; creating them here gives the volumes to the app user.
ENV DJANGO_SETTINGS_MODULE=sro_admin.settings.production \
    VAR_DIR=/data \
    MEDIA_ROOT=/data/media
RUN mkdir -p /data/media /data/static && chown -R app:app /data

USER app
EXPOSE 8000
CMD ["gunicorn", "sro_admin.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
