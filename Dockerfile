# cumulo as an image: docker build -t cumulo . && docker run -p 4566:4566 cumulo
FROM python:3.11-slim

# Lambda's process executor runs functions as child processes of the server: no Docker inside.
RUN useradd --create-home --uid 1000 cumulo \
    && mkdir -p /var/lib/cumulo /etc/localstack/init \
    && chown cumulo:cumulo /var/lib/cumulo

WORKDIR /opt/cumulo
COPY pyproject.toml README.md ./
COPY cumulo ./cumulo
RUN pip install --no-cache-dir . && rm -rf /opt/cumulo/build

USER cumulo
# In a container the port must be reachable from the host: bind every interface.
ENV CUMULO_HOST=0.0.0.0 \
    CUMULO_PORT=4566 \
    CUMULO_DATA_DIR=/var/lib/cumulo \
    PYTHONUNBUFFERED=1
VOLUME /var/lib/cumulo
EXPOSE 4566
HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=5 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:4566/_cumulo/health', timeout=2)"
ENTRYPOINT ["cumulo"]
