# Static, non-root image: the pure-Go SQLite driver lets us build with
# CGO_ENABLED=0 and ship only the binary on distroless/static.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/roost ./cmd/roost
# The data directory, made here because distroless has no shell: copied
# with the nonroot user's ids (65532) so the volume Docker initialises from
# it is writable by the user Roost runs as.
RUN mkdir -p /out/data/media

# distroless/static has no ffmpeg, so a video uploaded or imported without a
# poster gets Roost's drawn poster (a play icon on grey) instead of a frame.
# For frame posters, base the image on debian:bookworm-slim with
# `apt-get install --no-install-recommends ffmpeg` (about 110 MB more), or
# copy a static ffmpeg to /usr/bin/ffmpeg: Roost looks for "ffmpeg" on PATH.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/roost /roost
COPY --from=build --chown=65532:65532 /out/data /var/lib/roost
WORKDIR /var/lib/roost
ENV ROOST_DB=sqlite:/var/lib/roost/roost.db ROOST_MEDIA_DIR=/var/lib/roost/media
VOLUME /var/lib/roost
EXPOSE 8080
USER nonroot:nonroot
ENTRYPOINT ["/roost"]
CMD ["serve"]
