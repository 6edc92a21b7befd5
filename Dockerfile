# Multi-stage build of the Timeline web app. The SQLite database lives on a volume at /data.
# tests/dockerfile-check reproduces the build stage's COPY and RUN lines and checks the published app.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# The analyzer settings (.editorconfig) take part in the build: without them warnings-as-errors fails it.
COPY .editorconfig Directory.Build.props Directory.Packages.props Timeline.sln ./
COPY src/Timeline.Domain/Timeline.Domain.csproj src/Timeline.Domain/
COPY src/Timeline.Web/Timeline.Web.csproj src/Timeline.Web/
# Restored before the sources are copied so that the layer is reused; the web project sets
# RequiresAspNetWebAssets so that this restore still brings in the framework's blazor.web.js.
RUN dotnet restore src/Timeline.Web/Timeline.Web.csproj
COPY src/ src/
COPY wwwroot-assets/ wwwroot-assets/
RUN dotnet publish src/Timeline.Web/Timeline.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /data && chown app:app /data
COPY --from=build /app ./
# The base image listens on port 8080 (ASPNETCORE_HTTP_PORTS) as the non-root user app.
ENV ConnectionStrings__Timeline="Data Source=/data/timeline.db"
VOLUME ["/data"]
EXPOSE 8080
USER app
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD curl -fsS http://localhost:8080/healthz || exit 1
ENTRYPOINT ["dotnet", "Timeline.Web.dll"]
