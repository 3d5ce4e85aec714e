# Cornerstore in a container: built from the same package list as .ci/install-deps
# (.ci/packages.txt), run as a non-root user with the data directory as a volume.
#
#   docker build -t cornerstore .
#   docker run -p 8080:8080 -v cornerstore-data:/data \
#     -e CORNERSTORE_INSTANCE_DOMAIN=shop.example \
#     -e CORNERSTORE_INSTANCE_BASE_URL=https://social.shop.example cornerstore
FROM debian:12-slim AS build
COPY .ci/packages.txt .ci/install-deps /src/.ci/
RUN /src/.ci/install-deps build run
COPY . /src
RUN cmake -S /src -B /build -DCMAKE_BUILD_TYPE=Release -DCORNERSTORE_TESTS=OFF \
 && cmake --build /build --target cornerstore -j"$(nproc)" \
 && strip /build/src/cornerstore

FROM debian:12-slim
COPY .ci/packages.txt .ci/install-deps /opt/cornerstore/.ci/
RUN /opt/cornerstore/.ci/install-deps run && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home /data --shell /usr/sbin/nologin cornerstore \
 && mkdir -p /data && chown cornerstore:cornerstore /data && chmod 0700 /data
COPY --from=build /build/src/cornerstore /usr/local/bin/cornerstore
USER cornerstore
VOLUME /data
ENV CORNERSTORE_STORAGE_DATA_DIR=/data \
    CORNERSTORE_SERVER_LISTEN_ADDRESS=0.0.0.0 \
    CORNERSTORE_SERVER_PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080"]
ENTRYPOINT ["cornerstore"]
CMD ["serve"]
