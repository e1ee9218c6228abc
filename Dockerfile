# labbot: build with cgo and FTS5, run as a non-root user with the data on a volume.
#   docker build -t labbot .
#   docker run -it -v labbot-data:/data -v "$PWD/config.yaml:/etc/labbot/config.yaml:ro" labbot
# The first start prints a QR code to pair (hence -it); later starts reconnect by themselves.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=1 go build -tags sqlite_fts5 -trimpath -ldflags "-s -w" -o /out/labbot ./cmd/labbot

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home /data labbot \
    && mkdir -p /data /etc/labbot && chown labbot /data
COPY --from=build /out/labbot /usr/local/bin/labbot
USER 10001
VOLUME /data
ENTRYPOINT ["labbot"]
CMD ["run", "--config", "/etc/labbot/config.yaml", "--data", "/data"]
