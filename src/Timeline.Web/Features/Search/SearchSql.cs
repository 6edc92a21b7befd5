using System.Text.Json;

namespace Timeline.Web.Features.Search;

/// <summary>
/// The search's queries in one engine's SQL. Each returns the same columns in the same order, so
/// <see cref="SearchService"/> reads both alike: rank (kind, id, total), events, passages, citations and sources.
/// </summary>
internal sealed record SearchSql(
    string ParameterPrefix, string Rank, string Events, string Passages, string Citations, string Sources,
    Func<SearchQuery, string> Match, Func<List<int>, object> Ids)
{
    /// <summary>SQLite FTS5: MATCH, bm25(), highlight() and snippet(); ids as a JSON array for json_each.</summary>
    public static readonly SearchSql Sqlite = new(
        "$", SearchService.RankSql, SearchService.EventsSql, SearchService.PassagesSql, SearchService.CitationsSql, SearchService.SourcesSql,
        query => query.MatchExpression!, ids => JsonSerializer.Serialize(ids));

    /// <summary>PostgreSQL: the generated tsvector columns (migration Postgres/Search), @@, ts_rank() and ts_headline(); ids as an integer array.</summary>
    public static readonly SearchSql Postgres = new(
        "@", PostgresSql.Rank, PostgresSql.Events, PostgresSql.Passages, PostgresSql.Citations, PostgresSql.Sources,
        query => query.TsQuery!, ids => ids.ToArray());

    private static class PostgresSql
    {
        private const string Query = "to_tsquery('timeline_search', @match)";

        // ts_rank's weights are for the labels {D, C, B, A} the Search migration gave each column, in the proportions of
        // SQLite's bm25 weights (SearchService): event title 10, source title 6, event summary 4, passage 2, source text 1.
        // Normalisation 1 divides by the log of the document's length, as bm25 favours a short document over a long one.
        private const string EventWeights = "'{0, 0.4, 0, 1.0}'";
        private const string PassageWeights = "'{0.2, 0, 0, 0}'";
        private const string SourceWeights = "'{0.1, 0, 0.6, 0}'";

        private const string VisibleTimelines = """
            SELECT "Id" FROM "Timelines" WHERE "IsPublished" AND NOT "IsDeleted" AND (@timeline IS NULL OR "Id" = @timeline)
            """;

        private const string VisibleEvent = """
            e."IsPublished" AND NOT e."IsDeleted" AND e."TimelineId" IN (SELECT "Id" FROM visible_timelines)
            """;

        // The same markers as SQLite's (SearchSnippet), as ts_headline options.
        private static readonly string Marks = $"StartSel={SearchSnippet.MatchStart}, StopSel={SearchSnippet.MatchEnd}";

        public static readonly string Rank = $"""
            WITH visible_timelines AS ({VisibleTimelines}),
            q AS (SELECT {Query} AS query),
            hits("Kind", "Id", "Score") AS (
                SELECT 0, e."Id", ts_rank({EventWeights}, e."SearchVector", q.query, 1) FROM "Events" e, q WHERE e."SearchVector" @@ q.query
                UNION ALL
                SELECT 1, x."Id", ts_rank({PassageWeights}, x."SearchVector", q.query, 1) FROM "Excerpts" x, q WHERE x."SearchVector" @@ q.query
                UNION ALL
                SELECT 2, s."Id", ts_rank({SourceWeights}, s."SearchVector", q.query, 1) FROM "Sources" s, q WHERE s."SearchVector" @@ q.query
            )
            SELECT h."Kind", h."Id", (COUNT(*) OVER ())::integer FROM hits h
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
            ORDER BY h."Score" DESC, h."Kind", h."Id"
            LIMIT @take OFFSET @skip
            """;

        public static readonly string Events = $"""
            SELECT e."Id", e."Slug", e."Start", e."End", e."Qualifier", t."Slug", t."Title",
                {Highlight("e.\"Title\"")}, {Snippet("e.\"Summary\"", 28)}
            FROM "Events" e
            JOIN "Timelines" t ON t."Id" = e."TimelineId", {QueryTable}
            WHERE e."Id" = ANY(@ids)
            """;

        public static readonly string Passages = $"""
            SELECT x."Id", x."SourceId", s."Title", s."Outlet", s."PublishedOn", {Snippet("x.\"Exact\"", 40)}
            FROM "Excerpts" x
            JOIN "Sources" s ON s."Id" = x."SourceId", {QueryTable}
            WHERE x."Id" = ANY(@ids)
            """;

        public static readonly string Citations = $"""
            WITH visible_timelines AS ({VisibleTimelines})
            SELECT l."ExcerptId", e."Slug", e."Title", t."Slug", t."Title"
            FROM "EventExcerpts" l
            JOIN "Events" e ON e."Id" = l."EventId"
            JOIN "Timelines" t ON t."Id" = e."TimelineId"
            WHERE l."ExcerptId" = ANY(@ids) AND {VisibleEvent}
            ORDER BY l."ExcerptId", e."SortKey", e."Id"
            """;

        public static readonly string Sources = $"""
            SELECT s."Id", s."Outlet", s."PublishedOn", {Highlight("s.\"Title\"")}, {Snippet("s.\"Text\"", 32)}
            FROM "Sources" s, {QueryTable}
            WHERE s."Id" = ANY(@ids)
            """;

        private static string QueryTable => $"(SELECT {Query} AS query) q";

        /// <summary>The whole text with every match marked, as FTS5's highlight() gives it.</summary>
        private static string Highlight(string column) =>
            Merge($"ts_headline('timeline_search', {column}, q.query, 'HighlightAll=true, {Marks}')");

        /// <summary>
        /// About <paramref name="words"/> words around the best match, with '…' where the text was cut, as FTS5's snippet()
        /// gives it: ts_headline adds no ellipsis, so the cut is found by comparing the fragment with the text's ends.
        /// </summary>
        private static string Snippet(string column, int words)
        {
            var fragment = Merge($"ts_headline('timeline_search', {column}, q.query, 'MaxFragments=1, MaxWords={words}, MinWords={words / 2}, ShortWord=0, {Marks}')");
            var plain = $"btrim(translate(({fragment}), chr(57344) || chr(57345), ''), E' \\t\\r\\n')";
            var text = $"btrim({column}, E' \\t\\r\\n')";
            return $"""
                CASE WHEN starts_with({text}, {plain}) THEN '' ELSE '…' END || ({fragment})
                    || CASE WHEN right({text}, length({plain})) = {plain} THEN '' ELSE '…' END
                """;
        }

        /// <summary>FTS5 marks matched words that follow each other as one: so are ts_headline's, when only spaces or punctuation part them.</summary>
        private static string Merge(string marked) =>
            $"regexp_replace({marked}, chr(57345) || '([[:space:][:punct:]]*)' || chr(57344), '\\1', 'g')";
    }
}
