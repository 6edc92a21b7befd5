using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Features.Editing;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Newsroom;

/// <summary>
/// schema.org JSON-LD on the timeline and event pages: the right types, only properties schema.org defines for them
/// (listed here from schema.org's type definitions), the articles as NewsArticle, and no text able to close the script.
/// </summary>
public sealed partial class StructuredDataTests : IDisposable
{
    private const string Slug = "north-korean-workers-in-russia";

    // Properties schema.org defines for each type used (its own and those it inherits from Thing or CreativeWork).
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["ItemList"] = ["@context", "@type", "name", "description", "url", "numberOfItems", "itemListElement"],
        ["ListItem"] = ["@type", "position", "url", "name"],
        ["Event"] = ["@context", "@type", "name", "description", "startDate", "endDate", "url", "subjectOf"],
        ["NewsArticle"] = ["@type", "headline", "publisher", "author", "datePublished", "url"],
        ["Organization"] = ["@type", "name"],
        ["Person"] = ["@type", "name"],
    };

    private readonly TimelineAppFactory app = new();

    public void Dispose() => app.Dispose();

    [GeneratedRegex("<script type=\"application/ld\\+json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex LdScript();

    private async Task<JsonElement> LdAsync(string path)
    {
        var html = await app.CreateClient().GetStringAsync(new Uri(path, UriKind.Relative));
        var match = Assert.Single(LdScript().Matches(html));
        return JsonDocument.Parse(match.Groups[1].Value).RootElement.Clone();
    }

    private static void AssertValid(JsonElement node)
    {
        var type = node.GetProperty("@type").GetString()!;
        Assert.True(Allowed.ContainsKey(type), $"unexpected type {type}");
        foreach (var property in node.EnumerateObject())
        {
            Assert.True(Allowed[type].Contains(property.Name), $"{type} has no property {property.Name} in schema.org");
            foreach (var child in property.Value.ValueKind == JsonValueKind.Array ? property.Value.EnumerateArray() : Enumerable.Repeat(property.Value, 1))
            {
                if (child.ValueKind == JsonValueKind.Object)
                {
                    AssertValid(child);
                }
            }
        }
    }

    [Fact]
    public async Task The_timeline_page_describes_an_item_list_of_its_events()
    {
        var ld = await LdAsync($"/t/{Slug}");

        AssertValid(ld);
        Assert.Equal("https://schema.org", ld.GetProperty("@context").GetString());
        Assert.Equal("ItemList", ld.GetProperty("@type").GetString());
        Assert.Equal($"http://localhost/t/{Slug}", ld.GetProperty("url").GetString());
        var items = ld.GetProperty("itemListElement").EnumerateArray().ToList();
        Assert.Equal(ld.GetProperty("numberOfItems").GetInt32(), items.Count);
        Assert.True(items.Count >= 10);
        Assert.Equal(Enumerable.Range(1, items.Count), items.Select(i => i.GetProperty("position").GetInt32()));
    }

    [Fact]
    public async Task An_event_page_describes_the_event_with_its_dates_and_the_news_articles_it_is_drawn_from()
    {
        var ld = await LdAsync($"/t/{Slug}/e/un-resolution-2375");

        AssertValid(ld);
        Assert.Equal("Event", ld.GetProperty("@type").GetString());
        Assert.Equal("2017-09", ld.GetProperty("startDate").GetString());
        var articles = ld.GetProperty("subjectOf").EnumerateArray().ToList();
        Assert.NotEmpty(articles);
        Assert.All(articles, a => Assert.Equal("NewsArticle", a.GetProperty("@type").GetString()));
        Assert.All(articles, a => Assert.False(string.IsNullOrEmpty(a.GetProperty("publisher").GetProperty("name").GetString())));
    }

    [Fact]
    public async Task Text_that_would_close_the_script_is_escaped()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var saved = await scope.ServiceProvider.GetRequiredService<EventEditor>().SaveAsync(
                new EventInput { TimelineId = 1, Title = "Break </script><b>out</b>", Slug = "break-out", Start = "2025-05", Summary = "</script><i>x</i>", IsPublished = true },
                new EditorIdentity(null, "editor@example.org"));
            Assert.True(saved.Succeeded);
        }

        var html = await app.CreateClient().GetStringAsync(new Uri($"/t/{Slug}/e/break-out", UriKind.Relative));
        var ld = await LdAsync($"/t/{Slug}/e/break-out");

        Assert.Equal("Break </script><b>out</b>", ld.GetProperty("name").GetString());
        Assert.DoesNotContain("</script><b>", html, StringComparison.Ordinal);
    }
}
