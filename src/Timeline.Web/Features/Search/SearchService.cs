using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Timeline.Domain;
using Timeline.Web.Data;
using Timeline.Web.Features.Reading;

namespace Timeline.Web.Features.Search;

/// <summary>
/// Full-text search over what readers may see: published events of published timelines, the passages they cite and
/// the sources of those passages. The full-text indexes (FTS5 on SQLite, tsvector columns on PostgreSQL: see each
/// provider's Search migration) hold every row; visibility is decided here, against the live flags, so a draft, an
/// unpublished timeline or an item in the trash is never found. Both engines answer the same four queries (rank, then
/// events, passages and sources of the page), written once per engine in <see cref="SearchSql"/>.
/// </summary>
public sealed class SearchService(IDbContextFactory<TimelineDbContext> dbFactory)
{
    public const int PageSize = 20;

    // bm25 weights: a word in an event's title counts most, then a source's title, an event's summary, a quoted
    // passage, and last a source's full text, which is long and mentions most things in passing.
    private const string EventTitleWeight = "10.0";
    private const string SourceTitleWeight = "6.0";
    private const string EventSummaryWeight = "4.0";
    private const string PassageWeight = "2.0";
    private const string SourceTextWeight = "1.0";

    private const string Start = SearchSnippet.MatchStartSql;
    private const string End = SearchSnippet.MatchEndSql;

    /// <summary>Timelines readers may see, optionally only one.</summary>
    private const string VisibleTimelines = """
        SELECT "Id" FROM "Timelines" WHERE "IsPublished" AND NOT "IsDeleted" AND ($timeline IS NULL OR "Id" = $timeline)
        """;

    private const string VisibleEvent = """
        e."IsPublished" AND NOT e."IsDeleted" AND e."TimelineId" IN (SELECT "Id" FROM visible_timelines)
        """;

    internal static readonly string RankSql = $"""
        WITH visible_timelines AS ({VisibleTimelines}),
        hits("Kind", "Id", "Score") AS (
            SELECT 0, rowid, bm25("SearchEvents", {EventTitleWeight}, {EventSummaryWeight}) FROM "SearchEvents" WHERE "SearchEvents" MATCH $match
            UNION ALL
            SELECT 1, rowid, bm25("SearchExcerpts", {PassageWeight}) FROM "SearchExcerpts" WHERE "SearchExcerpts" MATCH $match
            UNION ALL
            SELECT 2, rowid, bm25("SearchSources", {SourceTitleWeight}, {SourceTextWeight}) FROM "SearchSources" WHERE "SearchSources" MATCH $match
        )
        SELECT h."Kind", h."Id", COUNT(*) OVER () FROM hits h
        WHERE CASE h."Kind"
            WHEN 0 THEN EXISTS (SELECT 1 FROM "Events" e WHERE e."Id" = h."Id" AND {VisibleEvent})
            WHEN 1 THEN EXISTS (
                SELECT 1 FROM "EventExcerpts" l
                JOIN "Events" e ON e."Id" = l."EventId"
                JOIN "Excerpts" x ON x."Id" = l."ExcerptId"
                JOIN "Sources" s ON s."Id" = x."SourceId"
                WHERE l."ExcerptId" = h."Id" AND NOT s."IsDeleted" AND {VisibleEvent})
            ELSE EXISTS (SELECT 1 FROM "Sources" s WHERE s."Id" = h."Id" AND NOT s."IsDeleted")
                AND EXISTS (
                    SELECT 1 FROM "Excerpts" x
                    JOIN "EventExcerpts" l ON l."ExcerptId" = x."Id"
                    JOIN "Events" e ON e."Id" = l."EventId"
                    WHERE x."SourceId" = h."Id" AND {VisibleEvent})
        END
        ORDER BY h."Score", h."Kind", h."Id"
        LIMIT $take OFFSET $skip
        """;

    internal static readonly string EventsSql = $"""
        SELECT e."Id", e."Slug", e."Start", e."End", e."Qualifier", t."Slug", t."Title",
            highlight("SearchEvents", 0, {Start}, {End}),
            snippet("SearchEvents", 1, {Start}, {End}, '…', 28)
        FROM "SearchEvents"
        JOIN "Events" e ON e."Id" = "SearchEvents".rowid
        JOIN "Timelines" t ON t."Id" = e."TimelineId"
        WHERE "SearchEvents" MATCH $match AND "SearchEvents".rowid IN (SELECT value FROM json_each($ids))
        """;

