# keyguard as an image to copy from: a Debian 12 stage runs scripts/build, and the final
# stage holds the static binary alone. In your own Dockerfile:
#
#   COPY --from=keyguard /keyguard /keyguard
#
# BASE is any Debian 12 image; tests/image_test.sh passes a local root made with debootstrap,
# since its machines reach no registry.
ARG BASE=debian:12

FROM ${BASE} AS build
WORKDIR /src
# The clone, without what was built on the host (.dockerignore); an mbedTLS source that
# scripts/deps already fetched into build-deps/ is reused when it was made from the same pin and
# patches, else fetched again from the mirror in the base's apt sources.
COPY . .
# Installs whatever build package the base lacks, then builds build/keyguard.
RUN scripts/build

FROM scratch
COPY --from=build /src/build/keyguard /keyguard
ENTRYPOINT ["/keyguard"]
