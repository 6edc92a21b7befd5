using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Timeline.Web.Data.Configurations;

internal sealed class TimelineConfiguration : IEntityTypeConfiguration<TimelineEntity>
{
    public void Configure(EntityTypeBuilder<TimelineEntity> builder)
    {
        builder.ToTable("Timelines");
        builder.HasQueryFilter(t => !t.IsDeleted);
        builder.Property(t => t.Slug).HasMaxLength(Limits.Slug);
        builder.HasIndex(t => t.Slug).IsUnique();
        builder.Property(t => t.Title).HasMaxLength(Limits.Title);
        builder.Property(t => t.Description).HasMaxLength(Limits.Markdown);
        builder.Property(t => t.Version).IsConcurrencyToken();
    }
}

internal sealed class TimelineEraConfiguration : IEntityTypeConfiguration<TimelineEra>
{
    public void Configure(EntityTypeBuilder<TimelineEra> builder)
    {
        builder.ToTable("TimelineEras");
        builder.HasOne(e => e.Timeline).WithMany(t => t.Eras).HasForeignKey(e => e.TimelineId).OnDelete(DeleteBehavior.Cascade);
        builder.HasQueryFilter(e => !e.Timeline.IsDeleted);
        builder.Property(e => e.Name).HasMaxLength(TimelineEra.MaxNameLength);
        builder.Property(e => e.Start).HasMaxLength(10);
        builder.Property(e => e.End).HasMaxLength(10);
        builder.HasIndex(e => e.TimelineId);
    }
}

internal sealed class EventConfiguration : IEntityTypeConfiguration<Event>
{
    public void Configure(EntityTypeBuilder<Event> builder)
    {
        builder.HasQueryFilter(e => !e.IsDeleted);
        builder.Property(e => e.Slug).HasMaxLength(Limits.Slug);
        builder.HasIndex(e => new { e.TimelineId, e.Slug }).IsUnique();
        builder.HasIndex(e => new { e.TimelineId, e.SortKey });
        // Covers what readers' date ranges and the axis ask of a timeline's published events: counts and slices by day
        // are read from the index alone, without a lookup per event.
        builder.HasIndex(e => new { e.TimelineId, e.IsPublished, e.IsDeleted, e.LastDay, e.FirstDay });
        builder.Property(e => e.Title).HasMaxLength(Limits.Title);
        builder.Property(e => e.Summary).HasMaxLength(Limits.Markdown);
        builder.Property(e => e.Start).HasMaxLength(10);
        builder.Property(e => e.End).HasMaxLength(10);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.Ignore(e => e.StartDate);
        builder.Ignore(e => e.EndDate);
        builder.HasOne(e => e.Timeline).WithMany(t => t.Events).HasForeignKey(e => e.TimelineId);
        builder.HasMany(e => e.Tags).WithMany(t => t.Events).UsingEntity("EventTags");
        builder.HasMany(e => e.Actors).WithMany(a => a.Events).UsingEntity("EventActors");
        builder.HasOne(e => e.MediaImage).WithMany().HasForeignKey(e => e.MediaImageId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(e => e.MediaUrl).HasMaxLength(Limits.Url);
        builder.Property(e => e.MediaAlt).HasMaxLength(Limits.MediaText);
        builder.Property(e => e.MediaCaption).HasMaxLength(Limits.MediaText);
        builder.Property(e => e.MediaCredit).HasMaxLength(Limits.MediaText);
    }
}

internal sealed class MediaImageConfiguration : IEntityTypeConfiguration<MediaImage>
{
    public void Configure(EntityTypeBuilder<MediaImage> builder) => builder.ToTable("MediaImages");
}

internal sealed class MediaRenditionConfiguration : IEntityTypeConfiguration<MediaRendition>
{
    public void Configure(EntityTypeBuilder<MediaRendition> builder)
    {
        builder.ToTable("MediaRenditions");
        builder.HasOne(r => r.Image).WithMany(i => i.Renditions).HasForeignKey(r => r.ImageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.ImageId, r.Width }).IsUnique();
        builder.Property(r => r.ContentType).HasMaxLength(32);
    }
}

internal sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(Limits.Name);
        builder.Property(t => t.Slug).HasMaxLength(Limits.Slug);
        builder.HasIndex(t => t.Slug).IsUnique();
        builder.HasIndex(t => t.Name).IsUnique();
    }
}

internal sealed class ActorConfiguration : IEntityTypeConfiguration<Actor>
{
    public void Configure(EntityTypeBuilder<Actor> builder)
    {
        builder.Property(a => a.Name).HasMaxLength(Limits.Name);
        builder.Property(a => a.Slug).HasMaxLength(Limits.Slug);
        builder.HasIndex(a => a.Slug).IsUnique();
        builder.HasIndex(a => a.Name).IsUnique();
    }
}

internal sealed class SourceConfiguration : IEntityTypeConfiguration<Source>
{
    public void Configure(EntityTypeBuilder<Source> builder)
    {
        builder.HasQueryFilter(s => !s.IsDeleted);
        builder.Property(s => s.Title).HasMaxLength(Limits.Title);
        builder.Property(s => s.Outlet).HasMaxLength(Limits.Name);
        builder.Property(s => s.Author).HasMaxLength(Limits.Name);
        builder.Property(s => s.PublishedOn).HasMaxLength(10);
        builder.Property(s => s.Url).HasMaxLength(Limits.Url);
        builder.Property(s => s.Language).HasMaxLength(16);
        builder.Property(s => s.Provenance).HasMaxLength(Limits.Provenance);
        builder.Property(s => s.Text).HasMaxLength(Limits.SourceText);
        builder.Property(s => s.Version).IsConcurrencyToken();
    }
}

