using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Timeline.Web.Data;

/// <summary>
/// The application's unit of work over the database. On SQLite it is this type; on PostgreSQL the derived
/// <see cref="PostgresTimelineDbContext"/>, whose only difference is the type that selects its own migrations.
/// </summary>
public class TimelineDbContext : IdentityDbContext<EditorUser>, IDataProtectionKeyContext
{
    public TimelineDbContext(DbContextOptions<TimelineDbContext> options)
        : base(options)
    {
    }

    protected TimelineDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<TimelineEntity> Timelines => Set<TimelineEntity>();
    public DbSet<Event> Events => Set<Event>();
    public DbSet<TimelineEra> Eras => Set<TimelineEra>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<Actor> Actors => Set<Actor>();
    public DbSet<Source> Sources => Set<Source>();
    public DbSet<Excerpt> Excerpts => Set<Excerpt>();
    public DbSet<EventExcerpt> EventExcerpts => Set<EventExcerpt>();
    public DbSet<Revision> Revisions => Set<Revision>();
    public DbSet<MediaImage> MediaImages => Set<MediaImage>();
    public DbSet<EditorSession> EditorSessions => Set<EditorSession>();
    public DbSet<MediaRendition> MediaRenditions => Set<MediaRendition>();
    public DbSet<FormerTimelineSlug> FormerTimelineSlugs => Set<FormerTimelineSlug>();
    public DbSet<FormerEventSlug> FormerEventSlugs => Set<FormerEventSlug>();
    public DbSet<EventNotice> EventNotices => Set<EventNotice>();
    public DbSet<AccountEvent> AccountEvents => Set<AccountEvent>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    /// <summary>Data-protection keys live with the data, so sign-in cookies survive restarts and work across app instances.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(TimelineDbContext).Assembly);
    }

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        // A former slug's timeline or event may be soft-deleted (it then answers 410), and EF warns at every start that
        // a query joining them would drop such rows. Every query that reads former slugs with their item says
        // IgnoreQueryFilters (Permalinks, SlugRecords); the others never join them.
        optionsBuilder.ConfigureWarnings(warnings => warnings.Ignore(CoreEventId.PossibleIncorrectRequiredNavigationWithQueryFilterInteractionWarning));
        base.OnConfiguring(optionsBuilder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // Enums are stored by name so the database reads well and survives reordering.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(16);
        base.ConfigureConventions(configurationBuilder);
    }
}
