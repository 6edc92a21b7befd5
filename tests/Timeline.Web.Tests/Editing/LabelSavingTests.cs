using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Data;
using Timeline.Web.Features.Editing;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Editing;

/// <summary>
/// Saving tags and actors folds case, spacing and duplicates into the existing label, whatever the client sends, and
/// never merges different names: one Tag or Actor row per label.
/// </summary>
public sealed class LabelSavingTests : IAsyncLifetime, IDisposable
{
    private static readonly EditorIdentity Ada = new("ada-id", "ada@example.org");
    private readonly TimelineAppFactory app = new();
    private AsyncServiceScope scope;

    private EventEditor Events => scope.ServiceProvider.GetRequiredService<EventEditor>();

    public Task InitializeAsync()
    {
        scope = app.Services.CreateAsyncScope();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await scope.DisposeAsync();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_known_tag_or_actor_sent_in_another_case_or_spacing_reuses_its_row_and_keeps_its_spelling()
    {
        var (tagsBefore, actorsBefore) = await CountLabelsAsync();

        var id = await SaveAsync(tags: ["LABOUR", " Labour ", "labour", "SANCTIONS"], actors: ["russia", "RUSSIA", "kim  jong-UN"]);

        var saved = (await Events.LoadAsync(id))!.Input;
        Assert.Equal(["labour", "sanctions"], saved.Tags);
        Assert.Equal(["Kim Jong-un", "Russia"], saved.Actors);
        Assert.Equal((tagsBefore, actorsBefore), await CountLabelsAsync());
    }

    [Fact]
    public async Task A_new_label_sent_in_several_spellings_is_one_row_and_later_spellings_reuse_it()
    {
        var (tagsBefore, _) = await CountLabelsAsync();

        var first = await SaveAsync(tags: ["Forced labour camps", "forced   LABOUR camps", "forced-labour-camps"]);
        var second = await SaveAsync(tags: ["FORCED LABOUR CAMPS"]);

        Assert.Equal(["Forced labour camps"], (await Events.LoadAsync(first))!.Input.Tags);
        Assert.Equal(["Forced labour camps"], (await Events.LoadAsync(second))!.Input.Tags);
        Assert.Equal(tagsBefore + 1, (await CountLabelsAsync()).Tags);
    }

    [Fact]
    public async Task Names_in_scripts_a_slug_cannot_spell_stay_different_labels_each_with_a_unique_slug()
    {
        var (_, actorsBefore) = await CountLabelsAsync();

        var first = await SaveAsync(actors: ["Россия", "Корея"]);
        var second = await SaveAsync(actors: ["РОССИЯ", "북한"]);

        Assert.Equal(["Корея", "Россия"], (await Events.LoadAsync(first))!.Input.Actors);
        Assert.Equal(["Россия", "북한"], (await Events.LoadAsync(second))!.Input.Actors);
        await app.WithDbAsync(async db =>
        {
            var added = await db.Actors.OrderBy(a => a.Id).Skip(actorsBefore).Select(a => new { a.Name, a.Slug }).ToListAsync();
            Assert.Equal(["Россия", "Корея", "북한"], added.Select(a => a.Name));
            Assert.Equal(["item", "item-2", "item-3"], added.Select(a => a.Slug));
        });
    }

    [Fact]
    public void Label_keys_ignore_case_accents_spacing_and_punctuation_but_not_letters_of_other_scripts()
    {
        Assert.Equal(EditValidation.LabelKey("Labour"), EditValidation.LabelKey("  LABOUR"));
        Assert.Equal(EditValidation.LabelKey("Kim Jong-un"), EditValidation.LabelKey("kim jong un"));
        Assert.Equal(EditValidation.LabelKey("Café"), EditValidation.LabelKey("CAFE"));
        Assert.Equal(EditValidation.LabelKey("Россия"), EditValidation.LabelKey("россия"));
        Assert.NotEqual(EditValidation.LabelKey("Россия"), EditValidation.LabelKey("Корея"));
        Assert.NotEqual(EditValidation.LabelKey("Россия"), EditValidation.LabelKey("Item"));
        Assert.Equal(["a b", "C"], EditValidation.CleanLabels([" a   b ", "A B", "", "C", "c"]));
    }

    private async Task<int> SaveAsync(List<string>? tags = null, List<string>? actors = null)
    {
        var result = await Events.SaveAsync(
            new EventInput { TimelineId = 1, Title = "Labels", Slug = $"labels-{Guid.NewGuid():N}"[..16], Start = "2025", Tags = tags ?? [], Actors = actors ?? [] },
            Ada);
        Assert.True(result.Succeeded, result.Problem ?? string.Join("; ", result.Errors.Values));
        return result.Value;
    }

    private async Task<(int Tags, int Actors)> CountLabelsAsync()
    {
        (int, int) counts = default;
        await app.WithDbAsync(async db => counts = (await db.Tags.CountAsync(), await db.Actors.CountAsync()));
        return counts;
    }
}
