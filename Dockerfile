# One image for every Argus service: `argus serve ocr|players|fleet|gateway`.
# The Kubernetes manifests in deploy/k8s run it as uid 10001 with a read-only root filesystem;
# tests/deploy checks that this file and the manifests agree.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN python -m venv /opt/venv
# Dependencies first, in their own layer: they change far less often than the code. Exactly
# the locked versions, each checked against its hash (`make lock` updates the lock).
COPY requirements/runtime.lock ./requirements/
RUN /opt/venv/bin/pip install --require-hashes --no-deps -r requirements/runtime.lock
COPY pyproject.toml README.md ./
COPY argus ./argus
COPY services ./services
# Editable install: migrations and templates stay files under /app, where the code finds them.
# Its build tools (setuptools, wheel) come from the lock too.
RUN /opt/venv/bin/pip install --no-deps --no-build-isolation --editable . \
    && /opt/venv/bin/python -m compileall -q /app/argus /app/services

FROM ${PYTHON_IMAGE} AS runtime
RUN apt-get update \
    && apt-get install --yes --no-install-recommends tesseract-ocr tesseract-ocr-eng \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 argus \
    && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
       --shell /usr/sbin/nologin argus \
    && install --directory --owner 10001 --group 10001 /var/lib/argus
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    ARGUS_DATA_DIR=/var/lib/argus
WORKDIR /app
USER 10001:10001
# gateway HTTP; gRPC ocr, players, fleet; their metrics.
EXPOSE 8080 50051 50052 50053 9101 9102 9103
ENTRYPOINT ["argus"]
CMD ["serve", "gateway"]
