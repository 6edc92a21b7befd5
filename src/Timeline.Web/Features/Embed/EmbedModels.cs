using Timeline.Web.Features.Reading;

namespace Timeline.Web.Features.Embed;

/// <summary>What the timeline embed shows: the timeline, the events selected from it, and the options set aside.</summary>
public sealed record EmbedTimelineModel(TimelineView Timeline, EmbedSelection Selection, IReadOnlyList<QueryProblem> Problems);

/// <summary>What the single-event embed shows: the event with its timeline, and the options set aside.</summary>
public sealed record EmbedEventModel(EventPageView Page, EmbedQuery Query, IReadOnlyList<QueryProblem> Problems);

/// <summary>Why an embed has nothing to show: no published timeline, or no published event, of that name.</summary>
public sealed record EmbedNotFoundModel(EmbedQuery Query, bool IsEvent);

/// <summary>A step of the embed's story: the event with its neighbours and the axis, the options, and those set aside.</summary>
public sealed record EmbedStoryModel(EventPageView Step, EmbedQuery Query, IReadOnlyList<QueryProblem> Problems);