    internal static readonly string PassagesSql = $"""
        SELECT x."Id", x."SourceId", s."Title", s."Outlet", s."PublishedOn",
            snippet("SearchExcerpts", 0, {Start}, {End}, '…', 40)
        FROM "SearchExcerpts"
        JOIN "Excerpts" x ON x."Id" = "SearchExcerpts".rowid
        JOIN "Sources" s ON s."Id" = x."SourceId"
        WHERE "SearchExcerpts" MATCH $match AND "SearchExcerpts".rowid IN (SELECT value FROM json_each($ids))
        """;

    internal static readonly string CitationsSql = $"""
        WITH visible_timelines AS ({VisibleTimelines})
        SELECT l."ExcerptId", e."Slug", e."Title", t."Slug", t."Title"
        FROM "EventExcerpts" l
        JOIN "Events" e ON e."Id" = l."EventId"
        JOIN "Timelines" t ON t."Id" = e."TimelineId"
        WHERE l."ExcerptId" IN (SELECT value FROM json_each($ids)) AND {VisibleEvent}
        ORDER BY l."ExcerptId", e."SortKey", e."Id"
        """;

    internal static readonly string SourcesSql = $"""
        SELECT s."Id", s."Outlet", s."PublishedOn",
            highlight("SearchSources", 0, {Start}, {End}),
            snippet("SearchSources", 1, {Start}, {End}, '…', 32)
        FROM "SearchSources"
        JOIN "Sources" s ON s."Id" = "SearchSources".rowid
        WHERE "SearchSources" MATCH $match AND "SearchSources".rowid IN (SELECT value FROM json_each($ids))
        """;

