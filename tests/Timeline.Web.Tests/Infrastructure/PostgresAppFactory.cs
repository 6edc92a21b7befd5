using Timeline.Web.Data;

namespace Timeline.Web.Tests.Infrastructure;

/// <summary>The real app on a database of its own on the run's real PostgreSQL server (<see cref="PostgresServer"/>).</summary>
public sealed class PostgresAppFactory : TimelineAppFactory
{
    public PostgresAppFactory() => Provider = DatabaseProvider.Postgres;
}
