# The RetroGrid agent (retrogrid-agent), for compose and for backing up folders mounted into a container
# (deploy/README.md). Workstations run the agent as a service instead (docs/install.md).
#
#   docker build -f deploy/docker/agent.Dockerfile -t retrogrid/agent .               (from the repository root)
#   docker run --rm -v retrogrid-agent:/var/lib/retrogrid-agent retrogrid/agent enroll --controller https://backup.example.org:7443/ \
#     --token <token> --ca-sha256 <hash> --state-dir /var/lib/retrogrid-agent
#   docker run -d -v retrogrid-agent:/var/lib/retrogrid-agent -v /srv/data:/backup/data:ro retrogrid/agent
#
# It runs as a non-root user, so it backs up what that user may read: mount the folders to back up read-only, readable
# by it (the systemd unit instead grants CAP_DAC_READ_SEARCH to read everything on a host).
# Base images are build arguments: a .NET 10 image that defines APP_UID (the official ones do, with the user "app").
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime:10.0

FROM ${SDK_IMAGE} AS build
WORKDIR /src
COPY . .
# Framework-dependent and without a runtime identifier, so one Dockerfile serves every architecture (without the
# ReadyToRun start-up code a per-platform publish would add, see the project file).
RUN --mount=type=cache,id=retrogrid-nuget,target=/root/.nuget/packages \
    dotnet publish src/RetroGrid.Agent/RetroGrid.Agent.csproj -c Release -o /out/agent -p:UseAppHost=false

FROM ${RUNTIME_IMAGE}
COPY --from=build /out/agent/ /opt/retrogrid/agent/
# The identity volume's mount point owned by the non-root user, so a fresh volume starts out writable by it.
RUN mkdir -p /var/lib/retrogrid-agent \
 && chown "$APP_UID:$APP_UID" /var/lib/retrogrid-agent
USER $APP_UID
WORKDIR /opt/retrogrid/agent
VOLUME /var/lib/retrogrid-agent
ENTRYPOINT ["dotnet", "/opt/retrogrid/agent/retrogrid-agent.dll"]
CMD ["run", "--state-dir", "/var/lib/retrogrid-agent"]
