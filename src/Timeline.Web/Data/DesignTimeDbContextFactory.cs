using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Timeline.Web.Data;

/// <summary>Lets `dotnet ef` build the model without starting the app (which would migrate and seed).</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<TimelineDbContext>
{
    public TimelineDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<TimelineDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>The same for the PostgreSQL migrations (`--context PostgresTimelineDbContext`); adding one connects to no server.</summary>
internal sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresTimelineDbContext>
{
    public PostgresTimelineDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresTimelineDbContext>().UseNpgsql("Host=localhost;Database=timeline_design").Options);
}
