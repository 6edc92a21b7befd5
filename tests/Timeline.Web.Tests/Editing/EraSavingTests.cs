using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Features.Editing;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Editing;

/// <summary>Eras an editor defines become the bands of the reader's axis; a bad one is refused with a message and nothing is saved.</summary>
public sealed class EraSavingTests : IAsyncLifetime, IDisposable
{
    private static readonly EditorIdentity Ada = new("ada-id", "ada@example.org");
    private readonly TimelineAppFactory app = new();
    private AsyncServiceScope scope;

    private TimelineEditor Timelines => scope.ServiceProvider.GetRequiredService<TimelineEditor>();

    public Task InitializeAsync()
    {
        scope = app.Services.CreateAsyncScope();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await scope.DisposeAsync();

    public void Dispose() => app.Dispose();

    private async Task<(int Id, string Slug)> SeededAsync()
    {
        var list = await Timelines.ListAsync();
        var seeded = list.Single(t => t.Slug == "north-korean-workers-in-russia");
        return (seeded.Id, seeded.Slug);
    }

    [Fact]
    public async Task Saved_eras_are_the_bands_of_the_axis_in_date_order_and_each_zooms_to_its_dates()
    {
        var (id, slug) = await SeededAsync();
        var result = await Timelines.SaveErasAsync(id,
        [
            new EraInput { Name = "After the deadline", Start = "2020", End = "2025-12" },
            new EraInput { Name = " The ban takes hold ", Start = "2017-09", End = "2019" },
        ], Ada);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
        Assert.Equal(["The ban takes hold", "After the deadline"], (await Timelines.ErasAsync(id)).Select(e => e.Name));
        var html = await app.CreateClient().GetStringAsync(new Uri($"/t/{slug}", UriKind.Relative));
        Assert.Contains("aria-label=\"The ban takes hold: zoom to this period\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/t/{slug}?from=2017-09&amp;to=2019-12\" aria-label=\"The ban takes hold: zoom to this period\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">2015–2020<", System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        using (var api = System.Text.Json.JsonDocument.Parse(await app.CreateClient().GetStringAsync(new Uri($"/api/timelines/{slug}", UriKind.Relative))))
        {
            var eras = api.RootElement.GetProperty("eras").EnumerateArray().Select(e => $"{e.GetProperty("name").GetString()} {e.GetProperty("start").GetString()}–{e.GetProperty("end").GetString()}").ToList();
            Assert.Equal(["The ban takes hold 2017-09–2019", "After the deadline 2020–2025-12"], eras);
        }

        // Removing them all brings back the runs of years.
        Assert.True((await Timelines.SaveErasAsync(id, [], Ada)).Succeeded);
        html = await app.CreateClient().GetStringAsync(new Uri($"/t/{slug}", UriKind.Relative));
        Assert.Contains(">2015–2020<", System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_era_is_refused_field_by_field_and_nothing_is_saved()
    {
        var (id, _) = await SeededAsync();
        Assert.True((await Timelines.SaveErasAsync(id, [new EraInput { Name = "Kept", Start = "2017", End = "2018" }], Ada)).Succeeded);

        var result = await Timelines.SaveErasAsync(id,
        [
            new EraInput { Name = "Fine", Start = "2017", End = "2018" },
            new EraInput { Name = "", Start = "2019-13", End = "2020" },
            new EraInput { Name = "Backwards", Start = "2021", End = "2020-06" },
        ], Ada);

        Assert.False(result.Succeeded);
        Assert.Equal("Give the era a name.", result.Errors["Eras[1].Name"]);
        Assert.Contains("month", result.Errors["Eras[1].Start"], StringComparison.OrdinalIgnoreCase);
        Assert.Equal("The era ends before it starts.", result.Errors["Eras[2].End"]);
        Assert.False(result.Errors.ContainsKey("Eras[0].Name"));
        Assert.Equal(["Kept"], (await Timelines.ErasAsync(id)).Select(e => e.Name));
    }
}
