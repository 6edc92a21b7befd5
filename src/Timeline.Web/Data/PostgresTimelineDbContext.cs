using Microsoft.EntityFrameworkCore;

namespace Timeline.Web.Data;

/// <summary>
/// The same model on PostgreSQL. EF Core scaffolds migrations for one provider at a time and picks a migration set by
/// context type, so each provider keeps its own set: SQLite's in Data/Migrations, PostgreSQL's in
/// Data/Migrations/Postgres (see scripts/add-migration).
/// </summary>
public sealed class PostgresTimelineDbContext(DbContextOptions<PostgresTimelineDbContext> options) : TimelineDbContext(options);
