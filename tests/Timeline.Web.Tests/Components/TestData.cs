using Timeline.Domain;
using Timeline.Web.Data;
using Timeline.Web.Features.Reading;

namespace Timeline.Web.Tests.Components;

/// <summary>Small builders for view models, so component tests state only what matters to them.</summary>
internal static class TestData
{
    public static SourceRef Source(int id = 1, string outlet = "The Moscow Times", string? url = "https://example.org/a") =>
        new(id, "Wildberries accused", outlet, null, PartialDate.Parse("2025-04-15"), url);

    public static ExcerptView Excerpt(int id = 10, ExcerptRole role = ExcerptRole.Supports, string quote = "A 2017 UN Security Council resolution bans North Korean workers.", AnchorStatus anchor = AnchorStatus.AtPosition, SourceRef? source = null) =>
        new(id, role, quote, "before ", " after", 100, 100 + quote.Length, anchor, source ?? Source());

    public static EventView Event(string start = "2017-09", DateQualifier qualifier = DateQualifier.Exact, string? summary = "The council **bans** new work permits.", params ExcerptView[] excerpts) =>
        new(1, "un-resolution-2375", "UN Security Council adopts Resolution 2375", summary ?? "", MarkdownRenderer.ToHtml(summary),
            PartialDate.Parse(start, qualifier), null,
            [new NamedRef("sanctions", "sanctions")], [new NamedRef("UN Security Council", "un-security-council")],
            excerpts.Length > 0 ? excerpts : [Excerpt()]);
}