internal sealed class ExcerptConfiguration : IEntityTypeConfiguration<Excerpt>
{
    public void Configure(EntityTypeBuilder<Excerpt> builder)
    {
        // Matches the source's soft-delete filter: an excerpt goes with its source.
        builder.HasQueryFilter(x => !x.Source.IsDeleted);
        builder.Property(x => x.Exact).HasMaxLength(Limits.Quote);
        builder.Property(x => x.Prefix).HasMaxLength(64);
        builder.Property(x => x.Suffix).HasMaxLength(64);
        builder.HasOne(x => x.Source).WithMany(s => s.Excerpts).HasForeignKey(x => x.SourceId);
    }
}

internal sealed class EventExcerptConfiguration : IEntityTypeConfiguration<EventExcerpt>
{
    public void Configure(EntityTypeBuilder<EventExcerpt> builder)
    {
        // Matches the event's and the source's soft-delete filters.
        builder.HasQueryFilter(x => !x.Event.IsDeleted && !x.Excerpt.Source.IsDeleted);
        builder.HasKey(x => new { x.EventId, x.ExcerptId });
        builder.HasOne(x => x.Event).WithMany(e => e.Excerpts).HasForeignKey(x => x.EventId);
        builder.HasOne(x => x.Excerpt).WithMany(x => x.Events).HasForeignKey(x => x.ExcerptId);
        builder.Property(x => x.Note).HasMaxLength(Limits.DisputeNote);
    }
}

internal sealed class RevisionConfiguration : IEntityTypeConfiguration<Revision>
{
    public void Configure(EntityTypeBuilder<Revision> builder)
    {
        builder.HasIndex(r => new { r.Subject, r.SubjectId, r.At });
        builder.HasIndex(r => r.At);
        builder.Property(r => r.Summary).HasMaxLength(400);
        builder.Property(r => r.UserName).HasMaxLength(256);
    }
}

internal sealed class EditorSessionConfiguration : IEntityTypeConfiguration<EditorSession>
{
    public void Configure(EntityTypeBuilder<EditorSession> builder)
    {
        builder.ToTable("EditorSessions");
        builder.Property(s => s.Id).HasMaxLength(36);
        builder.Property(s => s.UserId).HasMaxLength(450);
        builder.HasIndex(s => s.UserId);
    }
}

internal sealed class EditorUserConfiguration : IEntityTypeConfiguration<EditorUser>
{
    public void Configure(EntityTypeBuilder<EditorUser> builder) => builder.Property(u => u.DisplayName).HasMaxLength(Limits.Name);
}

internal sealed class FormerTimelineSlugConfiguration : IEntityTypeConfiguration<FormerTimelineSlug>
{
    public void Configure(EntityTypeBuilder<FormerTimelineSlug> builder)
    {
        builder.ToTable("FormerTimelineSlugs");
        builder.HasOne(s => s.Timeline).WithMany().HasForeignKey(s => s.TimelineId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.Slug).HasMaxLength(Limits.Slug);
        builder.HasIndex(s => s.Slug).IsUnique();
        builder.HasIndex(s => s.TimelineId);
    }
}

internal sealed class FormerEventSlugConfiguration : IEntityTypeConfiguration<FormerEventSlug>
{
    public void Configure(EntityTypeBuilder<FormerEventSlug> builder)
    {
        builder.ToTable("FormerEventSlugs");
        builder.HasOne(s => s.Event).WithMany().HasForeignKey(s => s.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.Slug).HasMaxLength(Limits.Slug);
        builder.HasIndex(s => new { s.TimelineId, s.Slug }).IsUnique();
        builder.HasIndex(s => s.EventId);
    }
}

internal sealed class EventNoticeConfiguration : IEntityTypeConfiguration<EventNotice>
{
    public void Configure(EntityTypeBuilder<EventNotice> builder)
    {
        builder.ToTable("EventNotices");
        builder.HasOne(n => n.Event).WithMany(e => e.Notices).HasForeignKey(n => n.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasQueryFilter(n => !n.Event.IsDeleted);
        builder.Property(n => n.Note).HasMaxLength(EventNotice.MaxNoteLength);
        builder.Property(n => n.UserName).HasMaxLength(256);
        // Notices are added in time order, so their ids order them (SQLite cannot order by a DateTimeOffset).
        builder.HasIndex(n => n.EventId);
    }
}

internal sealed class AccountEventConfiguration : IEntityTypeConfiguration<AccountEvent>
{
    public void Configure(EntityTypeBuilder<AccountEvent> builder)
    {
        builder.ToTable("AccountEvents");
        builder.Property(a => a.ActorName).HasMaxLength(256);
        builder.Property(a => a.SubjectEmail).HasMaxLength(256);
        builder.Property(a => a.Action).HasMaxLength(300);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.ToTable("ApiTokens");
        // Removing an account removes its tokens with it, in the same statement.
        builder.HasOne<EditorUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(t => t.UserId).HasMaxLength(450);
        builder.Property(t => t.Name).HasMaxLength(ApiToken.MaxNameLength);
        builder.Property(t => t.Prefix).HasMaxLength(ApiToken.PrefixLength);
        builder.Property(t => t.SecretHash).HasMaxLength(32);
        // Each request finds its token by the prefix, then compares the hash in constant time.
        builder.HasIndex(t => t.Prefix);
        builder.HasIndex(t => t.UserId);
    }
}
