# The RetroGrid controller (retrogrid-controller) with rgctl beside it, for compose and Kubernetes (deploy/README.md).
#
#   docker build -f deploy/docker/controller.Dockerfile -t retrogrid/controller .      (from the repository root)
#   docker run --rm -v retrogrid:/var/lib/retrogrid retrogrid/controller init --data-dir /var/lib/retrogrid/data --host backup.example.org
#   docker run -d -v retrogrid:/var/lib/retrogrid -p 7443:7443 -e Dropbox__AppKey=<your Dropbox app key> retrogrid/controller
#   docker exec <container> rgctl --data-dir /var/lib/retrogrid/data status
#
# The data directory is /var/lib/retrogrid/data, one level below the volume: `init` makes it owner-only (0700), and the
# volume's top stays free for what others may read (compose copies the CA certificate there for Prometheus).
# Base images are build arguments: a .NET 10 image that defines APP_UID (the official ones do, with the user "app").
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM ${SDK_IMAGE} AS build
WORKDIR /src
COPY . .
# The repository's own build (warnings are errors); framework-dependent, so one Dockerfile serves every architecture.
RUN --mount=type=cache,id=retrogrid-nuget,target=/root/.nuget/packages \
    dotnet publish src/RetroGrid.Controller/RetroGrid.Controller.csproj -c Release -o /out/controller -p:UseAppHost=false \
 && dotnet publish src/RetroGrid.Rgctl/RetroGrid.Rgctl.csproj -c Release -o /out/rgctl -p:UseAppHost=false

FROM ${RUNTIME_IMAGE}
COPY --from=build /out/controller/ /opt/retrogrid/controller/
COPY --from=build /out/rgctl/ /opt/retrogrid/rgctl/
# rgctl on the PATH, for `docker exec` and `kubectl exec`; the volume's mount point owned by the non-root user, so a
# fresh volume starts out writable by it.
RUN printf '#!/bin/sh\nexec dotnet /opt/retrogrid/rgctl/rgctl.dll "$@"\n' > /usr/local/bin/rgctl \
 && chmod 0755 /usr/local/bin/rgctl \
 && mkdir -p /var/lib/retrogrid \
 && chown "$APP_UID:$APP_UID" /var/lib/retrogrid
# The controller binds its own TLS endpoint (--listen, --port); the image's default HTTP port would only earn a warning.
ENV ASPNETCORE_HTTP_PORTS=
USER $APP_UID
WORKDIR /opt/retrogrid/controller
VOLUME /var/lib/retrogrid
EXPOSE 7443
ENTRYPOINT ["dotnet", "/opt/retrogrid/controller/retrogrid-controller.dll"]
CMD ["run", "--data-dir", "/var/lib/retrogrid/data", "--listen", "0.0.0.0"]
