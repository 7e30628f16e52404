# The Dropbox emulator (RetroGrid.Dropbox.Emulator), for the compose stack and demos (deploy/README.md).
#
#   docker build -f deploy/docker/emulator.Dockerfile -t retrogrid/dropbox-emulator .  (from the repository root)
#
# The emulator listens on 127.0.0.1 only (its --port), so other containers reach it only from inside its network
# namespace: compose runs the controller and the agent in it (network_mode: service:emulator).
# Base images are build arguments: a .NET 10 image that defines APP_UID (the official ones do, with the user "app"),
# on Debian or Ubuntu (curl is installed for the health check).
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM ${SDK_IMAGE} AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,id=retrogrid-nuget,target=/root/.nuget/packages \
    dotnet publish src/RetroGrid.Dropbox.Emulator/RetroGrid.Dropbox.Emulator.csproj -c Release -o /out/emulator -p:UseAppHost=false

FROM ${RUNTIME_IMAGE}
# curl: the health check below, and fetching /oauth2/authorize from inside the namespace to link a set (README).
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/retrogrid-emulator \
 && chown "$APP_UID:$APP_UID" /var/lib/retrogrid-emulator
COPY --from=build /out/emulator/ /opt/retrogrid/emulator/
# The emulator binds its own endpoint (--port); the image's default HTTP port would only earn a warning.
ENV ASPNETCORE_HTTP_PORTS=
USER $APP_UID
WORKDIR /opt/retrogrid/emulator
VOLUME /var/lib/retrogrid-emulator
HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=12 \
    CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/__emulator/health"]
ENTRYPOINT ["dotnet", "/opt/retrogrid/emulator/RetroGrid.Dropbox.Emulator.dll"]
CMD ["--port", "8080", "--data-dir", "/var/lib/retrogrid-emulator"]
