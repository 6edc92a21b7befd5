using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Embed;

/// <summary>oEmbed answers for this site's timeline and event pages, and reader pages advertise it and their share card.</summary>
public sealed class OEmbedTests(TimelineAppFactory app) : IClassFixture<TimelineAppFactory>
{
    private const string Slug = "north-korean-workers-in-russia";
    private const string Origin = "http://localhost";

    private async Task<HttpResponseMessage> OEmbedAsync(string url, string extra = "") =>
        await app.CreateClient().GetAsync(new Uri($"/oembed?url={Uri.EscapeDataString(url)}{extra}", UriKind.Relative));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    [Fact]
    public async Task Timeline_url_gets_a_rich_response_whose_html_is_the_embeds_iframe()
    {
        var response = await OEmbedAsync($"{Origin}/t/{Slug}", "&format=json");
        var json = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1.0", json.GetProperty("version").GetString());
        Assert.Equal("rich", json.GetProperty("type").GetString());
        Assert.Equal("Timeline", json.GetProperty("provider_name").GetString());
        Assert.Equal($"{Origin}/", json.GetProperty("provider_url").GetString());
        Assert.Equal("North Korean workers in Russia", json.GetProperty("title").GetString());
        var iframe = new HtmlParser().ParseDocument(json.GetProperty("html").GetString()!).QuerySelector("iframe")!;
        Assert.Equal($"{Origin}/embed/t/{Slug}", iframe.GetAttribute("src"));
        Assert.Equal(json.GetProperty("width").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), iframe.GetAttribute("width"));
        Assert.Equal(json.GetProperty("height").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), iframe.GetAttribute("height"));
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task Event_url_gets_the_event_embed_within_the_consumers_maximum_size()
    {
        var response = await OEmbedAsync($"{Origin}/t/{Slug}/e/un-resolution-2375", "&maxwidth=400&maxheight=300");
        var json = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("UN Security Council adopts Resolution 2375", json.GetProperty("title").GetString());
        Assert.Contains($"src=\"{Origin}/embed/t/{Slug}/e/un-resolution-2375\"", json.GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.Equal(400, json.GetProperty("width").GetInt32());
        Assert.Equal(300, json.GetProperty("height").GetInt32());
    }

    [Theory]
    [InlineData($"https://elsewhere.example/t/{Slug}")]
    [InlineData($"{Origin}:8443/t/{Slug}")]
    [InlineData($"ftp://localhost/t/{Slug}")]
    [InlineData($"{Origin}/t/no-such-timeline")]
    [InlineData($"{Origin}/t/{Slug}/e/no-such-event")]
    [InlineData($"{Origin}/t/{Slug}/x/un-resolution-2375")]
    [InlineData($"{Origin}/sources/1")]
    [InlineData($"{Origin}/")]
    [InlineData($"/t/{Slug}")]
    [InlineData("not a url")]
    public async Task Other_or_unknown_urls_get_404(string url)
    {
        var response = await OEmbedAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Formats_other_than_json_get_501()
    {
        var response = await OEmbedAsync($"{Origin}/t/{Slug}", "&format=xml");

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
    }

    [Fact]
    public async Task A_request_without_url_gets_400()
    {
        var response = await app.CreateClient().GetAsync(new Uri("/oembed?format=json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData($"/t/{Slug}", "North Korean workers in Russia", "website")]
    [InlineData($"/t/{Slug}/e/un-resolution-2375", "UN Security Council adopts Resolution 2375", "article")]
    public async Task Reader_pages_advertise_their_oembed_and_a_share_card_with_absolute_urls(string path, string title, string type)
    {
        var client = app.CreateClient();
        var html = await client.GetStringAsync(new Uri(path, UriKind.Relative));
        var head = new HtmlParser().ParseDocument(html).Head!;
        string? Meta(string property) => head.QuerySelector($"meta[property='{property}'], meta[name='{property}']")?.GetAttribute("content");

        // Written literally: WordPress compares the raw attribute text with "application/json+oembed".
        Assert.Contains("type=\"application/json+oembed\"", html, StringComparison.Ordinal);
        var discovery = head.QuerySelector("link[rel=alternate][type='application/json+oembed']")!.GetAttribute("href")!;
        var oembed = await client.GetAsync(new Uri(discovery));
        Assert.Equal(HttpStatusCode.OK, oembed.StatusCode);
        Assert.Equal(title, (await JsonAsync(oembed)).GetProperty("title").GetString());

        Assert.Equal(title, Meta("og:title"));
        Assert.Equal(type, Meta("og:type"));
        Assert.Equal($"{Origin}{path}", Meta("og:url"));
        Assert.False(string.IsNullOrWhiteSpace(Meta("og:description")));
        Assert.True(Meta("og:description")!.Length <= 201);
        Assert.Equal("summary_large_image", Meta("twitter:card"));
        var image = await client.GetAsync(new Uri(Meta("og:image")!));
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
    }
}