    /// <summary>The published timeline a search may be limited to, or null when there is none by that slug.</summary>
    public async Task<SearchScope?> FindScopeAsync(string slug, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Timelines.AsNoTracking()
            .Where(t => t.Slug == slug && t.IsPublished)
            .Select(t => new SearchScope(t.Id, t.Slug, t.Title))
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>One page (from 1) of results, best first; the page is brought within range when the query has fewer.</summary>
    public async Task<SearchResults> SearchAsync(SearchQuery query, SearchScope? scope, int page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        page = Math.Max(1, page);
        if (query.MatchExpression is not { } match)
        {
            return new SearchResults(query, 0, 1, PageSize, [], scope);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        var sql = connection is SqliteConnection ? SearchSql.Sqlite : SearchSql.Postgres;
        match = sql.Match(query);
        await connection.OpenAsync(cancellationToken);
        if (connection is SqliteConnection)
        {
            await using var pragma = connection.CreateCommand();
            // A common word's search reads thousands of scattered pages of the FTS indexes and of the tables they point
            // to; reading them through a memory map instead of a system call each took about a tenth off its time.
            // Pooled connections keep the setting.
            pragma.CommandText = "PRAGMA mmap_size = 268435456";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        var search = new Run(connection, sql, match, query);
        var (ranked, total) = await RankAsync(search, scope?.Id, page, cancellationToken);
        if (ranked.Count == 0 && total == 0 && page > 1)
        {
            // Past the last page: show the last one rather than an empty page.
            (ranked, total) = await RankAsync(search, scope?.Id, 1, cancellationToken);
            page = Math.Max(1, (total + PageSize - 1) / PageSize);
            if (page > 1)
            {
                (ranked, total) = await RankAsync(search, scope?.Id, page, cancellationToken);
            }
        }

        var hits = new Dictionary<(SearchHitKind, int), SearchHit>();
        await AddEventsAsync(search, Ids(ranked, SearchHitKind.Event), hits, cancellationToken);
        await AddPassagesAsync(search, Ids(ranked, SearchHitKind.Passage), scope?.Id, hits, cancellationToken);
        await AddSourcesAsync(search, Ids(ranked, SearchHitKind.Source), hits, cancellationToken);
        return new SearchResults(query, total, page, PageSize, [.. ranked.Where(hits.ContainsKey).Select(key => hits[key])], scope);
    }

    private static async Task<(List<(SearchHitKind Kind, int Id)> Ranked, int Total)> RankAsync(
        Run search, int? timelineId, int page, CancellationToken cancellationToken)
    {
        await using var command = search.Command(search.Sql.Rank, withMatch: true);
        search.Add(command, "timeline", timelineId);
        search.Add(command, "take", PageSize);
        search.Add(command, "skip", (page - 1) * PageSize);
        var ranked = new List<(SearchHitKind, int)>(PageSize);
        var total = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ranked.Add(((SearchHitKind)reader.GetInt32(0), reader.GetInt32(1)));
            total = reader.GetInt32(2);
        }

        return (ranked, total);
    }

    private static async Task AddEventsAsync(Run search, List<int> ids, Dictionary<(SearchHitKind, int), SearchHit> hits, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var command = search.Command(search.Sql.Events, withMatch: true, ids);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var title = search.Marked(reader.GetString(7));
            var start = PartialDate.Parse(reader.GetString(2), Enum.Parse<DateQualifier>(reader.GetString(4)));
            // Summaries are Markdown: the snippet is shown as the text a reader would read, without its markup.
            var summary = MarkdownRenderer.ToPlainText(search.Marked(reader.GetString(8)));
            hits[(SearchHitKind.Event, reader.GetInt32(0))] = new SearchHit(
                SearchHitKind.Event, SearchSnippet.ToPlainText(title), SearchSnippet.ToHtml(title),
                Links.Event(reader.GetString(5), reader.GetString(1)), start, null, SearchSnippet.ToHtml(summary),
                reader.GetString(6), null, 0);
        }
    }

    private static async Task AddPassagesAsync(
        Run search, List<int> ids, int? timelineId, Dictionary<(SearchHitKind, int), SearchHit> hits, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var citations = new Dictionary<int, List<SearchEventLink>>();
        await using (var command = search.Command(search.Sql.Citations, withMatch: false, ids))
        {
            search.Add(command, "timeline", timelineId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var excerptId = reader.GetInt32(0);
                if (!citations.TryGetValue(excerptId, out var links))
                {
                    citations[excerptId] = links = [];
                }

                links.Add(new SearchEventLink(reader.GetString(2), Links.Event(reader.GetString(3), reader.GetString(1)), reader.GetString(4)));
            }
        }

        await using (var command = search.Command(search.Sql.Passages, withMatch: true, ids))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var excerptId = reader.GetInt32(0);
                var title = reader.GetString(2);
                var citedBy = citations.GetValueOrDefault(excerptId) ?? [];
                hits[(SearchHitKind.Passage, excerptId)] = new SearchHit(
                    SearchHitKind.Passage, title, SearchSnippet.ToHtml(title), Links.Passage(reader.GetInt32(1), excerptId),
                    ParseOptional(reader, 4), reader.GetString(3), SearchSnippet.ToHtml(search.Marked(reader.GetString(5))),
                    citedBy.FirstOrDefault()?.TimelineTitle, citedBy.FirstOrDefault(), Math.Max(0, citedBy.Count - 1));
            }
        }
    }

    private static async Task AddSourcesAsync(Run search, List<int> ids, Dictionary<(SearchHitKind, int), SearchHit> hits, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var command = search.Command(search.Sql.Sources, withMatch: true, ids);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var title = search.Marked(reader.GetString(3));
            hits[(SearchHitKind.Source, reader.GetInt32(0))] = new SearchHit(
                SearchHitKind.Source, SearchSnippet.ToPlainText(title), SearchSnippet.ToHtml(title), Links.Source(reader.GetInt32(0)),
                ParseOptional(reader, 2), reader.GetString(1), SearchSnippet.ToHtml(search.Marked(reader.GetString(4))), null, null, 0);
        }
    }

    /// <summary>One search on one open connection, in the SQL of its engine.</summary>
    private sealed record Run(DbConnection Connection, SearchSql Sql, string Match, SearchQuery Query)
    {
        /// <summary>The marked text as FTS5 marks it: on PostgreSQL, only whole phrases.</summary>
        public string Marked(string marked) => ReferenceEquals(Sql, SearchSql.Sqlite) ? marked : SearchSnippet.KeepWholeTerms(marked, Query);

        public DbCommand Command(string sql, bool withMatch, List<int>? ids = null)
        {
            var command = Connection.CreateCommand();
            command.CommandText = sql;
            if (withMatch)
            {
                Add(command, "match", Match);
            }

            if (ids is not null)
            {
                Add(command, "ids", Sql.Ids(ids));
            }

            return command;
        }

        public void Add(DbCommand command, string name, object? value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = Sql.ParameterPrefix + name;
            parameter.Value = value ?? DBNull.Value;
            if (value is null or int)
            {
                // A null timeline still needs its type on PostgreSQL.
                parameter.DbType = System.Data.DbType.Int32;
            }

            command.Parameters.Add(parameter);
        }
    }

    private static List<int> Ids(List<(SearchHitKind Kind, int Id)> ranked, SearchHitKind kind) =>
        [.. ranked.Where(r => r.Kind == kind).Select(r => r.Id)];

    private static PartialDate? ParseOptional(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : PartialDate.Parse(reader.GetString(ordinal));
}
